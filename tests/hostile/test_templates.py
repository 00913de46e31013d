"""A programme's templates are sandboxed, and `bif diff` shows when they change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import commit_all, git, run_bif, untouched

from conftest import REPO_ROOT

ATTACKS = [
    '{{ cycler.__init__.__globals__.os.popen("id > pwned.txt").read() }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].system('id > pwned.txt') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("output_format", ["md", "html"])
def test_a_template_cannot_reach_python(
    make_programme: Callable[..., Path], attack: str, output_format: str
) -> None:
    root = make_programme()
    name = f"quarterly.{output_format}.j2"
    (root / "templates").mkdir()
    (root / "templates" / name).write_text(f"Rapport\n\n{attack}\n", encoding="utf-8")
    commit_all(root)
    result = run_bif("report", "quarterly", "Q2-2015", "--format", output_format, cwd=root)
    assert result.exit_code == 1, result.output
    assert f"templates/{name}:3" in result.stderr
    assert "unsafe" in result.stderr
    assert not (root / "pwned.txt").exists()
    assert untouched(root)


def test_the_default_templates_render_in_the_sandbox(example_programme: Path) -> None:
    for output_format in ("md", "html"):
        result = run_bif(
            "report", "quarterly", "Q2-2015", "--format", output_format, cwd=example_programme
        )
        assert result.exit_code == 0, result.output


def test_bif_diff_lists_changed_templates_in_their_own_section(
    make_programme: Callable[..., Path],
) -> None:
    root = make_programme()
    (root / "templates").mkdir()
    default = (REPO_ROOT / "templates/quarterly.md.j2").read_text(encoding="utf-8")
    (root / "templates/quarterly.md.j2").write_text(default, encoding="utf-8")
    commit_all(root)
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-q", "-b", "change")
    (root / "templates/quarterly.md.j2").write_text(default + "{{ 1 }}\n", encoding="utf-8")
    (root / "templates/`x`<img src=y>.md.j2").write_text("x", encoding="utf-8")
    text = run_bif("diff", cwd=root)
    assert text.exit_code == 0
    assert "Report templates changed" in text.stdout
    assert "~ templates/quarterly.md.j2 (modified)" in text.stdout
    md = run_bif("diff", "--format", "md", cwd=root).stdout
    assert "### Report templates changed" in md
    assert "<img" not in md.replace("`` templates/`x`<img src=y>.md.j2 ``", "")
    report = json.loads(run_bif("diff", "--format", "json", cwd=root).stdout)
    assert {"path": "templates/quarterly.md.j2", "change": "modified"} in report["templates"]
    commit_all(root)
    committed = json.loads(run_bif("diff", "main", "HEAD", "--format", "json", cwd=root).stdout)
    assert committed["templates"] == report["templates"]
