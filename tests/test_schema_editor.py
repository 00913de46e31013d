"""A real editor sees the parity corpus as the parity test's YAML 1.2 model does."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bif_cli.io.schema import FILES, render
from test_schema_parity import CORPUS, schema_errors

EDITOR = Path(__file__).parent / "editor"
NODE = shutil.which("node")
SERVER = EDITOR / "node_modules" / "yaml-language-server"


@pytest.mark.skipif(
    NODE is None or not SERVER.is_dir(),
    reason="needs Node.js and `npm install --prefix tests/editor --no-package-lock` (.ci/run does)",
)
def test_the_yaml_language_server_accepts_and_refuses_as_the_model_does(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    for kind in FILES:
        (schemas / f"{kind}.schema.json").write_text(render(kind), encoding="utf-8")
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([{"id": c.id, "kind": c.kind, "text": c.text} for c in CORPUS]))
    run = subprocess.run(
        [str(NODE), str(EDITOR / "validate.js"), str(cases), str(schemas)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    differ = {
        case.id: shown[case.id]
        for case in CORPUS
        if bool(shown[case.id]) != bool(schema_errors(case.kind, case.text))
    }
    assert differ == {}
    assert any(shown.values()) and not all(shown.values())  # it did validate against the schemas
