"""The rule cache keys its context on the programme files' models and today, and keeps a few."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import count_model_loads as _count_model_loads
from conftest import run_bif
from test_cache_differential import (
    _replace,
    _without_reports_and_register,
    assert_warm_equals_uncached,
)

COMPANY = "data/companies/bagn-mikrobryggeri.yaml"  # in valdres, municipality 0540


def _append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode())


def test_warm_and_uncached_agree_as_the_context_files_change_or_only_seem_to(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits of program.yaml, budget.yaml and milestones.yaml, read or not by the rules."""
    root = example_programme
    data = root / "data"
    program, budget, milestones = (
        data / "program.yaml",
        data / "budget.yaml",
        data / "milestones.yaml",
    )
    company = root / COMPANY
    original_program = program.read_bytes()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("a comment in program.yaml", lambda: _append(program, "# endret 1\n")),
        (
            "program.yaml's period written as a block",
            lambda: _replace(
                program,
                "period: {start: 2014-01-01, end: 2016-12-31}",
                "period:\n  start: 2014-01-01\n  end: 2016-12-31",
            ),
        ),
        (
            "a company moved to a municipality outside its region",
            lambda: _replace(company, 'municipality: "0540"', 'municipality: "0511"'),
        ),
        # BIF203 lists the region's municipalities: their names and order are read.
        (
            "a municipality renamed",
            lambda: _replace(program, '"0541": Etnedal', '"0541": Etnedalen'),
        ),
        (
            "two municipalities swapped",
            lambda: _replace(
                program,
                '"0540": Sør-Aurdal, "0541": Etnedalen',
                '"0541": Etnedalen, "0540": Sør-Aurdal',
            ),
        ),
        (
            "the programme renamed (no company rule reads it)",
            lambda: _replace(program, "name: Bedriftene i fokus\n", "name: Bedriftene i fokus 2\n"),
        ),
        ("the period shortened", lambda: _replace(program, "end: 2016-12-31", "end: 2015-06-30")),
        (
            "a person removed",
            lambda: _replace(
                program,
                "  - {id: pl-valdres, name: Prosessleder Valdres, role: process_leader}\n",
                "",
            ),
        ),
        ("a comment in budget.yaml", lambda: _append(budget, "# endret 2\n")),
        (
            "an area renamed",
            lambda: _replace(budget, "name: Mobilisering og kartlegging", "name: Mobilisering"),
        ),
        ("an area's id changed", lambda: _replace(budget, "{id: B,", "{id: BB,")),
        ("a comment in milestones.yaml", lambda: _append(milestones, "# endret 3\n")),
        (
            "a milestone's date moved",
            lambda: _replace(milestones, "due: 2014-03-31", "due: 2014-02-28"),
        ),
        (
            "a company withdrawn with a measure open until 2016",
            lambda: _replace(
                data / "companies" / "begna-trevare.yaml",
                "{date: 2016-11-15, status: completed,",
                "{date: 2015-01-10, status: withdrawn,",
            ),
        ),
        ("another day", lambda: monkeypatch.setenv("BIF_TODAY", "2015-06-30")),
        ("back to the first day", lambda: monkeypatch.setenv("BIF_TODAY", "2016-12-31")),
        ("program.yaml broken", lambda: program.write_text("name: [\n", encoding="utf-8")),
        ("program.yaml removed", lambda: program.unlink()),
        ("program.yaml restored", lambda: program.write_bytes(original_program)),
    ]
    monkeypatch.setenv("BIF_TODAY", "2016-12-31")
    codes: set[str] = set()
    for step, edit in steps:
        edit()
        assert_warm_equals_uncached(root, step)
        said = run_bif("check", "--root", str(root), "--format", "json").stdout
        codes |= {code for code in ("BIF203", "BIF204", "BIF305", "BIF310") if code in said}
    assert codes == {"BIF203", "BIF204", "BIF305", "BIF310"}, "the series must make them speak"


def test_a_comment_in_a_context_file_runs_no_company_rule_again(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The context is the models the rules read: a comment or a new layout changes nothing."""
    from bif_cli.domain import models

    root = example_programme
    _without_reports_and_register(root)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    _append(root / "data" / "program.yaml", "# endret\n")
    _append(root / "data" / "budget.yaml", "# endret\n")
    loaded = _count_model_loads(monkeypatch)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    assert models.Company not in loaded
    _replace(root / "data" / "program.yaml", "excluded_nace: [", 'excluded_nace: ["99", ')
    assert run_bif("check", "--root", str(root)).exit_code == 0
    assert models.Company in loaded, "a change the rules read runs them again"


def test_a_report_as_of_another_day_keeps_the_checks_rule_results(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report checks as of its quarter's last day; `bif check` keeps its own rule results."""
    from bif_cli.domain import models

    root = example_programme
    _without_reports_and_register(root)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    report = ["report", "quarterly", "Q2-2015", "--format", "md", "-o", str(root / "r.md")]
    assert run_bif(*report, "--root", str(root)).exit_code == 0
    _replace(root / COMPANY, "employees: 4", "employees: 5")
    loaded = _count_model_loads(monkeypatch)
    assert run_bif("check", "--root", str(root)).exit_code == 0
    assert models.Company not in loaded, "the check's results were kept beside the report's"


def test_rule_results_are_kept_for_the_last_few_contexts(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bif_cli.io import rulecache

    root = example_programme
    folder = root / ".bif-cache"
    (folder).mkdir()
    (folder / "rules.pickle").write_bytes(b"the single file of an older bif")
    for day in range(1, rulecache.RULE_CONTEXTS + 3):
        monkeypatch.setenv("BIF_TODAY", f"2016-12-{day:02d}")
        run_bif("check", "--root", str(root))
        kept = sorted(p.name for p in folder.glob("rules*.pickle"))
        assert len(kept) == min(day + 1, rulecache.RULE_CONTEXTS), kept  # and the old one
    assert not (folder / "rules.pickle").exists()


def test_the_canonical_form_tells_every_field_apart() -> None:
    """Changing any field of a context model changes its key; an unknown kind fails loudly."""
    from bif_cli.domain import models
    from bif_cli.domain.programme import Programme
    from bif_cli.io.rulecache import canonical, context_key

    period = models.Period(start=date(2014, 1, 1), end=date(2016, 12, 31))
    region = models.Region(id="r", name="R", municipalities={"0540": "A", "0541": "B"})
    program = models.Program(name="P", owner="O", responsible="R", period=period, regions=[region])
    variants = [
        program,
        program.model_copy(update={"name": "Q"}),
        program.model_copy(update={"board": "B"}),
        program.model_copy(update={"excluded_nace": ["01"]}),
        program.model_copy(
            update={
                "regions": [
                    region.model_copy(update={"municipalities": {"0541": "B", "0540": "A"}})
                ]
            }
        ),
        program.model_copy(
            update={"period": period.model_copy(update={"end": date(2016, 12, 30)})}
        ),
    ]
    assert len({repr(canonical(v)) for v in variants}) == len(variants)

    def key(program: models.Program, day: date = date(2016, 1, 1)) -> str:
        return context_key(Programme(root=Path("."), program=program), day)

    read = [variants[0], *variants[3:]]  # excluded_nace, municipalities' order, period
    assert len({key(v) for v in read}) == len(read), "what the rules read is in the key"
    assert key(variants[1]) == key(variants[2]) == key(variants[0]), "the name, the board: not"
    same = models.Program.model_validate(program.model_dump())
    assert canonical(same) == canonical(program)
    assert key(program, date(2016, 1, 2)) != key(program)
    with pytest.raises(TypeError):
        canonical(1.5)
    with pytest.raises(TypeError):
        canonical({"a"})


def test_a_context_models_hold_only_kinds_the_canonical_form_knows(example_programme: Path) -> None:
    """Every field of the example's context files has a canonical form (else this fails)."""
    from bif_cli.io.rulecache import canonical
    from bif_cli.io.store import load_programme

    programme, _problems = load_programme(example_programme)
    for model in (programme.program, programme.budget, programme.milestones):
        assert model is not None
        canonical(model)
    shutil.rmtree(example_programme / ".bif-cache", ignore_errors=True)


def test_a_rule_reading_an_undeclared_field_fails_loudly(example_programme: Path) -> None:
    """The rules for companies see only what domain.rules.ENTITY_READS names of the context."""
    from collections.abc import Iterator

    from bif_cli.domain.programme import Programme
    from bif_cli.errors import Problem
    from bif_cli.io.rulecache import UndeclaredRead, entity_problems, entity_view
    from bif_cli.io.store import load_programme

    programme, _problems = load_programme(example_programme)

    def reads_the_name(p: Programme, today: date) -> Iterator[Problem]:
        assert p.program is not None
        for company_id in p.companies:
            if p.program.name:
                yield p.problem(p.company_path(company_id), (), "warning", "BIF999", "x")

    def reads_the_frame(p: Programme, today: date) -> Iterator[Problem]:
        assert p.budget is not None
        for company_id in p.companies:
            if p.budget.frame:
                yield p.problem(p.company_path(company_id), (), "warning", "BIF999", "x")

    view = entity_view(programme, programme.companies, programme.clusters)
    for rule in (reads_the_name, reads_the_frame):
        with pytest.raises(UndeclaredRead):
            list(entity_problems(view, date(2016, 1, 1), [rule]))
    with pytest.raises(UndeclaredRead):  # hasattr() must not hide it
        hasattr(view.program, "owner")


def test_context_edits_the_rules_do_not_read_run_no_company_rule_again(
    example_programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The programme renamed, an allocation or a milestone moved: no company is loaded whole."""
    from bif_cli.domain import models

    root = example_programme
    _without_reports_and_register(root)
    data = root / "data"
    assert run_bif("check", "--root", str(root)).exit_code == 0
    _replace(data / "program.yaml", "name: Bedriftene i fokus\n", "name: Bedriftene i fokus 2\n")
    _replace(data / "budget.yaml", "allocation: 2000000", "allocation: 2500000")
    _replace(data / "milestones.yaml", "due: 2014-03-31", "due: 2014-02-28")
    loaded = _count_model_loads(monkeypatch)
    uncached = run_bif("check", "--root", str(root), env={"BIF_NO_CACHE": "1"})
    del loaded[:]
    warm = run_bif("check", "--root", str(root))
    assert (warm.exit_code, warm.stdout) == (uncached.exit_code, uncached.stdout)
    assert models.Company not in loaded


def test_unsound_rule_entries_are_never_used(example_programme: Path) -> None:
    """A signed rule file whose entries have the wrong shape is read afresh, entry by entry."""
    from bif_cli.io import cache

    root = example_programme
    _replace(root / COMPANY, "employees: 4", "employees: fire")
    fresh = run_bif("check", "--root", str(root), env={"BIF_NO_CACHE": "1"})
    assert run_bif("check", "--root", str(root)).exit_code == fresh.exit_code
    (path,) = (root / ".bif-cache").glob("rules-*.pickle")
    entries = cache._read(path)
    assert isinstance(entries, dict) and len(entries) > 4
    rels = sorted(entries)
    digest, context, _problems = entries[rels[0]]
    bad_problem = ("data/x.yaml", "1", 1, "error", "BIF204", "BIF204.unknown", ())
    forged = {
        rels[0]: (digest, context, "not a list"),
        rels[1]: (digest.encode(), context.encode(), []),
        rels[2]: (entries[rels[2]][0],),
        rels[3]: (*entries[rels[3]][:2], [bad_problem]),
        rels[4]: [*entries[rels[4]]],
    }
    cache._write(path, {**entries, **forged})
    (root / COMPANY).write_bytes((root / COMPANY).read_bytes() + b"# endret\n")
    again = run_bif("check", "--root", str(root))
    uncached = run_bif("check", "--root", str(root), env={"BIF_NO_CACHE": "1"})
    assert (again.exit_code, again.stdout) == (uncached.exit_code, uncached.stdout)
