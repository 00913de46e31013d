"""`bif diff` reads git's trees: .gitattributes cannot hide a file, C1 controls stay escaped."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_helpers import commit_all, git, run_bif

from conftest import COMPANY_YAML, MINIMAL_PROGRAMME, build_tree


def test_export_ignore_cannot_hide_a_company(tmp_path: Path) -> None:
    root = build_tree(
        tmp_path / "repo",
        {**MINIMAL_PROGRAMME, "data/companies/skjult.yaml": COMPANY_YAML.replace("921588135",
                                                                              "974760673")},
    )  # fmt: skip
    commit_all(root)
    git(root, "branch", "-M", "main")
    git(root, "checkout", "-q", "-b", "skjul")
    (root / ".gitattributes").write_text(
        "data/companies/skjult.yaml export-ignore\ndata/** export-ignore\n", encoding="utf-8"
    )
    commit_all(root)
    result = run_bif("diff", "main", "HEAD", "--format", "json", cwd=root)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changes"] == []
    assert report["summary"]["companies"] == {"base": 2, "head": 2}


def test_json_output_escapes_c1_controls_in_file_names(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "repo", dict(MINIMAL_PROGRAMME))
    (root / "data/companies/x\x9b2J.yaml").write_text(COMPANY_YAML, encoding="utf-8")
    result = run_bif("check", "--format", "json", cwd=root)
    assert result.exit_code == 1
    assert "\x9b" not in result.stdout
    assert json.loads(result.stdout)["issues"][0]["path"] == "data/companies/x\x9b2J.yaml"
