"""The typed shape of the quarterly report's context: what the templates receive, key by key.

A programme's own template sees the same names; mypy checks that report.py fills them.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from bif_cli.errors import ProblemJson
from bif_cli.outputs.overviews import AreaLine, Recruitment


class QuarterInfo(TypedDict):
    label: str
    number: int
    year: int
    start: date
    end: date
    next: str


class ProgrammeInfo(TypedDict):
    name: str
    full_name: str
    owner: str
    responsible: str
    board: str | None
    report_to: list[str]
    period_start: date
    period_end: date


class SummaryCount(TypedDict):
    key: str
    value: int
    change: int


class Summary(TypedDict):
    counts: list[SummaryCount]
    frame: int
    committed: int
    committed_change: int
    committed_percent: float | None
    paid: int
    paid_change: int
    paid_percent: float | None


class FunnelStage(TypedDict):
    stage: str
    count: int


# "from" is a Python keyword, hence the functional form.
Move = TypedDict(
    "Move",
    {
        "date": date,
        "company": str,
        "id": str,
        "from": str | None,
        "to": str,
        "note": str | None,
    },
)


class ReportRecruitment(Recruitment):
    funnel: list[FunnelStage]
    exited: int
    moves: list[Move]


class MeasureRow(TypedDict):
    owner: str
    id: str
    title: str
    kind: str
    area: str
    area_name: str
    partner: str | None
    granted: int
    granted_on: date
    start: date | None
    end: date | None


class Tally(TypedDict):
    id: str
    name: str
    started: int
    completed: int
    running: int


class ReportMeasures(TypedDict):
    started: list[MeasureRow]
    completed: list[MeasureRow]
    cancelled: list[MeasureRow]
    granted: list[MeasureRow]
    by_kind: list[Tally]
    by_area: list[Tally]


class ReportCluster(TypedDict):
    id: str
    name: str
    regions: list[str]
    status: str
    since: date
    members: list[str]


class ReportAreaLine(AreaLine):
    paid_quarter: int


class BudgetTotals(TypedDict):
    allocation: int
    committed: int
    paid: int
    paid_quarter: int
    remaining: int
    committed_percent: float | None
    paid_percent: float | None


class ReportBudget(TypedDict):
    frame: int
    areas: list[ReportAreaLine]
    totals: BudgetTotals
    allocated: int
    unallocated: int
    committed: int
    committed_before: int
    paid: int
    paid_quarter: int
    frame_remaining: int
    chart_max: int


class MilestoneRow(TypedDict):
    id: str
    title: str
    due: date
    done: date | None
    responsible: str | None


class ReportMilestones(TypedDict):
    done: list[MilestoneRow]
    overdue: list[MilestoneRow]
    next: list[MilestoneRow]


class Narrative(TypedDict):
    path: str
    text: str | None


class QuarterlyReport(TypedDict):
    """Everything the quarterly report says, every figure as of the quarter's last day."""

    quarter: QuarterInfo
    programme: ProgrammeInfo
    summary: Summary
    recruitment: ReportRecruitment
    measures: ReportMeasures
    clusters: list[ReportCluster]
    budget: ReportBudget
    milestones: ReportMilestones
    narrative: Narrative
    warnings: list[ProblemJson]
