"""Rules that hold the company files against the company register's snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.registry import (
    Snapshot,
    same_municipality,
    same_nace,
    same_name,
)
from bif_cli.errors import Problem

STALE_AFTER = timedelta(days=90)


def _no(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "?"


def _pairs(p: Programme) -> Iterator[tuple[str, models.Company, Snapshot]]:
    if not p.registry:  # then companies may stand as facts only (see domain/rules_index.py)
        return
    for company_id, company in p.companies.items():
        snapshot = p.registry.get(company.org_number)
        if snapshot is not None:
            yield company_id, company, snapshot


def snapshots_have_companies(p: Programme, today: date) -> Iterator[Problem]:
    """BIF402: every snapshot belongs to a company of the programme."""
    if p.broken_companies or not p.registry:
        return  # a company file that did not load may be the one that owns the snapshot
    ours = {company.org_number for company in p.companies.values()}
    for org_number, snapshot in sorted(p.registry.items()):
        if org_number not in ours:
            yield p.problem(
                snapshot.path,
                ("organisasjonsnummer",),
                "warning",
                "BIF402",
                "BIF402.orphan",
                org_number=org_number,
            )


def name_matches_register(p: Programme, today: date) -> Iterator[Problem]:
    """BIF403: the company's name is the register's (ignoring case, spaces and AS/A/S)."""
    for company_id, company, snapshot in _pairs(p):
        theirs = snapshot.unit.name
        if theirs and not same_name(company.name, theirs):
            yield p.problem(
                p.company_path(company_id),
                ("name",),
                "warning",
                "BIF403",
                "BIF403.name",
                org_number=company.org_number,
                theirs=theirs,
                snapshot=snapshot.path,
                fetched=snapshot.fetched.isoformat(),
            )


def nace_matches_register(p: Programme, today: date) -> Iterator[Problem]:
    """BIF404/BIF405: the NACE code is the register's, and the register's is not excluded."""
    excluded = p.program.excluded_nace if p.program else []
    for company_id, company, snapshot in _pairs(p):
        theirs = snapshot.unit.nace_code
        if not theirs or same_nace(company.nace, theirs):
            continue
        text = snapshot.unit.nace_description
        yield p.problem(
            p.company_path(company_id),
            ("nace",),
            "warning",
            "BIF404",
            "BIF404.nace",
            theirs=theirs,
            described=f" ({text})" if text else "",
            org_number=company.org_number,
            ours=company.nace,
            snapshot=snapshot.path,
            fetched=snapshot.fetched.isoformat(),
        )
        prefix = next((x for x in excluded if theirs.startswith(x)), None)
        if prefix:
            yield p.problem(
                p.company_path(company_id),
                ("nace",),
                "warning",
                "BIF405",
                "BIF405.excluded",
                theirs=theirs,
                prefix=prefix,
            )


def municipality_matches_register(p: Programme, today: date) -> Iterator[Problem]:
    """BIF406: the company's municipality is the register's, compared by name."""
    if p.program is None:
        return
    names = {code: name for r in p.program.regions for code, name in r.municipalities.items()}
    for company_id, company, snapshot in _pairs(p):
        theirs = snapshot.unit.municipality
        ours = names.get(company.municipality)
        if not theirs or ours is None or same_municipality(ours, theirs):
            continue
        number = snapshot.unit.municipality_number
        yield p.problem(
            p.company_path(company_id),
            ("municipality",),
            "warning",
            "BIF406",
            "BIF406.municipality",
            org_number=company.org_number,
            theirs=theirs,
            number=f" ({number})" if number else "",
            ours=ours,
            snapshot=snapshot.path,
            fetched=snapshot.fetched.isoformat(),
        )


def register_standing(p: Programme, today: date) -> Iterator[Problem]:
    """BIF407/BIF408/BIF409: the unit is bankrupt, being wound up, or deleted."""
    for company_id, company, snapshot in _pairs(p):
        unit = snapshot.unit
        said = []
        if unit.bankrupt:
            said.append(("BIF407", "BIF407.bankrupt", unit.bankrupt_date))
        if unit.winding_up:
            said.append(("BIF408", "BIF408.winding_up", unit.winding_up_date))
        if unit.forced_winding_up:
            said.append(("BIF408", "BIF408.forced", unit.forced_winding_up_date))
        if unit.deleted:
            said.append(("BIF409", "BIF409.deleted", unit.deleted_date))
        for code, text, since in said:
            yield p.problem(
                p.company_path(company_id),
                ("org_number",),
                "warning",
                code,
                text,
                name=company.name,
                org_number=company.org_number,
                since=_no(since),
                snapshot=snapshot.path,
                fetched=snapshot.fetched.isoformat(),
            )


def no_payment_after_end(p: Programme, today: date) -> Iterator[Problem]:
    """BIF410: no payment is dated after the register's konkursdato or slettedato."""
    for company_id, company, snapshot in _pairs(p):
        unit = snapshot.unit
        ends = [
            (day, word)
            for day, word in ((unit.bankrupt_date, "konkurs"), (unit.deleted_date, "slettet"))
            if day is not None
        ]
        if not ends:
            continue
        end, word = min(ends)
        for index, m in enumerate(company.measures):
            for pay_index, payment in enumerate(m.payments):
                if payment.date > end:
                    yield p.problem(
                        p.company_path(company_id),
                        ("measures", index, "payments", pay_index, "date"),
                        "error",
                        "BIF410",
                        "BIF410.payment",
                        date=payment.date.isoformat(),
                        measure=m.id,
                        word=word,
                        end=_no(end),
                        snapshot=snapshot.path,
                    )


def snapshots_fresh(p: Programme, today: date) -> Iterator[Problem]:
    """BIF411 (--strict only): a snapshot is at most 90 days old at the date checked."""
    for org_number, snapshot in sorted(p.registry.items()):
        if snapshot.fictional or today - snapshot.fetched <= STALE_AFTER:
            continue
        yield p.problem(
            snapshot.path,
            ("fetched",),
            "warning",
            "BIF411",
            "BIF411.stale",
            org_number=org_number,
            fetched=snapshot.fetched.isoformat(),
            days=(today - snapshot.fetched).days,
        )


REGISTRY_RULES = [
    snapshots_have_companies,
    name_matches_register,
    nace_matches_register,
    municipality_matches_register,
    register_standing,
    no_payment_after_end,
]
STRICT_RULES = [snapshots_fresh]
