"""What a report template receives: the quarterly, annual and final contexts as typed dicts."""

from __future__ import annotations

from datetime import date
from typing import Literal, TypedDict

from bif_cli.domain.compare import MovedFigure
from bif_cli.errors import ProblemJson
from bif_cli.outputs.overviews import AreaLine, Recruitment

# A "from" key cannot be a class attribute, so status moves use the functional syntax.
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


class Target(TypedDict):
    """One target with its actual value at the report's date."""

    id: str
    title: str
    metric: str
    value: int
    by: date
    actual: int
    at_deadline: int
    percent: float
    state: str


class ContinuationRow(TypedDict):
    kind: str
    id: str
    name: str
    plan: str | None


class Continuation(TypedDict):
    """Completed companies and clusters, with and without a continuation plan."""

    completed: int
    with_plan: int
    plans: list[ContinuationRow]
    without_plan: list[ContinuationRow]


class PlannedMilestone(TypedDict):
    id: str
    title: str
    due: date
    done: date | None
    state: str
    responsible: str | None


class Formalities(TypedDict):
    date: date
    sender: str | None
    organisation: str | None


class Money(TypedDict):
    committed: int
    paid: int


class CompanyCounts(TypedDict):
    recruited_ever: int
    active: int
    completed: int
    exited: int
    main_goal_companies: int


class RegionLine(TypedDict):
    id: str
    name: str
    recruited_ever: int
    active: int
    completed: int
    exited: int
    main_goal_companies: int
    main_goal_clusters: int
    committed: int
    paid: int


class PerRegion(TypedDict):
    regions: list[RegionLine]
    shared_clusters: Money
    costs: Money
    total: Money


class LeaderLine(TypedDict):
    id: str | None
    name: str | None
    companies: int
    recruited_ever: int
    active: int
    completed: int
    exited: int
    main_goal_companies: int
    clusters: int
    main_goal_clusters: int
    committed: int
    paid: int


class PerLeader(TypedDict):
    leaders: list[LeaderLine]
    costs: Money
    total: Money


class YearMoney(TypedDict):
    year: int
    committed: int
    paid: int
    committed_to_date: int
    paid_to_date: int
    released: int


class BurnUpPoint(TypedDict):
    quarter: str
    end: date
    committed: int
    paid: int


class ReleasedMeasure(TypedDict):
    owner: str
    title: str
    cancelled_on: date
    granted: int
    released: int
    in_quarter: int


class Released(TypedDict):
    """Money released by cancellations; "year" only in the annual report."""

    quarter: int
    to_date: int
    measures: list[ReleasedMeasure]


class AnnualReleased(Released):
    year: int


class TargetJson(TypedDict):
    """One target in `bif recruitment --format json`: the deadline as an ISO date."""

    id: str
    title: str
    metric: str
    value: int
    by: str
    actual: int
    at_deadline: int
    state: str


class OwnerRecruitment(TypedDict):
    """What `bif recruitment --format json` adds for the owner's reports."""

    recruited_ever: int
    targets: list[TargetJson]
    continuation: Continuation


class ReleasedMeasureJson(TypedDict):
    owner: str
    title: str
    cancelled_on: str
    granted: int
    released: int


class ReleasedJson(TypedDict):
    """Money released by cancellations in the JSON shape (ISO dates)."""

    to_date: int
    measures: list[ReleasedMeasureJson]


class BudgetJson(TypedDict):
    """What `bif budget check --format json` adds for the owner's reports."""

    by_year: list[YearMoney]
    released: ReleasedJson
    per_region: PerRegion
    per_process_leader: PerLeader


class Corrections(TypedDict):
    corrected: bool
    corrections: list[MovedFigure]


class ProgrammeHead(TypedDict):
    name: str
    full_name: str
    owner: str
    responsible: str
    board: str | None
    report_to: list[str]
    period_start: date
    period_end: date
    final_report_due: date | None


class Scope(TypedDict):
    id: str
    name: str


class Narrative(TypedDict):
    path: str
    text: str | None


class Period(TypedDict):
    start: date
    end: date


class Count(TypedDict):
    key: str
    value: int
    change: int


class Summary(TypedDict):
    counts: list[Count]
    terms: dict[str, int]
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


class QuarterRecruitment(Recruitment):
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


class QuarterMeasures(TypedDict):
    started: list[MeasureRow]
    completed: list[MeasureRow]
    cancelled: list[MeasureRow]
    granted: list[MeasureRow]
    by_kind: list[Tally]
    by_area: list[Tally]


class ClusterRow(TypedDict):
    id: str
    name: str
    regions: list[str]
    status: str
    since: date
    members: list[str]


class BudgetArea(AreaLine):
    paid_quarter: int


class BudgetTotals(TypedDict):
    allocation: int
    committed: int
    paid: int
    paid_quarter: int
    remaining: int
    committed_percent: float | None
    paid_percent: float | None


class QuarterBudget(TypedDict):
    frame: int
    areas: list[BudgetArea]
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


class QuarterMilestones(TypedDict):
    done: list[MilestoneRow]
    overdue: list[MilestoneRow]
    next: list[MilestoneRow]


class QuarterHead(TypedDict):
    label: str
    number: int
    year: int
    start: date
    end: date
    next: str


class QuarterlyReport(Corrections):
    """The quarterly report's context: every figure as of the quarter's last day."""

    kind: Literal["quarterly"]
    quarter: QuarterHead
    programme: ProgrammeHead
    scope: Scope | None
    draft: bool
    draft_reasons: list[str]
    summary: Summary
    targets: list[Target]
    recruitment: QuarterRecruitment
    measures: QuarterMeasures
    clusters: list[ClusterRow]
    continuation: Continuation
    budget: QuarterBudget
    released: Released
    by_year: list[YearMoney]
    burn_up: list[BurnUpPoint]
    burn_up_frame: int | None
    per_region: PerRegion | None
    per_leader: PerLeader
    milestones: QuarterMilestones
    milestone_plan: list[PlannedMilestone]
    narrative: Narrative
    formalities: Formalities
    warnings: list[ProblemJson]


class QuarterColumn(TypedDict):
    """One quarter's column in the annual report."""

    label: str
    end: date
    terms: dict[str, int]
    committed: int
    paid: int
    paid_to_date: int


class YearArea(AreaLine):
    committed_in_year: int
    paid_in_year: int


class YearTotals(TypedDict):
    allocation: int
    committed: int
    paid: int
    remaining: int
    committed_in_year: int
    paid_in_year: int


class AnnualReport(Corrections):
    """The annual report's context: one year's quarters side by side, as of 31 December."""

    kind: Literal["annual"]
    year: int
    period: Period
    programme: ProgrammeHead
    scope: None
    draft: bool
    draft_reasons: list[str]
    terms: dict[str, int]
    summary_terms: list[str]
    quarters: list[QuarterColumn]
    targets: list[Target]
    moves: list[Move]
    continuation: Continuation
    per_region: PerRegion
    per_leader: PerLeader
    areas: list[YearArea]
    totals: YearTotals
    frame: int
    by_year: list[YearMoney]
    burn_up: list[BurnUpPoint]
    burn_up_frame: int
    released: AnnualReleased
    milestone_plan: list[PlannedMilestone]
    milestones_in_year: list[PlannedMilestone]
    narrative: Narrative
    formalities: Formalities


class Outcome(TypedDict):
    """Where one company or cluster ended, with its money."""

    id: str
    name: str
    status: str | None
    since: date | None
    recruited_ever: bool | None
    main_goal: bool
    committed: int
    paid: int
    continuation_plan: str | None


class Totals(TypedDict):
    allocation: int
    committed: int
    paid: int
    remaining: int


class FinalReport(Corrections):
    """The final report's context: the whole programme as of the period's end."""

    kind: Literal["final"]
    period: Period
    programme: ProgrammeHead
    scope: None
    draft: bool
    draft_reasons: list[str]
    terms: dict[str, int]
    summary_terms: list[str]
    targets: list[Target]
    companies: list[Outcome]
    clusters: list[Outcome]
    continuation: Continuation
    per_region: PerRegion
    per_leader: PerLeader
    areas: list[AreaLine]
    totals: Totals
    frame: int
    by_year: list[YearMoney]
    burn_up: list[BurnUpPoint]
    burn_up_frame: int
    released: Released
    milestone_plan: list[PlannedMilestone]
    narrative: Narrative
    formalities: Formalities


# What a renderer accepts: any of the three reports.
ReportContext = QuarterlyReport | AnnualReport | FinalReport
