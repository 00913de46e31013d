"""`bif diff`'s summary and areas from the base's kept sums: always what a direct count says.

The base's company sums are kept in .bif-cache/ (io/diffsums.py) and the head's worked out from
them and the changed files. A scripted series of edits compares each diff with the counts taken
over every company of both sides, and with a run that keeps nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bif_cli.domain.compare import money_by_area
from bif_cli.domain.timeline import area_money, recruited_count
from bif_cli.io import diffsums
from bif_cli.io.diffsides import load_sides
from conftest import run_bif
from test_diff import git

COMPANY = "data/companies/begna-trevare.yaml"


def _committed(example_programme: Path) -> Path:
    git(example_programme, "init", "-q")
    git(example_programme, "add", "-A")
    git(example_programme, "commit", "-q", "-m", "start")
    return example_programme


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _direct(root: Path, today: date) -> dict[str, object]:
    """The summary's counts and the areas, each counted over every company of both sides."""
    base, head = load_sides(root, "HEAD", None, today)
    money = [area_money(side.programme, date.max) for side in (base, head)]
    return {
        "recruited": {
            "base": recruited_count(base.programme, today),
            "head": recruited_count(head.programme, today),
        },
        "committed": {
            "base": sum(a.committed for a in money[0]),
            "head": sum(a.committed for a in money[1]),
        },
        "paid": {"base": sum(a.paid for a in money[0]), "head": sum(a.paid for a in money[1])},
        "areas": money_by_area(base.programme, head.programme),
    }


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a payment changed", lambda r: _edit(r, COMPANY, "amount: 110000", "amount: 90000")),
    ("a status ended", lambda r: _edit(r, COMPANY, "status: completed", "status: exited")),
    (
        "a measure moved to another area",
        lambda r: _edit(r, COMPANY, "kind: strategy\n    area: B", "kind: strategy\n    area: A"),
    ),
    (
        "a measure cancelled",
        lambda r: _edit(
            r,
            COMPANY,
            "    end: 2015-12-31\n",
            "    end: 2015-12-31\n    cancelled_on: 2015-09-01\n",
        ),
    ),
    ("a company deleted", lambda r: (r / "data/companies/lesja-laft.yaml").unlink()),
    (
        "a company added",
        lambda r: (r / "data/companies/ny-trevare.yaml").write_bytes((r / COMPANY).read_bytes()),
    ),
    (
        "a company broken",
        lambda r: _edit(r, "data/companies/lom-kornbakeri.yaml", "name:", "name: ["),
    ),
]


@pytest.mark.parametrize("today", ["2015-06-30", "2016-12-31"])
def test_each_diff_of_a_series_of_edits_counts_as_a_direct_count(
    example_programme: Path, today: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _committed(example_programme)
    monkeypatch.setenv("BIF_TODAY", today)
    summed: list[int] = []
    real = diffsums.company_sums

    def counted(p, company_ids, when):  # type: ignore[no-untyped-def]
        company_ids = list(company_ids)
        summed.append(len(company_ids))
        return real(p, company_ids, when)

    monkeypatch.setattr(diffsums, "company_sums", counted)
    companies = len(list((root / "data/companies").glob("*.yaml")))
    for step, (what, edit) in enumerate(EDITS):
        edit(root)
        summed.clear()
        shown = json.loads(run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout)
        # Only the first diff counts every company of the base; the others read its sums.
        assert (companies in summed) == (step == 0), (what, summed)
        direct = _direct(root, date.fromisoformat(today))
        for key in ("recruited", "committed", "paid"):
            assert shown["summary"][key] == direct[key], (what, key)
        assert shown["areas"] == direct["areas"], what
        monkeypatch.setenv("BIF_NO_CACHE", "1")
        afresh = json.loads(run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout)
        monkeypatch.delenv("BIF_NO_CACHE")
        assert afresh == shown, what
    assert (root / ".bif-cache" / diffsums.SUMS_FILE).is_file()


def test_kept_sums_of_another_shape_are_not_read(example_programme: Path) -> None:
    from bif_cli.io.cache import CACHE_DIR, _write

    root = _committed(example_programme)
    _edit(root, COMPANY, "amount: 110000", "amount: 90000")
    first = json.loads(run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout)
    path = root / CACHE_DIR / diffsums.SUMS_FILE
    kept = diffsums._kept(path)
    assert len(kept) == 1
    key = kept[0][0]
    for bad in [(key, (1.5, {})), (key, (3, {"A": (1, "2")})), (key, (3, [])), (key,), "x"]:
        _write(path, [bad])
        assert json.loads(run_bif("diff", "HEAD", "--format", "json", cwd=root).stdout) == first
        assert diffsums._kept(path)[0][0] == key  # summed again and kept in its place
