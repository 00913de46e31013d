"""render.Sandbox reads what Jinja2's own sandbox reads, byte for byte, error for error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import run_bif
from jinja2.sandbox import SandboxedEnvironment

from bif_cli.outputs import render
from hostile.test_templates import ATTACKS

REPORTS = [
    ["quarterly", "Q2-2015"],
    ["quarterly", "Q4-2016"],
    ["quarterly", "Q2-2015", "--region", "@REGION"],
    ["annual", "2015"],
    ["final"],
]

# Names a template may read on a dict: keys, dict methods, dunders, missing keys, and keys
# that shadow a method.
LOOKUPS = """\
{% set d = {"name": "x", "items": "shadowed", "get": 1, "__class__": 2, "": 3} %}
{{ d.name }} {{ d.items is callable }} {{ d.get is callable }} {{ d["items"] }}
{{ d.keys() | list }}
{{ d.values() | list }} {{ d | length }}
{{ programme.name }} {{ quarter.label }} {{ t.report }} {{ t.status_name.agreement }}
{% for c in recruitment.companies %}{{ c.name }};{{ c.since | day }};{{ c.region_name }}
{% endfor %}
"""

BROKEN = [
    "{{ programme.no_such_key }}",
    "{{ t.status_name.no_such_status }}",
    "{{ {}.x }}",
    "{{ {}.__len__ }}",
    "{{ {}.__class__.__mro__ }}",
    "{{ {'a': 1}.items.__self__ }}",
    "{{ recruitment.companies[0].__class__ }}",
    *ATTACKS,
]


def _reports(root: Path, region: str) -> list[tuple[int, str, str, bytes]]:
    runs = []
    for words in REPORTS:
        args = [region if word == "@REGION" else word for word in words]
        for output_format in ("md", "html"):
            for lang in ("nb", "en"):
                out = root / "out" / f"{'-'.join(args)}.{lang}.{output_format}"
                out.unlink(missing_ok=True)
                run = run_bif(
                    "report",
                    *args,
                    *("--format", output_format, "--lang", lang, "-o", str(out)),
                    cwd=root,
                )
                written = out.read_bytes() if out.exists() else b""
                runs.append((run.exit_code, run.stdout, run.stderr, written))
    return runs


def assert_same_as_jinjas_sandbox(
    root: Path, region: str, monkeypatch: pytest.MonkeyPatch, *, renders: bool = True
) -> None:
    (root / "out").mkdir(exist_ok=True)
    ours = _reports(root, region)
    with monkeypatch.context() as patched:
        patched.setattr(render, "Sandbox", SandboxedEnvironment)
        theirs = _reports(root, region)
    assert ours == theirs
    assert renders == any(code == 0 and written for code, _out, _err, written in ours)


def test_the_example_programmes_reports(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same_as_jinjas_sandbox(example_programme, "valdres", monkeypatch)


@pytest.mark.parametrize("body", [LOOKUPS, *BROKEN])
def test_a_programmes_own_templates(
    make_programme: Callable[..., Path], body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_programme()
    (root / "templates").mkdir()
    for kind in ("quarterly", "annual", "final"):
        for output_format in ("md", "html"):
            path = root / "templates" / f"{kind}.{output_format}.j2"
            path.write_text(f"Rapport\n\n{body}\n", encoding="utf-8")
    assert_same_as_jinjas_sandbox(root, "nord", monkeypatch, renders=body == LOOKUPS)
