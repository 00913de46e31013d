"""The programme as one Excel workbook (openpyxl): real dates and numbers, text never a formula."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bif_cli.domain.programme import Programme
from bif_cli.outputs.clusters import clusters as cluster_rows
from bif_cli.outputs.measures import measures as measure_rows
from bif_cli.outputs.overviews import budget, milestones, recruitment

# `#,##0` groups thousands with the reader's own separator: Norwegian Excel shows 1 250 000
# (a literal space in the code would not group). `DD.MM.YYYY` shows 30.06.2015.
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD.MM.YYYY"
_WIDEST = 60


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> Worksheet:
    """Add a sheet with a bold frozen header, autofilter, formats and column widths."""
    sheet: Worksheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    widths = [len(h) for h in header]
    for row_cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row_cells):
            _format(cell)
            widths[index] = max(widths[index], _shown_width(cell.value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _WIDEST)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def _format(cell: Cell | MergedCell) -> None:
    value = cell.value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, str):
        # openpyxl would store text starting with "=" as a formula; mark every text as text.
        cell.data_type = "s"


def _shown_width(value: Any) -> int:
    if isinstance(value, date):
        return 10
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value or "").splitlines()), default=0)


def workbook_bytes(programme: Programme, when: date, t: dict[str, Any]) -> bytes:
    """Build the workbook as it stood at when, with headings in the language of t."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    nb = t["lang"] == "nb"

    pipeline = recruitment(programme, when)
    company_rows = []
    for row in pipeline["companies"]:
        company = programme.companies[row["id"]]
        action: Mapping[str, Any] = row["next_action"] or {}
        company_rows.append(
            [
                row["id"],
                row["name"],
                company.org_number,
                row["region_name"],
                row["municipality"],
                row["municipality_name"],
                company.nace,
                t["market_name"][company.market],
                company.employees,
                t["status_name"][row["status"]] if nb else row["status"],
                _date(row["since"]),
                row["process_leader_name"] or "",
                action.get("what", ""),
                _date(action.get("due")),
            ]
        )
    _sheet(
        book,
        t["companies_sheet"],
        [
            t["id"],
            t["company"],
            t["org_number"],
            t["region"],
            t["municipality"],
            t["municipality"],
            t["nace"],
            t["market"],
            t["employees"],
            t["status"],
            t["since"],
            t["process_leader"],
            t["next_action"],
            t["due_col"],
        ],
        company_rows,
    )

    cluster_view = cluster_rows(programme, when)
    _sheet(
        book,
        t["clusters_sheet"],
        [t["id"], t["cluster"], t["region"], t["status"], t["since"], t["members"]]
        + [t["facilitator"], t["committed"], t["paid"]],
        [
            [
                row["id"],
                row["name"],
                ", ".join(row["region_names"]),
                t["cluster_status_name"][row["status"]] if nb else row["status"],
                _date(row["since"]),
                ", ".join(row["members"]),
                row["facilitator_name"] or "",
                row["committed"],
                row["paid"],
            ]
            for row in cluster_view["clusters"]
        ],
    )

    period = programme.program.period if programme.program else None
    start = period.start if period else date.min
    end = period.end if period else date.max
    money = measure_rows(programme, when, start, end)
    _sheet(
        book,
        t["measures_sheet"],
        [t["owner"], t["owner"], t["id"], t["measure"], t["kind"], t["area"], t["partner"]]
        + [t["granted_on"], t["granted"], t["start"], t["end"], t["cancelled_on"], t["state"]]
        + [t["committed"], t["paid"], t["released"]],
        [
            [
                row["owner"],
                row["owner_name"],
                row["id"],
                row["title"],
                t["kind_name"][row["kind"]] if nb else row["kind"],
                row["area"],
                row["partner"] or "",
                _date(row["granted_on"]),
                row["granted"],
                _date(row["start"]),
                _date(row["end"]),
                _date(row["cancelled_on"]),
                t["measure_state"][row["state"]] if nb else row["state"],
                row["committed"],
                row["paid"],
                row["released"],
            ]
            for row in money["measures"]
        ],
    )
    _sheet(
        book,
        t["payments"],
        [t["date"], t["owner"], t["owner"], t["measure"], t["area"], t["amount"]],
        [
            [
                _date(p["date"]),
                p["owner"],
                p["owner_name"],
                p["measure"],
                p["area"],
                p["amount"],
            ]
            for p in money["payments"]
        ],
    )

    figures = budget(programme, when)
    area_rows: list[list[Any]] = [
        [a["id"], a["name"], a["allocation"], a["committed"], a["paid"], a["remaining"]]
        for a in figures["areas"]
    ]
    area_rows.append(
        [
            "",
            t["all_areas"],
            figures["allocated"],
            figures["committed"],
            figures["paid"],
            figures["allocated"] - figures["committed"],
        ]
    )
    area_rows.append(
        [
            "",
            t["frame"],
            figures["frame"],
            figures["committed"],
            figures["paid"],
            figures["remaining"],
        ]
    )
    _sheet(
        book,
        t["budget_sheet"],
        [t["id"], t["area"], t["allocation"], t["committed"], t["paid"], t["remaining"]],
        area_rows,
    )

    plan = milestones(programme, when)
    _sheet(
        book,
        t["milestones_sheet"],
        [t["id"], t["milestone"], t["responsible"], t["due_col"], t["done"], t["state"]],
        [
            [
                item["id"],
                item["title"],
                item["responsible"] or "",
                _date(item["due"]),
                _date(item["done"]),
                t["milestone_state"][item["state"]] if nb else item["state"],
            ]
            for item in plan["milestones"]
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
