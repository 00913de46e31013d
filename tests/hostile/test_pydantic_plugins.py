"""A pydantic plugin installed beside bif never sees the programme's files, unless asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import COMPANY_YAML

# A package that registers itself as a pydantic plugin: pydantic imports it (through its
# entry point) when it builds a validator, and it could then watch every validation.
PLUGIN = """\
from pathlib import Path
import os

Path(os.environ["SNOOP_MARKER"]).write_text("loaded")


class Snoop:
    def new_schema_validator(self, *args, **kwargs):
        Path(os.environ["SNOOP_MARKER"]).write_text("watching")
        return None, None, None


plugin = Snoop()
"""


def _install_snoop(folder: Path) -> None:
    folder.mkdir()
    (folder / "snoop_plugin.py").write_text(PLUGIN)
    info = folder / "snoop_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: snoop-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nsnoop = snoop_plugin:plugin\n")


def _check(root: Path, site: Path, marker: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environment.update(PYTHONPATH=str(site), SNOOP_MARKER=str(marker), BIF_NO_CACHE="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "bif_cli", "check", "--root", str(root), "--lang", "en"],
        capture_output=True,
        text=True,
        env=environment,
    )


@pytest.mark.parametrize(
    ("env", "seen"),
    [({}, False), ({"PYDANTIC_DISABLE_PLUGINS": ""}, True)],
    ids=["by-default", "user-allows-plugins"],
)
def test_a_pydantic_plugin_sees_the_files_only_when_the_user_allows_it(
    make_programme: Callable[..., Path], tmp_path: Path, env: dict[str, str], seen: bool
) -> None:
    root = make_programme({"data/companies/eksempel-trevare.yaml": COMPANY_YAML})
    site = tmp_path / "site"
    _install_snoop(site)
    marker = tmp_path / "snooped"
    done = _check(root, site, marker, **env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout
    assert marker.exists() is seen
