"""Random damage to the example files never gives a traceback: bif check exits 0 or 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_DATA, run_bif

FILES = sorted(str(p.relative_to(EXAMPLE_DATA)) for p in EXAMPLE_DATA.rglob("*.yaml"))


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]


@st.composite
def damaged_file(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(FILES))
    text = (EXAMPLE_DATA / rel).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    keyed = _key_lines(lines)
    index = draw(st.sampled_from(keyed))
    line = lines[index]
    key, _sep, _value = line.partition(":")
    mutation = draw(st.sampled_from(["delete", "duplicate", "retype", "garbage", "truncate"]))
    if mutation == "delete":
        del lines[index]
    elif mutation == "duplicate":
        lines.insert(index, line)
    elif mutation == "retype":
        lines[index] = key + draw(st.text(min_size=1, max_size=3)) + ":" + line.partition(":")[2]
    elif mutation == "garbage":
        lines[index] = key + ": " + draw(st.text(max_size=30)) + "\n"
    else:
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        return rel, text[:cut]
    return rel, "".join(lines)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damage=damaged_file())
def test_damaged_example_never_crashes(tmp_path: Path, damage: tuple[str, str]) -> None:
    rel, text = damage
    root = tmp_path / "prog"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(EXAMPLE_DATA, root / "data")
    (root / "data" / rel).write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run_bif("check", "--format", "json", "--root", str(root))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
