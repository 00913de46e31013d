"""Render the report context with Jinja2 (Markdown or HTML), and print HTML to PDF with Chromium."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bif_cli.errors import BifError, UsageError
from bif_cli.escape import md_text
from bif_cli.fmt import date_nb, group_thousands
from bif_cli.outputs.charts import burn_up_svg, svg_to_png
from bif_cli.report_texts import report_catalogue
from bif_cli.resources import PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES
from bif_cli.texts import message

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from bif_cli.outputs.report_types import BurnUpPoint, ReportContext

TEMPLATES = {"md": "quarterly.md.j2", "html": "quarterly.html.j2"}
REPORTS = ("quarterly", "annual", "final")
PDF_TIMEOUT = 120
INSTALL_HINT = "install it with `apt-get install chromium` (Debian/Ubuntu)"


class TemplateFailed(BifError):
    """A report template could not be rendered (exit 1): the template is the user's file."""

    exit_code = 1


class PdfError(BifError):
    """Chromium ran but could not print the PDF (exit 1)."""

    exit_code = 1


def md_escape(value: object) -> str:
    """Escape a value for Markdown text and table cells: specials, `|`, and line breaks."""
    return md_text(value)


def css_string(value: object) -> Markup:
    """Quote a value as a CSS string that cannot end the string or the <style> element."""
    text = "".join(
        c if c.isalnum() or c in " -–.,:;()/'&" else f"\\{ord(c):x} " for c in str(value)
    )
    return Markup(f'"{text}"')  # noqa: S704 - every other character is a CSS escape


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only a report with a narrative needs it

    # Raw HTML in a narrative is shown as text, never passed through.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def demote_headings(text: str) -> str:
    """Move the narrative's top-level headings one level down (## becomes ###), in Markdown."""
    lines: list[str | None] = list(text.split("\n"))
    tokens = _markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            level = min(int(token.tag[1]) + 1, 6)
            first, last = token.map
            lines[first] = "#" * level + " " + " ".join(tokens[index + 1].content.split())
            for number in range(first + 1, last):
                lines[number] = None
    return "\n".join(line for line in lines if line is not None).strip("\n")


def narrative_markdown(text: str) -> str:
    """Return the narrative for the Markdown report: headings down, raw HTML and bad links off."""
    from bif_cli.outputs.safe_markdown import neutralise

    return neutralise(demote_headings(text))


def narrative_html(text: str) -> Markup:
    """Convert the narrative Markdown to HTML, its headings one level down."""
    from bif_cli.outputs.safe_markdown import drop_remote_images

    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.level == 0:
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    drop_remote_images(tokens)
    return Markup(md.renderer.render(tokens, md.options, {}))  # noqa: S704 - escaped by markdown-it


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _filters(lang: str) -> dict[str, Any]:
    english = lang == "en"

    def money(amount: int) -> str:
        return f"NOK {amount:,}" if english else f"{group_thousands(amount)} kr"

    def signed(number: int) -> str:
        return f"+{number}" if number > 0 else ("−" + str(-number) if number < 0 else "0")

    def signed_money(amount: int) -> str:
        text = money(abs(amount))
        return "+" + text if amount > 0 else ("−" + text if amount < 0 else text)

    def day(value: date | str | None) -> str:
        if value is None:
            return "–"
        when = _as_date(value)
        return when.isoformat() if english else date_nb(when)

    def pct(value: float | None) -> str:
        if value is None:
            return "–"
        return f"{value:.1f}%" if english else f"{value:.1f}".replace(".", ",") + " %"

    def catalogue_message(value: tuple[str, ...]) -> str:
        return message(value[0], tuple(zip(value[1::2], value[2::2], strict=True)), lang)

    return {
        "message": catalogue_message,
        "money": money,
        "signed": signed,
        "signed_money": signed_money,
        "day": day,
        "pct": pct,
        "md": md_escape,
        "css_string": css_string,
        "narrative_md": narrative_markdown,
        "narrative_html": narrative_html,
    }


TEMPLATE_MAX_BYTES = 1_000_000


class SafeLoader(BaseLoader):
    """Load templates from one folder: regular files only, never through a link out of base."""

    def __init__(self, folder: Path, base: Path, label: str) -> None:
        self.folder = folder
        self.base = base
        self.label = label

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        from bif_cli.io.safefile import Refused, read_regular

        parts = template.split("/")
        if any(part in ("", ".", "..") or "\\" in part for part in parts):
            raise TemplateNotFound(template)
        path = self.folder.joinpath(*parts)
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        shown = f"{self.label}/{template}"
        try:
            raw = read_regular(self.base, path, TEMPLATE_MAX_BYTES + 1)
        except Refused as refused:
            raise TemplateFailed(f"the report template {shown}: {refused.message}") from None
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise TemplateFailed(f"cannot read the report template {shown}: {reason}") from None
        if len(raw) > TEMPLATE_MAX_BYTES:
            raise TemplateFailed(f"the report template {shown} is over 1 MB; shorten it")
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateFailed(f"the report template {shown} is not UTF-8; re-save it") from None
        return source, shown, lambda: False


# A dict has no attributes but its class's: for any other name the sandbox looks for an
# attribute, fails (an exception per cell of a 10 000-row table), then reads the key.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, reading a plain dict's keys as it does, without the failed lookup."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return obj.attribute as SandboxedEnvironment does; a dict's key straight away."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(root: Path | None, lang: str) -> Environment:
    """Make the sandboxed Jinja2 environment: the programme's templates/ first, then defaults.

    Templates are files in the programme's repository, so anyone who can open a pull request
    writes them: the sandbox keeps them from reaching Python (os, subprocess, files).
    """
    loaders: list[BaseLoader] = []
    if root is not None and (root / "templates").is_dir():
        loaders.append(SafeLoader(root / "templates", root, "templates"))
    for folder in (PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES):
        if folder.is_dir():
            loaders.append(SafeLoader(folder, folder, str(folder)))
    from bif_cli.io.templatecache import template_cache  # compiled once, kept in .bif-cache

    env = Sandbox(
        loader=ChoiceLoader(loaders),
        bytecode_cache=template_cache(root),
        undefined=StrictUndefined,
        autoescape=lambda name: name is not None and name.endswith((".html.j2", ".html")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters(lang))
    env.globals["burn_up_chart"] = _burn_up_chart(lang)
    return env


def _burn_up_chart(lang: str) -> Callable[[list[BurnUpPoint], int | None], Markup]:
    texts = report_catalogue(lang)
    labels = {
        "title": texts["burn_up"],
        "committed": texts["legend_committed"],
        "paid": texts["legend_paid"],
        "frame": texts["legend_frame"],
    }
    money = _filters(lang)["money"]

    def chart(points: list[BurnUpPoint], frame: int | None) -> Markup:
        return burn_up_svg(points, frame, labels, money)

    return chart


def render_report(
    context: ReportContext,
    output_format: str,
    lang: str,
    root: Path | None,
    *,
    name: str = "quarterly",
) -> str:
    """Render a report context (quarterly, annual or final) as Markdown or HTML."""
    env = environment(root, lang)
    name = f"{name}.{output_format}.j2"
    try:
        return env.get_template(name).render(**context, t=report_catalogue(lang), lang=lang)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or _template_file(env, name)
        line = getattr(exc, "lineno", None) or _template_line(exc, where)
        raise TemplateFailed(
            f"the report template {where}{f':{line}' if line else ''} failed: {exc}"
        ) from None


DOCX_MAX_BYTES = 20_000_000


def docx_template(root: Path | None, name: str) -> tuple[bytes, str]:
    """Return the Word template's bytes and name: the programme's templates/<name>.docx first.

    The programme's own is a file anyone with a pull request can add: it is read as the
    other templates are (a regular file, no link out of the programme) and at most 20 MB.
    """
    from bif_cli.io.safefile import Refused, read_regular

    candidates = [(root, root / "templates", "templates")] if root is not None else []
    candidates += [
        (folder, folder, str(folder)) for folder in (PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES)
    ]
    for base, folder, label in candidates:
        path = folder / f"{name}.docx"
        if not path.exists() and not path.is_symlink():
            continue
        shown = f"{label}/{name}.docx"
        try:
            raw = read_regular(base, path, DOCX_MAX_BYTES + 1)
        except Refused as refused:
            raise TemplateFailed(f"the Word template {shown}: {refused.message}") from None
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise TemplateFailed(f"cannot read the Word template {shown}: {reason}") from None
        if len(raw) > DOCX_MAX_BYTES:
            raise TemplateFailed(f"the Word template {shown} is over 20 MB")
        return raw, shown
    raise UsageError(f"no Word template {name}.docx in templates/")


def render_docx(context: ReportContext, name: str, lang: str, root: Path | None) -> bytes:
    """Render a report context into its Word template (docxtpl), the burn-up chart as PNG."""
    from docx.opc.exceptions import PackageNotFoundError
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage, Listing  # type: ignore[import-untyped]

    from bif_cli.outputs.word import word_names

    raw, path = docx_template(root, name)
    env = environment(root, lang)
    try:
        document = DocxTemplate(io.BytesIO(raw))
        texts = report_catalogue(lang)
        names = word_names(context, texts)
        names["docx_narrative"] = Listing(names.pop("docx_narrative_text"))

        def picture(svg: object, width: int = 160) -> Any:
            return InlineImage(document, io.BytesIO(svg_to_png(str(svg))), width=Mm(width))

        # The same chart templates as the HTML report, drawn standalone and rasterised.
        charts: Any = env.get_template("_charts.html.j2").make_module({"t": texts, "lang": lang})
        images = {
            "burn_up_image": picture(
                _burn_up_chart(lang)(context["burn_up"], context["burn_up_frame"])
            ),
            "budget_image": picture(
                charts.budget_chart(names["docx_areas"], names["docx_chart_max"], True), 130
            ),
            "funnel_image": (
                picture(charts.funnel_chart(context["recruitment"]["funnel"], True), 130)
                if context["kind"] == "quarterly"
                else ""
            ),
        }
        document.render(
            {**context, **names, **images, "t": texts, "lang": lang},
            jinja_env=env,
            autoescape=True,
        )
        out = io.BytesIO()
        document.save(out)
    except TemplateError as exc:
        raise TemplateFailed(f"the Word template {path} failed: {exc}") from None
    except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise TemplateFailed(
            f"the Word template {path} could not be used ({exc}); save it from Word as .docx"
        ) from None
    return out.getvalue()


def _template_line(exc: BaseException, filename: str) -> int | None:
    """Return the template line a runtime error (like a sandbox refusal) was raised at.

    Jinja rewrites the traceback so that template frames carry the template's file name
    and line; the innermost such frame is where the template went wrong.
    """
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _template_file(env: Environment, name: str) -> str:
    try:
        _source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateError:
        return name
    return filename or name


def find_chromium() -> str | None:
    """Return the Chromium to print with: $BIF_CHROMIUM, or chromium on the PATH."""
    wanted = os.environ.get("BIF_CHROMIUM")
    names = [wanted] if wanted else ["chromium", "chromium-browser"]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(browser: str, profile: Path, *extra: str) -> list[str]:
    """Return a headless Chromium command line that stays off the network."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra,
    ]


def html_to_pdf(html: str, timeout: int = PDF_TIMEOUT) -> bytes:
    """Print an HTML page to PDF with headless Chromium."""
    browser = find_chromium()
    if browser is None:
        raise UsageError(f"--format pdf needs Chromium, which is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="bif-pdf-") as folder:
        work = Path(folder)
        page, pdf = work / "report.html", work / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = chromium_command(
            browser,
            work / "profile",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        )
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print the PDF within {timeout} seconds") from None
        except OSError as exc:
            raise PdfError(f"could not start Chromium ({browser}): {exc}") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise PdfError(
                f"Chromium could not print the PDF (exit {done.returncode})"
                + (f": {said[0]}" if said else "")
            )
        return pdf.read_bytes()
