"""Record a sent report (`bif submit`) and give it back byte for byte from git (--as-submitted)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bif_cli import __version__
from bif_cli.domain.programme import Programme, narrative_path
from bif_cli.domain.quarter import parse_quarter
from bif_cli.domain.submitted import (
    Period,
    SubmittedRecord,
    figures_at,
    final_period,
    quarter_period,
    year_period,
)
from bif_cli.errors import AlreadyExistsError, DataError, Problem, UsageError
from bif_cli.outputs.report_types import ReportContext

_YEAR = re.compile(r"\d{4}")


def parse_period_text(text: str) -> tuple[str, str]:
    """Parse what `bif submit` is given: a quarter, a year or `final`; return (kind, label)."""
    cleaned = text.strip()
    if cleaned.lower() == "final":
        return "final", "final"
    if _YEAR.fullmatch(cleaned):
        return "annual", cleaned
    try:
        return "quarterly", str(parse_quarter(cleaned))
    except ValueError:
        raise UsageError(
            f"'{text}' is not a quarter, a year or 'final'; write it as Q2-2015, 2015 or final"
        ) from None


@dataclass
class Rendered:
    """A report made as it would be sent: its Markdown, why it is a draft, the check's problems."""

    period: Period
    page: str
    draft_reasons: list[str]
    problems: list[Problem]
    programme: Programme
    lang: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.page.encode("utf-8")).hexdigest()


def render_markdown(
    root: Path, kind: str, label: str, *, today: date, lang: str | None, report_date: date | None
) -> Rendered:
    """Make the Markdown report for a period as `bif report` does (DataError on data errors)."""
    from bif_cli.io.check import check
    from bif_cli.io.store import load_programme, narrative_text
    from bif_cli.outputs.annual import annual_narrative_path, build_annual, check_year
    from bif_cli.outputs.final import FINAL_NARRATIVE, build_final
    from bif_cli.outputs.render import render_report
    from bif_cli.outputs.report import build_report, check_quarter

    loaded, _problems = load_programme(root)
    if loaded.program is None and kind == "final":
        raise DataError("", _problems, root=root)
    if kind == "quarterly":
        quarter = parse_quarter(label)
        period = quarter_period(quarter)
    elif kind == "annual":
        period = year_period(int(label))
    else:
        period = final_period(loaded)
    result = check(root, period.end)
    language = lang or (result.programme.program.language if result.programme.program else "nb")
    if result.errors:
        refused = DataError.said("submit.refused_errors", period=label, errors=len(result.errors))
        refused.problems, refused.root = result.errors, root
        raise refused
    programme = result.programme
    when = report_date or period.end

    context: ReportContext
    if kind == "quarterly":
        check_quarter(programme, quarter)
        context = build_report(
            programme,
            quarter,
            result.problems,
            narrative_text(root, narrative_path(quarter)),
            report_date=when,
        )
    elif kind == "annual":
        check_year(programme, int(label))
        text = narrative_text(root, annual_narrative_path(int(label)))
        context = build_annual(programme, int(label), text, report_date=when)
    else:
        context = build_final(
            programme, narrative_text(root, FINAL_NARRATIVE), today=today, report_date=when
        )
    page = render_report(context, "md", language, root, name=str(context["kind"]))
    return Rendered(
        period, page, list(context["draft_reasons"]), result.problems, programme, language
    )


def record_document(rendered: Rendered, sent: date) -> bytes:
    """Write the submission record as YAML: the figures the report showed and its SHA-256."""
    from bif_cli.io.roundtrip import block_map, block_seq, flow_map, new_document

    figures = figures_at(rendered.programme, rendered.period.start, rendered.period.end)

    def rows(items: list[Any]) -> Any:
        return block_seq([flow_map(*item.model_dump().items()) for item in items])

    def day(value: date) -> date:
        # A fresh object each time: ruamel writes an anchor for an object it meets twice.
        return date.fromordinal(value.toordinal())

    data = block_map(
        ("report", rendered.period.kind),
        ("period", rendered.period.label),
        ("start", day(rendered.period.start)),
        ("end", day(rendered.period.end)),
        ("sent", day(sent)),
        ("lang", rendered.lang),
        ("bif_version", __version__),
        ("sha256", rendered.sha256),
        (
            "figures",
            block_map(
                ("areas", rows(figures.areas)),
                ("measures", rows(figures.measures)),
                ("statuses", flow_map(*figures.statuses.items())),
                ("main_goal", flow_map(*figures.main_goal.model_dump().items())),
                ("companies", block_map(*figures.companies.items())),
                ("clusters", block_map(*figures.clusters.items())),
                ("milestones", block_map(*figures.milestones.items())),
                ("targets", block_map(*figures.targets.items())),
            ),
        ),
    )
    header = (
        "# Written by `bif submit`: what the report told the owner. Do not edit; a change to the\n"
        "# figures goes in the data, with `correction: {reason, recorded}` on the entry.\n"
    )
    return new_document(data, header)


def submit(root: Path, period_text: str, *, sent: date, today: date) -> tuple[str, Rendered, bytes]:
    """Record that a report was sent: refuse drafts and data errors; write the record.

    Returns the record's relative path, the report as sent and the record's bytes.
    """
    from bif_cli.io.atomic import create_new
    from bif_cli.io.check import check

    kind, label = parse_period_text(period_text)
    rendered = render_markdown(root, kind, label, today=today, lang=None, report_date=sent)
    language = rendered.lang
    if sent < rendered.period.end or sent > today:
        raise UsageError.said(
            "submit.bad_date",
            sent=sent.isoformat(),
            end=rendered.period.end.isoformat(),
            today=today.isoformat(),
        )
    rel = rendered.period.path
    if (root / rel).exists():
        raise AlreadyExistsError.said("submit.exists", period=label, record=rel)
    if rendered.draft_reasons:
        from bif_cli.report_texts import report_catalogue

        texts = report_catalogue(language)["draft_reason"]
        reasons = "; ".join(texts[r] for r in rendered.draft_reasons)
        raise DataError.said("submit.refused_draft", period=label, reasons=reasons)
    raw = record_document(rendered, sent)
    after = check(root, rendered.period.end, overlay={rel: raw})
    if after.errors:  # a record bif cannot read back is a bug, not the user's data
        raise DataError("", after.errors, root=root)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    create_new(root / rel, raw, rel)
    return rel, rendered, raw


@contextmanager
def files_at_commit(root: Path, commit: str) -> Iterator[Path]:
    """Yield a temporary programme root with data/ and templates/ as they were at commit.

    Read with git plumbing (ls-tree, cat-file), as `bif diff` reads: nothing is checked out.
    """
    from bif_cli.io.git import _materialise, open_repo, read_blobs, tree_files

    repo = open_repo(root)
    files = {**tree_files(repo, commit, "data/"), **tree_files(repo, commit, "templates/")}
    with tempfile.TemporaryDirectory(prefix="bif-submitted-") as tmp:
        _materialise(Path(tmp), files, read_blobs(repo, [blob for _m, blob in files.values()]))
        yield Path(tmp)


def adding_commit(root: Path, rel: str) -> str | None:
    """Return the commit that added the file at rel (relative to root), or None."""
    from bif_cli.io.git import git, open_repo

    repo = open_repo(root)
    out = git(
        repo.top, "log", "--diff-filter=A", "--format=%H", "--", f"{repo.prefix}{rel}"
    ).decode()
    commits = out.split()
    return commits[-1] if commits else None


@dataclass
class AsSubmitted:
    """A report rendered again from the commit that recorded it, and whether its bytes match."""

    page: str
    record: SubmittedRecord
    commit: str
    sha256: str

    @property
    def matches(self) -> bool:
        return self.sha256 == self.record.sha256


def as_submitted(root: Path, period_text: str, *, lang: str) -> AsSubmitted:
    """Render a submitted report again from the commit that added its record."""
    from bif_cli.io.cache import bypassed
    from bif_cli.io.store import load_programme

    kind, label = parse_period_text(period_text)
    programme, _problems = load_programme(root)
    if kind == "quarterly":
        period = quarter_period(parse_quarter(label))
    elif kind == "annual":
        period = year_period(int(label))
    else:
        period = final_period(programme)
    rel = period.path
    record = programme.submitted.get(rel)
    if record is None:
        raise UsageError.said("submit.not_recorded", period=label, record=rel)
    commit = adding_commit(root, rel)
    if commit is None:
        raise UsageError.said("submit.no_commit", record=rel)
    with files_at_commit(root, commit) as then, bypassed():
        rendered = render_markdown(
            then, kind, label, today=record.sent, lang=record.lang, report_date=record.sent
        )
    return AsSubmitted(rendered.page, record, commit, rendered.sha256)
