"""The summary figures of one side of `bif diff`, summed from each company's own figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.domain.timeline import AreaMoney, area_money, is_recruited, money_at

_ALL_DATES = date.max  # the diff's money is "in the files": every grant and payment

# Whether a company is recruited as of the diff's date, and per area of its measures (in the
# order first met) what it commits and has been paid at all dates.
CompanyFigures = tuple[bool, tuple[tuple[str, int, int], ...]]


def company_figures(company: models.Company, today: date) -> CompanyFigures:
    """Return a company's share of its side's summary: recruited at today, money by area."""
    by_area: dict[str, list[models.Measure]] = {}
    for measure in company.measures:
        by_area.setdefault(measure.area, []).append(measure)
    money = []
    for area, measures in by_area.items():
        committed, paid = money_at(measures, [_ALL_DATES])[0]
        money.append((area, committed, paid))
    return is_recruited(company, today), tuple(money)


def side_figures(
    programme: Programme, companies: Mapping[str, CompanyFigures]
) -> tuple[int, list[AreaMoney]]:
    """Return (recruited, area_money at all dates) of programme from its companies' figures.

    The same as recruited_count and area_money over the whole programme: both are sums over
    the companies (area_money's money is summed measure by measure), so the companies' shares
    are added to what the clusters and the programme's own costs give.
    """
    rest = Programme(root=programme.root, budget=programme.budget, clusters=programme.clusters)
    committed: Counter[str] = Counter()
    paid: Counter[str] = Counter()
    recruited = 0
    for is_in, money in companies.values():
        recruited += is_in
        for area, area_committed, area_paid in money:
            committed[area] += area_committed
            paid[area] += area_paid
    rows = [
        AreaMoney(
            row.id,
            row.name,
            row.allocation,
            row.committed + committed[row.id],
            row.paid + paid[row.id],
        )
        for row in area_money(rest, _ALL_DATES)
    ]
    return recruited, rows
