"""The repository's own data checks clean and every command is documented."""

import json
from pathlib import Path

from conftest import EXAMPLE_DATA, run_bif


def test_own_data_has_no_errors() -> None:
    result = run_bif("check", "--format", "json", "--root", str(EXAMPLE_DATA.parent))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == 0


def test_every_command_has_help() -> None:
    result = run_bif("--help")
    assert result.exit_code == 0
    assert "check" in result.stdout


def test_readme_company_example_checks_clean(example_programme: Path) -> None:
    readme = (EXAMPLE_DATA.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\nname: Eksempel Trevare AS")
    block = readme[start + len("```yaml\n") : readme.index("```", start + 7)]
    (example_programme / "data/companies/eksempel-trevare.yaml").write_text(block, "utf-8")
    result = run_bif("check", "--format", "json", "--root", str(example_programme))
    assert result.exit_code == 0, result.stdout
    assert '"errors": 0' in result.stdout
