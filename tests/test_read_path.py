"""The bulk read's shortcut (an open that follows no link) refuses what the careful read does."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bif_cli.io.safefile import Refused, read_regular


def _outcome(read: Callable[[], bytes]) -> tuple[str, object]:
    try:
        return "bytes", read()
    except Refused as refused:
        return "refused", (refused.code, refused.text, refused.args_)
    except OSError as exc:
        return "oserror", exc.errno


def _entries(root: Path, outside: Path) -> list[str]:
    """Lay out one of each kind of entry bif may meet in a folder; return their names."""
    folder = root / "data" / "companies"
    folder.mkdir(parents=True)
    (folder / "plain.yaml").write_text("name: X\n", encoding="utf-8")
    (outside / "secret.yaml").write_text("secret: 1\n", encoding="utf-8")
    (folder / "inside-link.yaml").symlink_to("plain.yaml")
    (folder / "outside-link.yaml").symlink_to(outside / "secret.yaml")
    (folder / "dangling.yaml").symlink_to("nowhere.yaml")
    (folder / "chain.yaml").symlink_to("outside-link.yaml")
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "folder-link.yaml").symlink_to("folder.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "fifo-link.yaml").symlink_to("fifo.yaml")
    (folder / "empty.yaml").write_bytes(b"")
    (folder / "big.yaml").write_bytes(b"a: " + b"x" * 3_000_000 + b"\n")
    return sorted(p.name for p in folder.iterdir()) + ["missing.yaml"]


@pytest.mark.parametrize("limit", [1_000_001, 10])
def test_the_shortcut_and_the_careful_read_agree_on_every_kind_of_entry(
    tmp_path: Path, limit: int
) -> None:
    root, outside = tmp_path / "prog", tmp_path / "outside"
    outside.mkdir()
    folders: dict[str, Path] = {}
    for name in _entries(root, outside):
        path = root / "data" / "companies" / name
        careful = _outcome(lambda path=path: read_regular(root, path, limit))  # type: ignore[misc]
        quick = _outcome(lambda path=path: read_regular(root, path, limit, folders))  # type: ignore[misc]
        assert quick == careful, name


def test_a_linked_folder_that_leads_outside_is_refused_the_quick_way_too(tmp_path: Path) -> None:
    root, outside = tmp_path / "prog", tmp_path / "outside"
    (root / "data").mkdir(parents=True)
    outside.mkdir()
    (outside / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "data" / "companies").symlink_to(outside)
    path = root / "data" / "companies" / "a.yaml"
    careful = _outcome(lambda: read_regular(root, path, 100))
    assert careful[0] == "refused"
    assert _outcome(lambda: read_regular(root, path, 100, {})) == careful


@pytest.mark.parametrize("size", [0, 1, 600, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_001])
@pytest.mark.parametrize("limit", [10, 1 << 20, 1_000_001, 5_000_000])
def test_a_read_gives_the_file_as_it_is_up_to_the_limit(
    tmp_path: Path, size: int, limit: int
) -> None:
    """The first read asks for the file's size and one byte more: nothing is lost or added."""
    root = tmp_path / "prog"
    root.mkdir()
    path = root / "file.yaml"
    content = bytes(i % 251 for i in range(size))
    path.write_bytes(content)
    assert read_regular(root, path, limit) == content[:limit]
    assert read_regular(root, path, limit, {}) == content[:limit]
