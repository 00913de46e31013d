"""Every top-level command: the module that defines it and its one-line help, in `--help` order.

`bif --help` lists the commands from this table, so it imports none of their modules; running
a command imports only its own. A test checks the table against the commands themselves: the
names, their order and the first paragraph of each docstring (or group help) must match.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    module: str  # under bif_cli.cli
    summary: str  # the first paragraph of its help, as `bif --help` shows it


COMMANDS: dict[str, Entry] = {
    "check": Entry(
        "check",
        "Check every file and rule of the programme; list all problems with file:line:col.",
    ),
    "recruitment": Entry(
        "overview",
        "Show the recruitment pipeline at a date: counts per status and region, a row per company.",
    ),
    "milestones": Entry(
        "overview",
        "Show the milestone plan at a date: done, overdue (listed first) or upcoming.",
    ),
    "measures": Entry(
        "views",
        "List every measure: owner, area, granted, paid to date, paid in a period, released.",
    ),
    "clusters": Entry(
        "views",
        "Show the cluster pipeline at a date: counts per status, a row per cluster.",
    ),
    "diff": Entry(
        "diff",
        "Say what a change means for the programme: statuses, measures, money, milestones.",
    ),
    "schema": Entry(
        "schema",
        "Write JSON Schemas of the data files, so editors check YAML as you type.",
    ),
    "init": Entry(
        "init",
        "Start a new programme repository: asks (or takes flags) for what it needs, commits it.",
    ),
    "add-company": Entry(
        "write",
        "Add a company as identified: writes data/companies/<id>.yaml.",
    ),
    "add-cluster": Entry(
        "write",
        "Add a cluster as identified: writes data/clusters/<id>.yaml.",
    ),
    "add-measure": Entry(
        "write",
        "Add a measure (tiltak) to a company, a cluster or the programme's costs.",
    ),
    "set-status": Entry(
        "write",
        "Add a history entry: a company or cluster has a new status from a date.",
    ),
    "add-payment": Entry(
        "write",
        "Add a payment to a measure.",
    ),
    "milestone-done": Entry(
        "write",
        "Mark a milestone as done on a date.",
    ),
    "submit": Entry(
        "submit",
        "Record that a report was sent: its figures and the SHA-256 of its Markdown.",
    ),
    "site": Entry(
        "site",
        "Build the programme's static site: dashboard, companies, clusters, budget, reports.",
    ),
    "cancel-measure": Entry(
        "daily",
        "Cancel a measure from a date; prints the money it releases (granted but not paid).",
    ),
    "set-next-action": Entry(
        "daily",
        "Set the next action of a company or cluster (what, and by when), or clear it.",
    ),
    "log": Entry(
        "daily",
        "Log a contact with a company or cluster (internal; the report counts contacts).",
    ),
    "set-process-leader": Entry(
        "daily",
        "Give a company a new process leader (a cluster: a new facilitator).",
    ),
    "add-person": Entry(
        "plan",
        "Add a person (project leader, process leader, board member) to program.yaml.",
    ),
    "add-region": Entry(
        "plan",
        "Add a region with its municipalities to program.yaml.",
    ),
    "add-milestone": Entry(
        "plan",
        "Add a milestone to the milestone plan.",
    ),
    "add-area": Entry(
        "plan",
        "Add a budget area (innsatsområde) with its allocation to budget.yaml.",
    ),
    "set-allocation": Entry(
        "plan",
        "Change an area's allocation from a date, by board decision; earlier figures keep theirs.",
    ),
    # The groups come after the commands, as typer lists them.
    "budget": Entry(
        "overview",
        "Money against the frame and the budget areas.",
    ),
    "export": Entry(
        "views",
        "Exports for finance and Excel.",
    ),
    "report": Entry(
        "report",
        "Make the reports the programme owner asks for.",
    ),
    "form": Entry(
        "form",
        "Issue forms on the forge: data entry from a browser, turned into pull requests.",
    ),
    "registry": Entry(
        "registry",
        "The company register (Enhetsregisteret): look up units and keep snapshots of them.",
    ),
}
