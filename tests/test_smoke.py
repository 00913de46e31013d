"""The repository's own data checks clean and every command is documented."""

from conftest import EXAMPLE_DATA, run_bif


def test_own_data_has_no_errors() -> None:
    result = run_bif("check", "--root", str(EXAMPLE_DATA.parent))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout or "OK:" in result.stdout


def test_every_command_has_help() -> None:
    result = run_bif("--help")
    assert result.exit_code == 0
    assert "check" in result.stdout
