"""The quarterly report reads the companies' kept records: warm, it says what --no-cache says,
byte for byte, and loads no company model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bif_cli.domain import models
from bif_cli.io.cache import CACHE_DIR
from bif_cli.io.resultcache import KEPT_GLOB
from conftest import count_model_loads, run_bif

REPO = Path(__file__).resolve().parents[1]
FORMS = [("md", "nb"), ("md", "en"), ("html", "nb"), ("html", "en")]


def _report(
    root: Path, quarter: str, fmt: str, lang: str, *more: str, cached: bool
) -> tuple[int, str]:
    """Run the report; cached: with every cache warm but the kept reports, so the report is
    built (from the records) rather than rendered from a context kept by an earlier run."""
    env = {"BIF_TODAY": "2016-12-31", **({} if cached else {"BIF_NO_CACHE": "1"})}
    for kept in (root / CACHE_DIR).glob(KEPT_GLOB):
        kept.unlink()
    words = ["report", "quarterly", quarter, "--format", fmt, "--lang", lang, *more]
    run = run_bif(*words, "--root", str(root), env=env)
    return run.exit_code, run.stdout


def _assert_warm_equals_uncached(
    root: Path,
    quarters: list[str],
    monkeypatch: pytest.MonkeyPatch,
    *more: str,
    whole: int = 0,
) -> None:
    """Every form of the report at each quarter: warm equals --no-cache, and a warm report
    loads `whole` company models (none, unless a test refuses records)."""
    cases = [(q, fmt, lang, *more) for q in quarters for fmt, lang in FORMS]
    uncached = [_report(root, *case, cached=False) for case in cases]
    assert all(code == 0 for code, _out in uncached), uncached[0]
    loaded = count_model_loads(monkeypatch)
    for case, fresh in zip(cases, uncached, strict=True):
        # The first run at a date checks the programme as of then (and keeps the records).
        assert _report(root, *case, cached=True) == fresh, f"report {' '.join(case)} differs"
        loaded.clear()
        served = _report(root, *case, cached=True)
        assert served == fresh, f"report {' '.join(case)} differs warm"
        assert loaded.count(models.Company) == whole, f"report {' '.join(case)}: {loaded}"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_contacts(root: Path) -> None:
    """Give the example programme a contact log (the summary counts contacts)."""
    log = "log:\n  - {date: 2015-04-15, text: Telefon, by: pl}\n"
    log += "  - {date: 2015-09-01, text: Møte}\n"
    for stem in ("begna-trevare", "bagn-mikrobryggeri"):
        path = root / "data" / "companies" / f"{stem}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + log, encoding="utf-8")


def test_the_example_programme_from_records(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_programme
    _with_contacts(root)
    _assert_warm_equals_uncached(root, ["Q2-2015", "Q4-2015", "Q3-2016"], monkeypatch)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated programme of several regions and process leaders."""
    root = tmp_path_factory.mktemp("report-records") / "prog"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "80", str(root)]
    subprocess.run([*command, "--seed", "29"], check=True, capture_output=True)
    return root


def test_a_generated_programme_from_records(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_warm_equals_uncached(generated, ["Q2-2015", "Q1-2016"], monkeypatch)


def test_a_region_report_from_records(
    example_programme: Path, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--region narrows the programme by the companies' records: none is made whole for it."""
    _assert_warm_equals_uncached(example_programme, ["Q4-2015"], monkeypatch, "--region", "valdres")
    import yaml

    program = yaml.safe_load((generated / "data" / "program.yaml").read_text(encoding="utf-8"))
    region = program["regions"][-1]["id"]
    _assert_warm_equals_uncached(generated, ["Q1-2016"], monkeypatch, "--region", region)


def test_a_company_without_its_record_is_read_whole(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `bif check` of an edit, the edited company has no kept record: a warm report reads
    that one company whole (and keeps its record) and says what --no-cache says."""
    root = example_programme
    for fmt, lang in (("md", "nb"), ("html", "en")):
        _report(root, "Q2-2015", fmt, lang, cached=True)
        path = root / "data" / "companies" / "begna-trevare.yaml"
        _replace(path, "Begna Trevare", "Begna Trevare & Sønn")
        assert run_bif("check", "--root", str(root)).exit_code == 0
        fresh = _report(root, "Q2-2015", fmt, lang, cached=False)
        # The first report checks the programme as of the quarter's end, its models whole.
        assert _report(root, "Q2-2015", fmt, lang, cached=True) == fresh
        loaded = count_model_loads(monkeypatch)
        assert _report(root, "Q2-2015", fmt, lang, cached=True) == fresh
        assert loaded.count(models.Company) == 1, loaded
        loaded.clear()
        assert _report(root, "Q2-2015", fmt, lang, cached=True) == fresh
        assert models.Company not in loaded
        assert "Begna Trevare &amp; Sønn" in fresh[1] or "Begna Trevare & Sønn" in fresh[1]


def test_an_unsound_record_is_never_read(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record that does not pass valid_record is left alone: the company is read whole."""
    from bif_cli.domain import rules_index

    root = example_programme
    _report(root, "Q2-2015", "html", "nb", cached=True)
    real = rules_index.valid_record

    def refused(record: object) -> bool:  # every record of one company is "unsound"
        return real(record) and record[0] != "Begna Trevare AS"  # type: ignore[index]

    monkeypatch.setattr(rules_index, "valid_record", refused)
    _assert_warm_equals_uncached(root, ["Q2-2015"], monkeypatch, whole=1)


def test_records_and_models_give_one_report(example_programme: Path) -> None:
    """One definition: the report built from kept records equals the one from whole models."""
    from datetime import date

    from bif_cli.domain.quarter import parse_quarter
    from bif_cli.io.check import check
    from bif_cli.outputs.report import build_report

    root = example_programme
    _with_contacts(root)
    quarter = parse_quarter("Q4-2015")
    check(root, quarter.last_day)
    lazy = check(root, quarter.last_day)
    assert lazy.programme.facts, "a warm reading command keeps every company's facts"
    from_records = build_report(lazy.programme, quarter, lazy.problems, None)
    whole = lazy.programme
    whole.facts = {}  # no kept facts: every company is read whole
    from_models = build_report(whole, quarter, lazy.problems, None)
    assert from_records == from_models
    assert {"key": "contacts", "value": 4, "change": 0} in from_records["summary"]["counts"]
    assert date(2015, 12, 31) == from_records["quarter"]["end"]


def test_a_cache_entry_lost_in_a_region_report_loads_its_companies_again(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record that must be read whole whose model is gone from the cache by then: the
    region's programme loads its own companies again, and says what --no-cache says."""
    from bif_cli.domain import rules_index
    from bif_cli.io import modelcache

    root = example_programme
    case = ("Q4-2015", "md", "en", "--region", "valdres")
    fresh = _report(root, *case, cached=False)
    assert fresh[0] == 0
    _report(root, *case, cached=True)
    real_valid, real_full = rules_index.valid_record, modelcache.ModelCache.full
    lost: list[str] = []

    def refused(record: object) -> bool:  # Begna Trevare's record must be read whole ...
        return real_valid(record) and record[0] != "Begna Trevare AS"  # type: ignore[index]

    def gone(cache: modelcache.ModelCache, rel: str, kind: type) -> object:
        if rel.endswith("/begna-trevare.yaml") and not lost:  # ... and its model is gone
            lost.append(rel)
            return None
        return real_full(cache, rel, kind)

    monkeypatch.setattr(rules_index, "valid_record", refused)
    monkeypatch.setattr(modelcache.ModelCache, "full", gone)
    assert _report(root, *case, cached=True) == fresh
    assert lost == ["data/companies/begna-trevare.yaml"]


def test_a_narrowed_programme_that_loses_a_model_loads_its_own_companies_again(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One region's programme (dataclasses.replace of a LazyProgramme) keeps the way to load
    the programme again, and takes back only its own companies, every one whole."""
    from bif_cli.domain.scope import in_region
    from bif_cli.io import modelcache
    from bif_cli.io.skeleton import LazyProgramme
    from bif_cli.io.store import load_programme

    root = example_programme
    assert run_bif("check", "--root", str(root), env={"BIF_TODAY": "2016-12-31"}).exit_code == 0
    programme, _problems = load_programme(root, lazy=True)
    assert isinstance(programme, LazyProgramme) and programme.skeletons
    narrowed = in_region(programme, "valdres")
    assert isinstance(narrowed, LazyProgramme) and narrowed.skeletons
    held = set(narrowed.loaded_companies())
    assert held and held != set(programme.loaded_companies())
    monkeypatch.setattr(modelcache.ModelCache, "full", lambda *_args: None)  # every model lost
    company = narrowed.whole_company("begna-trevare")
    assert isinstance(company, models.Company) and company.name == "Begna Trevare AS"
    assert set(narrowed.loaded_companies()) == held and not narrowed.skeletons
    assert all(c.name for c in narrowed.loaded_companies().values())  # none a skeleton
    assert set(narrowed.facts) <= held


def test_the_records_kept_for_a_report_follow_the_programme_they_were_made_from(
    example_programme: Path,
) -> None:
    """company_records is worked out once per programme and then kept (Programme.made): a
    programme narrowed to one region (which shares that table) gets its own companies, and
    new tables of companies or facts get new records."""
    from bif_cli.domain.rules_index import companies_budget_facts, company_records
    from bif_cli.domain.scope import in_region
    from bif_cli.io.store import load_programme

    root = example_programme
    assert run_bif("check", "--root", str(root), env={"BIF_TODAY": "2016-12-31"}).exit_code == 0
    programme, _problems = load_programme(root, lazy=True)
    everyone = [company_id for company_id, _record in company_records(programme)]
    assert everyone == list(programme.loaded_companies())
    assert company_records(programme) is not company_records(programme)  # an iterator each time
    narrowed = in_region(programme, "valdres")
    assert narrowed.made is programme.made
    valdres = [company_id for company_id, _record in company_records(narrowed)]
    assert valdres == list(narrowed.loaded_companies()) and set(valdres) < set(everyone)
    assert [company_id for company_id, _money in companies_budget_facts(narrowed)] == valdres
    assert [company_id for company_id, _record in company_records(programme)] == everyone
    renamed = programme.whole_company(everyone[0]).model_copy(update={"name": "Nytt Navn AS"})
    programme.facts = {k: v for k, v in programme.facts.items() if k != everyone[0]}
    programme.companies = {**programme.loaded_companies(), everyone[0]: renamed}
    records = dict(company_records(programme))
    assert records[everyone[0]][0] == "Nytt Navn AS"
