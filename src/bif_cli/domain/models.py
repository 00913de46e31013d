"""Pydantic models of the programme's files; each field parses the exact text that was typed."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
FILE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONEY = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+|[0-9]+")
_ORG = re.compile(r"[0-9]{9}")
_INT = re.compile(r"[0-9]+")
_MUNICIPALITY = re.compile(r"[0-9]{4}")
_NACE = re.compile(r"[0-9]{2}(?:\.[0-9]{1,3})?")

CompanyStatus = Literal[
    "identified",
    "contacted",
    "mapped",
    "agreement",
    "completed",
    "declined",
    "withdrawn",
    "not_eligible",
]
ClusterStatus = Literal["identified", "mapped", "established", "completed", "discontinued"]
MeasureKind = Literal[
    "rnd",
    "competence",
    "leadership",
    "digital",
    "cabin_market",
    "welfare_tech",
    "strategy",
    "network",
    "staff",
    "evaluation",
    "other",
]
Market = Literal["local", "regional", "national", "international"]
Role = Literal["project_leader", "process_leader", "board", "other"]
Language = Literal["nb", "en"]

COMPANY_STATUSES: tuple[str, ...] = get_args(CompanyStatus)
EXIT_STATUSES = ("declined", "withdrawn", "not_eligible")
RECRUITED_STATUSES = ("agreement", "completed")
CLUSTER_STATUSES: tuple[str, ...] = get_args(ClusterStatus)
MEASURE_KINDS: tuple[str, ...] = get_args(MeasureKind)
MAIN_GOAL_KINDS = ("rnd", "competence", "leadership")
MARKETS: tuple[str, ...] = get_args(Market)
ROLES: tuple[str, ...] = get_args(Role)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "…'"


def parse_date(value: Any) -> date:
    """Parse `YYYY-MM-DD` into a real calendar date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "BIF104",
            "expected a date written YYYY-MM-DD, got {got}",
            {"got": _shown(value), "text": "BIF104.format"},
        )
    return _parse_date_text(value)


_NB_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@lru_cache(maxsize=8192)  # a programme repeats the same few hundred dates many times
def _parse_date_text(value: str) -> date:
    norwegian = _NB_DATE.fullmatch(value.strip())
    if norwegian:
        day, month, year = norwegian.groups()
        iso = f"{year}-{int(month):02d}-{int(day):02d}"
        raise PydanticCustomError(
            "BIF104",
            "expected a date written YYYY-MM-DD, got {got}; in the files write {iso}",
            {"got": _shown(value), "iso": iso, "text": "BIF104.norwegian"},
        )
    if not _DATE.fullmatch(value):
        raise PydanticCustomError(
            "BIF104",
            "expected a date written YYYY-MM-DD, got {got}",
            {"got": _shown(value), "text": "BIF104.format"},
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "BIF104",
            "{got} is not a real calendar date",
            {"got": _shown(value), "text": "BIF104.calendar"},
        ) from None


def parse_money(value: Any) -> int:
    """Parse whole kroner: digits, optionally grouped in threes by single spaces."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        # Norwegian Excel and Word group thousands with a no-break or narrow no-break space.
        spaced = value.replace("\u00a0", " ").replace("\u202f", " ")
        if _MONEY.fullmatch(spaced):
            return int(spaced.replace(" ", ""))
    raise PydanticCustomError(
        "BIF105",
        "expected whole kroner as digits (like 250000 or 250 000, no decimals, units or "
        "signs), got {got}",
        {"got": _shown(value), "text": "BIF105.money"},
    )


def parse_count(value: Any) -> int:
    """Parse a whole number written as digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    raise PydanticCustomError(
        "BIF103",
        "expected a whole number, got {got}",
        {"got": _shown(value), "text": "BIF103.whole"},
    )


def parse_bool(value: Any) -> bool:
    """Accept only `true` and `false`."""
    if isinstance(value, bool):
        return value
    if value == "true" or value == "false":
        return bool(value == "true")
    raise PydanticCustomError(
        "BIF103",
        "expected true or false, got {got}",
        {"got": _shown(value), "text": "BIF103.bool"},
    )


def org_number_check_digit(first_eight: str) -> int | None:
    """Return the mod-11 check digit for eight digits, or None when none exists."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(first_eight, weights, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def parse_org_number(value: Any) -> str:
    """Parse a Norwegian organisation number: 9 digits, spaces allowed, valid check digit."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "BIF106",
            'an organisation number is 9 digits written in quotes, like "921588135"; got {got}',
            {"got": _shown(value), "text": "BIF106.quotes"},
        )
    digits = value.replace(" ", "")
    if not _ORG.fullmatch(digits):
        raise PydanticCustomError(
            "BIF106",
            "an organisation number has 9 digits, got {got}",
            {"got": _shown(value), "text": "BIF106.digits"},
        )
    expected = org_number_check_digit(digits[:8])
    if expected is None or expected != int(digits[8]):
        raise PydanticCustomError(
            "BIF106",
            "organisation number {got} has a wrong check digit; check it in Brønnøysundregistrene",
            {"got": digits, "text": "BIF106.check_digit"},
        )
    return digits


def _single_line(value: Any) -> Any:
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        raise PydanticCustomError(
            "BIF107",
            "this field must be on one line; remove the line break",
            {"text": "BIF107.one_line"},
        )
    return value


def _pattern_validator(pattern: str, what: str) -> BeforeValidator:
    """Check a text against pattern; what names it, a term id in texts.TERMS."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if isinstance(value, str) and not compiled.match(value):
            raise PydanticCustomError(
                "BIF103",
                "{got} is not a valid {what}",
                {"got": _shown(value), "what": what, "text": "BIF103.pattern"},
            )
        return value

    return BeforeValidator(check)


_date_schema = WithJsonSchema({"type": "string", "format": "date"})
_money_schema = WithJsonSchema(
    {
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": "^[0-9]{1,3}([ \u00a0\u202f][0-9]{3})*$"},
        ]
    }
)

IsoDate = Annotated[date, BeforeValidator(parse_date), _date_schema]
Money = Annotated[
    int, BeforeValidator(parse_money), _money_schema, PlainSerializer(int, return_type=int)
]
Count = Annotated[
    int, BeforeValidator(parse_count), WithJsonSchema({"type": "integer", "minimum": 0})
]
Flag = Annotated[bool, BeforeValidator(parse_bool)]
Text = Annotated[str, BeforeValidator(_single_line), Field(min_length=1)]
LongText = Annotated[str, Field(min_length=1)]
OrgNumber = Annotated[
    str,
    BeforeValidator(parse_org_number),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{3} ?[0-9]{3} ?[0-9]{3}$"}),
]
Ident = Annotated[
    str,
    _pattern_validator(ID_PATTERN + r"\Z", "id"),
    Field(pattern=ID_PATTERN, max_length=60),
]
FileId = Annotated[
    str,
    _pattern_validator(FILE_ID_PATTERN + r"\Z", "company_id"),
    Field(pattern=FILE_ID_PATTERN, max_length=60),
]
MunicipalityCode = Annotated[
    str,
    _pattern_validator(r"^[0-9]{4}\Z", "municipality_number"),
    Field(pattern=r"^[0-9]{4}$"),
]
NaceCode = Annotated[
    str,
    _pattern_validator(r"^[0-9]{2}(\.[0-9]{1,3})?\Z", "nace_code"),
    Field(pattern=r"^[0-9]{2}(\.[0-9]{1,3})?$"),
]


class Model(BaseModel):
    """Strict, frozen, and no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Period(Model):
    start: IsoDate
    end: IsoDate


class Region(Model):
    id: Ident
    name: Text
    municipalities: dict[MunicipalityCode, Text]


class Person(Model):
    id: Ident
    name: Text
    role: Role
    email: Text | None = None


TargetMetric = Literal[
    "recruited_companies",
    "active_companies",
    "main_goal_companies",
    "main_goal_clusters",
    "clusters_established",
    "continuation_plans",
]
TARGET_METRICS: tuple[str, ...] = get_args(TargetMetric)


class Target(Model):
    """A target in program.yaml: `value` of `metric` reached by the date `by`."""

    id: Ident
    title: Text
    metric: TargetMetric
    value: Count
    by: IsoDate


class Program(Model):
    """data/program.yaml: who, when, regions, people."""

    name: Text
    full_name: Text | None = None
    owner: Text
    responsible: Text
    board: Text | None = None
    period: Period
    final_report_due: IsoDate | None = None
    report_to: list[Text] = []
    regions: list[Region] = Field(min_length=1)
    people: list[Person] = []
    excluded_nace: list[Text] = []
    targets: list[Target] = []
    language: Language = "nb"  # of what bif says: messages, and the report unless --lang


class Correction(Model):
    """Why a dated entry changes figures already reported to the owner, and when it was written."""

    reason: Text
    recorded: IsoDate


class Payment(Model):
    date: IsoDate
    amount: Money
    correction: Correction | None = None


class Measure(Model):
    """A measure (tiltak): the same shape in companies, clusters and programme costs."""

    id: Ident
    title: Text
    kind: MeasureKind
    area: Ident
    partner: Text | None = None
    granted: Money
    granted_on: IsoDate
    start: IsoDate | None = None
    end: IsoDate | None = None
    cancelled_on: IsoDate | None = None
    payments: list[Payment] = []
    note: LongText | None = None
    correction: Correction | None = None


class FundingSource(Model):
    source: Text
    amount: Money


class AllocationEntry(Model):
    """One dated allocation of a budget area: in force from `from` until the next entry."""

    from_: IsoDate = Field(alias="from")
    amount: Money
    ref: Text | None = None
    correction: Correction | None = None


def _allocation_shape(value: Any) -> str:
    # A plain number or a dated list: decided up front, so a mistake gets one message, not two.
    return "dated" if isinstance(value, list) else "number"


Allocation = Annotated[
    Annotated[Money, Tag("number")] | Annotated[list[AllocationEntry], Tag("dated")],
    Discriminator(_allocation_shape),
]


class Area(Model):
    id: Ident
    name: Text
    allocation: Allocation
    responsible: Text | None = None

    def allocation_at(self, when: date) -> int:
        """Return the allocation in force at when (0 before the first dated entry)."""
        if isinstance(self.allocation, int):
            return self.allocation
        amount = 0
        for entry in sorted(self.allocation, key=lambda e: e.from_):
            if entry.from_ <= when:
                amount = entry.amount
        return amount

    def allocation_dates(self) -> list[date]:
        """Return the dates the allocation changes (none for a plain number)."""
        if isinstance(self.allocation, int):
            return []
        return sorted({e.from_ for e in self.allocation})


class Budget(Model):
    """data/budget.yaml: the frame, the budget areas and programme-level costs."""

    currency: Literal["NOK"] = "NOK"
    frame: Money
    funding: list[FundingSource] = []
    areas: list[Area] = Field(min_length=1)
    costs: list[Measure] = []


class HistoryEntry(Model):
    date: IsoDate
    status: CompanyStatus
    note: LongText | None = None
    correction: Correction | None = None


class ClusterHistoryEntry(Model):
    date: IsoDate
    status: ClusterStatus
    note: LongText | None = None
    correction: Correction | None = None


class Contact(Model):
    name: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class LogEntry(Model):
    """A dated contact with a company or cluster: internal, the report only counts them."""

    date: IsoDate
    text: Text
    by: Ident | None = None


class NextAction(Model):
    what: Text
    due: IsoDate | None = None


class Company(Model):
    """data/companies/<id>.yaml: one company and its way through the programme."""

    name: Text
    org_number: OrgNumber
    region: Ident
    municipality: MunicipalityCode
    nace: NaceCode
    market: Market
    employees: Count | None = None
    process_leader: Ident | None = None
    contact: Contact | None = None
    ambition: LongText | None = None
    history: list[HistoryEntry] = Field(min_length=1)
    measures: list[Measure] = []
    continuation_plan: LongText | None = None
    next_action: NextAction | None = None
    log: list[LogEntry] = []


class Cluster(Model):
    """data/clusters/<id>.yaml: a cluster of companies."""

    name: Text
    region: Ident | list[Ident]
    members: list[FileId] = []
    facilitator: Ident | None = None
    history: list[ClusterHistoryEntry] = Field(min_length=1)
    measures: list[Measure] = []
    continuation_plan: LongText | None = None
    next_action: NextAction | None = None
    log: list[LogEntry] = []

    @property
    def regions(self) -> list[str]:
        return [self.region] if isinstance(self.region, str) else list(self.region)


class Milestone(Model):
    id: Ident
    title: Text
    due: IsoDate
    responsible: Text | None = None
    done: IsoDate | None = None
    note: LongText | None = None
    correction: Correction | None = None


class MilestonePlan(Model):
    """data/milestones.yaml: the milestone plan."""

    milestones: list[Milestone] = []


FREE_TEXT_FIELDS = frozenset(
    {
        "name",
        "full_name",
        "title",
        "note",
        "ambition",
        "continuation_plan",
        "partner",
        "what",
        "text",
        "ref",
        "source",
        "owner",
        "responsible",
        "board",
        "reason",
    }
)
