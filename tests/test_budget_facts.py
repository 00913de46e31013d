"""`bif budget check` reads the companies' kept facts: it says what a run without cache says."""

from __future__ import annotations

import marshal
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import count_model_loads, run_bif

FORMS: list[list[str]] = [[], ["--format", "csv"], ["--format", "json"], ["--lang", "en"]]
DATES: list[list[str]] = [
    [],
    ["--as-of", "2014-06-30"],
    ["--as-of", "2015-08-25"],
    ["--as-of", "2015-10-30"],
    ["--as-of", "2016-07-15"],
]


def _budget(root: Path, words: list[str], *, cached: bool) -> tuple[int, str, str]:
    env = {"BIF_TODAY": "2016-12-31", **({} if cached else {"BIF_NO_CACHE": "1"})}
    run = run_bif("budget", "check", *words, "--root", str(root), env=env)
    return run.exit_code, run.stdout, run.stderr


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _money_edge_cases(root: Path) -> None:
    """Give the example programme what the budget's facts must carry exactly."""
    companies = root / "data" / "companies"
    begna = companies / "begna-trevare.yaml"
    # Paid over the grant from 2016-07-15 on (BIF209 at some dates, not at others).
    _replace(
        begna,
        "      - {date: 2016-06-30, amount: 110000}\n",
        "      - {date: 2016-06-30, amount: 110000}\n      - {date: 2016-07-15, amount: 90000}\n",
    )
    fron = companies / "fron-sveiseteknikk.yaml"
    # A cancelled measure paid after its cancellation, its payments out of order.
    _replace(
        fron,
        "      - {date: 2014-12-31, amount: 100000}\n",
        "      - {date: 2015-10-30, amount: 40000}\n      - {date: 2014-12-31, amount: 100000}\n",
    )
    # Over the area's allocation from 2015-05-01 on (BIF211 at the dates after).
    _replace(begna, "    granted: 100000\n", "    granted: 5900000\n")


def _cases() -> list[list[str]]:
    return [[*form, *when] for form in FORMS for when in DATES]


def _assert_cached_equals_uncached(root: Path, step: str) -> None:
    cases = _cases()
    uncached = [_budget(root, words, cached=False) for words in cases]
    filling = [_budget(root, words, cached=True) for words in cases]
    warm = [_budget(root, words, cached=True) for words in cases]
    for words, fresh, first, second in zip(cases, uncached, filling, warm, strict=True):
        assert first == fresh, f"after {step}: budget check {' '.join(words)} differs cached"
        assert second == fresh, f"after {step}: budget check {' '.join(words)} differs warm"


def test_budget_from_facts_says_what_a_run_without_cache_says(example_programme: Path) -> None:
    root = example_programme
    _assert_cached_equals_uncached(root, "nothing")
    _money_edge_cases(root)
    shutil.rmtree(root / ".bif-cache")  # the first run after it, too
    _assert_cached_equals_uncached(root, "the edge cases")
    said = "".join(_budget(root, words, cached=True)[1] for words in _cases())
    assert "BIF209" in said and "BIF211" in said, "the series must make the budget's rules speak"
    fron = root / "data" / "companies" / "fron-sveiseteknikk.yaml"
    _replace(fron, "cancelled_on: 2015-08-25", "cancelled_on: 2016-01-10")
    _assert_cached_equals_uncached(root, "a cancellation moved")


@pytest.mark.parametrize("form", [[], ["--format", "csv"]], ids=["table", "csv"])
def test_a_warm_budget_table_loads_no_company_whole(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch, form: list[str]
) -> None:
    from bif_cli.domain import models

    root = example_programme
    _money_edge_cases(root)
    first = _budget(root, form, cached=True)
    loaded = count_model_loads(monkeypatch)
    again = _budget(root, form, cached=True)
    assert again == first == _budget(root, form, cached=False)
    assert models.Company not in loaded
    if not form:
        assert "begna-trevare.yaml:" in again[1] and "BIF209" in again[1]  # located exactly


def test_the_budget_reads_the_same_money_from_facts_as_from_models(
    example_programme: Path,
) -> None:
    """One definition: area money from kept facts equals area money from the whole models."""
    from datetime import date

    from bif_cli.domain import timeline
    from bif_cli.domain.rules import payments_within_grant
    from bif_cli.io.check import check

    root = example_programme
    _money_edge_cases(root)
    today = date(2016, 12, 31)
    check(root, today)
    lazy = check(root, today).programme
    assert lazy.facts, "a warm reading command keeps every company's facts"
    dates = [date(2014, 6, 30), date(2015, 8, 25), date(2015, 10, 30), date(2016, 7, 15)]
    from_facts = timeline.area_money_at(lazy, dates)
    overruns = [list(payments_within_grant(lazy, today, as_of=when)) for when in dates]
    lazy.companies  # noqa: B018  (made whole)
    lazy.facts = {}
    assert timeline.area_money_at(lazy, dates) == from_facts
    assert [list(payments_within_grant(lazy, today, as_of=when)) for when in dates] == overruns
    assert any(overruns)


def test_facts_of_every_producer_are_company_facts(example_programme: Path) -> None:
    """The first run's pipeline, ModelCache.put and a reading command that works out the
    details again keep the same facts: company_facts'."""
    from datetime import date

    from bif_cli.domain.rules_index import company_facts, valid_facts
    from bif_cli.io import cache, modelcache
    from bif_cli.io.check import check

    root = example_programme
    _money_edge_cases(root)
    today = date(2016, 12, 31)

    def assert_kept_are_company_facts() -> None:
        index = cache._read(root / cache.CACHE_DIR / modelcache.MODELS_FILE)
        details = cache._read(root / cache.CACHE_DIR / modelcache.DETAILS_FILE)
        assert isinstance(index, dict) and isinstance(details, dict)
        with cache.bypassed():
            whole = check(root, today).programme
        for company_id, company in whole.companies.items():
            rel = whole.company_path(company_id)
            digest, _problems, facts, _has_model = index[rel]
            assert valid_facts(facts)
            assert details[rel][0] == digest
            assert (*facts[:2], *details[rel][1:]) == company_facts(company)

    check(root, today)  # a first run: io/coldload.py
    assert_kept_are_company_facts()
    edited = root / "data" / "companies" / "begna-trevare.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# endret\n", encoding="utf-8")
    assert run_bif("check", "--root", str(root)).exit_code == 1  # ModelCache.put
    _budget(root, [], cached=True)  # the details worked out again and kept
    assert_kept_are_company_facts()


ForgedFacts = Callable[[tuple[object, ...]], object]


def _budget_part(value: object) -> Callable[[tuple[object, ...]], object]:
    return lambda f: (f[0], f[1], marshal.dumps(value), f[3])


def _record_part(change: Callable[[tuple[object, ...]], object]) -> ForgedFacts:
    def forge(f: tuple[object, ...]) -> object:
        assert isinstance(f[3], bytes)
        return (f[0], f[1], f[2], marshal.dumps(change(marshal.loads(f[3]))))

    return forge


FORGED: dict[str, ForgedFacts] = {
    "a negative grant": _budget_part(((("B", ((), (), ((735000, -1, 735100, ()),))),), ())),
    "a date before the calendar": _budget_part(((("B", (((0, 100),), (), ())),), ())),
    "money not whole": _budget_part(((("B", (((735000, 1.5),), (), ())),), ())),
    "a list for a tuple": _budget_part(((("B", ([], (), ())),), ())),
    "a negative index": _budget_part(((), ((-1, "x", 1, ()),))),
    "an overrun too long": _budget_part(((), ((0, "x", 1, ((735000, 2),), "more"),))),
    "not marshal at all": lambda f: (f[0], f[1], b"\xff\x00garbage", f[3]),
    "a status no company has": _record_part(lambda r: (*r[:6], ((735000, "established"),), r[7])),
    "a status that is a list": _record_part(lambda r: (*r[:6], ((735000, ["x"]),), r[7])),
    "a record too short": _record_part(lambda r: r[:7]),
    "a measure without dates": _record_part(lambda r: (*r[:7], (("rnd",),))),
    "money where bytes are kept": lambda f: (f[0], f[1], (), f[3]),
    "one field more": lambda f: (*f, b""),
    "one field less": lambda f: f[:3],
}


RECORD_FORGED = [forge for name, forge in FORGED.items() if "status" in name or "record" in name]
RECORD_FORGED.append(FORGED["a measure without dates"])


@pytest.mark.parametrize("forge", list(FORGED.values()), ids=list(FORGED))
def test_signed_facts_of_the_wrong_shape_are_never_read_by_the_reading_commands(
    example_programme: Path, forge: ForgedFacts
) -> None:
    from bif_cli.io import cache, modelcache

    root = example_programme
    if forge not in RECORD_FORGED:  # the recruitment refuses a programme with errors
        _money_edge_cases(root)
    commands = [["budget", "check"], ["recruitment", "--format", "json"]]
    env = {"BIF_TODAY": "2016-12-31"}

    def said() -> list[tuple[int, str, str]]:
        runs = [run_bif(*words, "--root", str(root), env=env) for words in commands]
        return [(run.exit_code, run.stdout, run.stderr) for run in runs]

    fresh = said()
    if forge in RECORD_FORGED:
        assert fresh[1][0] == 0, "the recruitment must read the records"
    # The facts as a reading command reads them: the index's, with details.pickle's parts.
    path = root / cache.CACHE_DIR / modelcache.MODELS_FILE
    details_path = root / cache.CACHE_DIR / modelcache.DETAILS_FILE
    stored, details = cache._read(path), cache._read(details_path)
    assert isinstance(stored, dict) and isinstance(details, dict)
    rel = "data/companies/begna-trevare.yaml"
    digest, problems, facts, has_model = stored[rel]
    forged = forge((*facts[:2], *details[rel][1:]))
    if isinstance(forged, tuple) and len(forged) == 4 and isinstance(forged[2], bytes):
        details[rel] = (digest, forged[2], forged[3])
        cache._write(details_path, details)
    else:
        stored[rel] = (digest, problems, forged, has_model)
        cache._write(path, stored)
    assert said() == fresh
