"""Programme: a loaded programme's files as one value, and where each file lives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bif_cli.errors import Problem, Severity
from bif_cli.texts import Arg

if TYPE_CHECKING:
    from bif_cli.domain import models
    from bif_cli.domain.quarter import Quarter
    from bif_cli.domain.registry import Snapshot
    from bif_cli.domain.submitted import SubmittedRecord

PROGRAM_FILE = "data/program.yaml"
BUDGET_FILE = "data/budget.yaml"
MILESTONES_FILE = "data/milestones.yaml"
# The programme's own files: the context every company and cluster is checked in.
PROGRAMME_FILES = (PROGRAM_FILE, BUDGET_FILE, MILESTONES_FILE)
COMPANIES_DIR = "data/companies"
CLUSTERS_DIR = "data/clusters"
REPORTS_DIR = "data/reports"

Loc = tuple[str | int, ...]


class Source(Protocol):
    """A parsed file that can say where a node stands (the loader's LoadedYaml is one)."""

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]: ...


# Plain data about a company, dates as ordinals (see domain/rules_index.py company_facts):
# - its org number;
# - per area, (date, change of the money committed) wherever it changes;
# - what `bif budget check` reads (BudgetFacts): per area its money (see MoneyFacts), and
#   each measure whose payments add up to more than its grant: (its index, its id, granted,
#   its payments as (date, amount) in file order);
# - what the recruitment overview and the terms read (CompanyRecord).
Dated = tuple[tuple[int, int], ...]  # (date ordinal, amount)
AreaChanges = tuple[tuple[str, Dated], ...]
# A set of measures' money: (grants, payments, cancelled). grants and payments are (date,
# amount) summed per date, grants over the measures never cancelled and payments over every
# measure; each cancelled measure is (granted_on, granted, cancelled_on, its payments in
# file order). See timeline.money_of.
CancelledMoney = tuple[int, int, int, Dated]
MoneyFacts = tuple[Dated, Dated, tuple[CancelledMoney, ...]]
AreaMoneyFacts = tuple[tuple[str, MoneyFacts], ...]
Overrun = tuple[int, str, int, Dated]
# A measure as the reports read it: kind, granted_on, start, end, cancelled_on, id, title,
# area, partner, granted, and its payments as (date, amount) in file order.
MeasureRecord = tuple[
    str, int, int | None, int | None, int | None, str, str, str, str | None, int, Dated
]
# What the reading commands and the reports read of a company (see
# domain/company_record.py): name, region, municipality, process leader, next action (what,
# due), continuation plan, history as (date, status), each measure (MeasureRecord), each
# history entry's note (in the history's order) and the dates of its contact log.
CompanyRecord = tuple[
    str,
    str,
    str,
    str | None,
    tuple[str, int | None] | None,
    str | None,
    tuple[tuple[int, str], ...],
    tuple[MeasureRecord, ...],
    tuple[str | None, ...],
    tuple[int, ...],
]
BudgetFacts = tuple[AreaMoneyFacts, tuple[Overrun, ...]]
# The parts a reading command reads are kept marshalled (rules_index.budget_facts and
# company_record): a `bif check` after an edit reads only the org number and the changes.
CompanyFacts = tuple[str, AreaChanges, bytes, bytes]


@dataclass
class Programme:
    """A loaded programme: the models that validated, and the marks to locate anything in them."""

    root: Path
    program: models.Program | None = None
    budget: models.Budget | None = None
    milestones: models.MilestonePlan | None = None
    companies: dict[str, models.Company] = field(default_factory=dict)
    clusters: dict[str, models.Cluster] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    # Ids whose file exists but did not validate: references to them are not "unknown".
    broken_companies: set[str] = field(default_factory=set)
    broken_clusters: set[str] = field(default_factory=set)
    # data/submitted/*.yaml by path: what earlier reports told the owner.
    submitted: dict[str, SubmittedRecord] = field(default_factory=dict)
    # The company register's snapshots (data/registry/<orgnr>.json), by org number.
    registry: dict[str, Snapshot] = field(default_factory=dict)
    # Companies loaded as plain facts only (see domain/rules_index.py), by company id.
    facts: dict[str, CompanyFacts] = field(default_factory=dict)
    # What rules_index made of whole companies (records, money), by (company id, maker): kept
    # with the programme, so it never holds a company longer than the programme does.
    made: dict[tuple[str, object], tuple[object, object]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def whole_company(self, company_id: str) -> models.Company:
        """Return one company whole (a skeleton is loaded whole, see io/skeleton.py)."""
        return self.loaded_companies()[company_id]

    def loaded_companies(self) -> dict[str, models.Company]:
        """Return the companies as loaded: a company loaded as a skeleton stands there, its
        facts in facts (see io/skeleton.py), so reading this never makes it whole."""
        return self.companies

    def only_companies(self, company_ids: set[str]) -> dict[str, Any]:
        """Return the fields that narrow this programme to these companies, for
        dataclasses.replace: their models as loaded and their kept facts (none made whole)."""
        return {
            "companies": {i: c for i, c in self.loaded_companies().items() if i in company_ids},
            "facts": {i: f for i, f in self.facts.items() if i in company_ids},
        }

    @staticmethod
    def company_path(company_id: str) -> str:
        return f"{COMPANIES_DIR}/{company_id}.yaml"

    @staticmethod
    def cluster_path(cluster_id: str) -> str:
        return f"{CLUSTERS_DIR}/{cluster_id}.yaml"

    def problem(
        self,
        path: str,
        loc: Loc,
        severity: Severity,
        code: str,
        text: str,
        *,
        key: bool = False,
        **values: Arg,
    ) -> Problem:
        """Make a problem located at loc (a key/index path) in the file at path.

        text is its message id in texts.MESSAGES; values are the message's arguments.
        """
        source = self.sources.get(path)
        line, column = source.locate(loc, key=key) if source else (1, 1)
        return Problem(path, line, column, severity, code, text, tuple(values.items()))

    def owners(self) -> Iterable[tuple[str, str, list[models.Measure]]]:
        """Yield (path, owner id, measures) for every company, cluster and the programme costs."""
        for company_id, company in self.companies.items():
            yield self.company_path(company_id), company_id, company.measures
        for cluster_id, cluster in self.clusters.items():
            yield self.cluster_path(cluster_id), cluster_id, cluster.measures
        if self.budget is not None:
            yield BUDGET_FILE, "costs", self.budget.costs

    def measures_loc(self, owner_id: str) -> Loc:
        return ("costs",) if owner_id == "costs" else ("measures",)


def narrative_path(quarter: Quarter) -> str:
    """Return where the quarter's narrative lives, relative to the programme root."""
    return f"{REPORTS_DIR}/{quarter.stem}.md"
