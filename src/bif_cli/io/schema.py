"""JSON Schemas of the programme's files, generated from the models, for editors' YAML support."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from bif_cli.domain import models
from bif_cli.io.atomic import overwrite

SCHEMA_DIR = "schemas"
DIALECT = "http://json-schema.org/draft-07/schema#"

# File kind -> (model, which files it describes). The file name is <kind>.schema.json.
FILES: dict[str, tuple[type[BaseModel], str]] = {
    "program": (models.Program, "data/program.yaml"),
    "budget": (models.Budget, "data/budget.yaml"),
    "milestones": (models.MilestonePlan, "data/milestones.yaml"),
    "company": (models.Company, "data/companies/<id>.yaml"),
    "cluster": (models.Cluster, "data/clusters/<id>.yaml"),
}

# How an editor reads a YAML 1.2 value, and what bif's loader reads as the same value: bif gets
# the text that was typed, the editor a number, a boolean or a string. Each kind of field says
# which of those an editor may show and which text bif accepts.
_FREE_TEXT = ["string", "number", "boolean"]  # `name: 1881` and `note: true` are text to bif
# Python's `$` (the jsonschema package) also matches before a final line break, JavaScript's
# (the YAML language server) does not; `(?!\n)` makes both refuse "0511\n" from a `|` block.
_END = r"$(?!\n)"
_ONE_LINE = r"^[^\r\n]*" + _END  # BIF107: no line break in a single-line field
_MONEY = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": f"^(?:{models._MONEY.pattern}){_END}"},
    ]
}
_COUNT = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": f"^(?:{models._INT.pattern}){_END}"},
    ]
}
_ORG_NUMBER = {
    "anyOf": [
        # Unquoted, an editor reads 921588135 as a number: nine digits are 10^8 to 10^9 - 1.
        {"type": "integer", "minimum": 100_000_000, "maximum": 999_999_999},
        # bif drops every space, so "96 512 4071" and "921588135 " are nine digits too.
        {"type": "string", "pattern": r"^ *(?:\d *){9}" + _END},
    ]
}
# A real calendar date: `format: date` alone lets the YAML language server pass 2014-02-30.
_DAY_OF_MONTH = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE_PATTERN = rf"^(?!0000)(?:\d{{4}}-{_DAY_OF_MONTH}|{_LEAP_YEAR}-02-29){_END}"
# Ids may be all digits or `true` to bif; an editor reads those as a number or a boolean.
_ID_TYPES = ["string", "integer", "boolean"]
_ID_PATTERNS = {models.ID_PATTERN, models.FILE_ID_PATTERN}
_MODEL_COUNT = {"type": "integer", "minimum": 0}
_ORG_MODEL_PATTERN = r"^\d{3} ?\d{3} ?\d{3}$"
_DIGITS_ONLY = (
    "Digits only: bif refuses 250000.0, 2.5e5 and 0x3D090, which an editor reads as the number "
    "250000 and cannot tell apart."
)
_DIGITS_IN_QUOTES = "Write it in quotes: unquoted, an editor reads 0511 as the number 511."

# What a field means, shown by editors on hover; the same words as the skeletons of `bif init`.
FIELD_HELP = {
    "owner": "Programeier: who owns the programme, e.g. a county council.",
    "responsible": "Who runs it (programansvarlig) or is responsible.",
    "period": "The programme's period: start and end, YYYY-MM-DD.",
    "regions": "Regions with their municipalities (kommunenummer: name).",
    "municipalities": 'Municipality numbers (4 digits, in quotes, like "0511") and names. '
    "Unquoted, a key is a number to an editor, which then leaves it unchecked; bif check "
    "checks it, and also refuses a municipality listed in two regions.",
    "people": "People: id, name and role; companies name their process leader by id.",
    "excluded_nace": "NACE code prefixes (SN2007) outside the target group.",
    "frame": "The owner's frame in whole kroner (250000 or 250 000). " + _DIGITS_ONLY,
    "funding": "Where the frame's money comes from: source and amount.",
    "areas": "Budget areas (innsatsområder); measures name their area by id. "
    "bif check also adds the allocations up against the frame.",
    "allocation": "Money allocated to the area, whole kroner. " + _DIGITS_ONLY,
    "amount": "Whole kroner (250000 or 250 000). " + _DIGITS_ONLY,
    "costs": "Programme-level measures that belong to no company or cluster.",
    "org_number": 'Organisation number: 9 digits, best in quotes ("921 588 135" may have '
    "spaces). The editor checks the digits; bif check also checks the mod-11 check digit "
    "and that no other company file has the same number.",
    "region": "A region id from data/program.yaml (bif check looks it up there).",
    "municipality": 'A municipality number in the region, 4 digits in quotes, like "0511". '
    + _DIGITS_IN_QUOTES
    + " bif check also checks that it is in the company's region.",
    "nace": 'The SN2007 (NACE) industry code, like "16.230", in quotes: unquoted, an editor '
    "reads 16.230 as the number 16.23.",
    "market": "The company's market; the target group is national or international.",
    "employees": "Number of employees, whole digits (optional).",
    "process_leader": "The prosessleder: a person id from data/program.yaml.",
    "facilitator": "Who facilitates the cluster: a person id from data/program.yaml.",
    "members": "Company ids (file stems in data/companies/).",
    "history": "Dated status entries, oldest first; the status at a date is the last one. "
    "bif check also checks that the dates are in order and that 'completed' comes after "
    "'agreement' (clusters: 'established').",
    "continuation_plan": "Plan for videreføring: required once completed.",
    "next_action": "The next thing to do, and when (optional).",
    "measures": "Measures (tiltak): what the programme grants and pays. bif check also "
    "checks that ids are unique in the file and that a measure ends after it starts.",
    "kind": "The kind of measure; rnd, competence and leadership count for the main goal.",
    "area": "A budget area id from data/budget.yaml.",
    "granted": "Money committed by the programme, whole kroner (0 allowed). " + _DIGITS_ONLY,
    "granted_on": "The day the money was granted, YYYY-MM-DD.",
    "start": "The day it starts, YYYY-MM-DD (a measure: leave out while planned).",
    "end": "The day it ends, YYYY-MM-DD (a measure: leave out until known).",
    "cancelled_on": "The day it was cancelled; releases what is granted but unpaid.",
    "payments": "Payments: date and amount. bif check also checks that none is dated before "
    "the grant and that they add up to no more than granted.",
    "due": "The deadline, YYYY-MM-DD.",
    "done": "The day it was reached (leave out until then).",
    "note": "Free text; for an exit status, say why.",
}

# Said once per file: what `bif check` refuses that no JSON Schema can see.
BIF_CHECK_ONLY = (
    "The editor checks each field's form. Only bif check sees the rest, so it stays the final "
    "word: check digits of organisation numbers, ids unique within the file, dates in order "
    "and compared with each other, payments against grants, references to other files "
    "(regions, people, budget areas, companies), anchors and aliases (&x, *x), explicit tags "
    "(!!str), tabs and control characters, and how the file is stored (UTF-8, at most 1 MB). "
    "A number such as 180000.0, 1.8e+5 or 0x2BF20 is refused by bif; an editor sees only its "
    "value."
)


class _BifJsonSchema(GenerateJsonSchema):
    """Describe validator chains by their last step, and single-line text by its pattern."""

    def chain_schema(self, schema: core_schema.ChainSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["steps"][-1])

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        if schema["function"]["function"] is models._single_line:
            return {**inner, "pattern": _ONE_LINE}
        return inner


def _as_an_editor_reads(node: Any) -> None:
    """Rewrite the models' schema in place for values as an editor reads them from YAML 1.2."""
    if isinstance(node, list):
        for item in node:
            _as_an_editor_reads(item)
        return
    if not isinstance(node, dict):
        return
    options = node.get("anyOf", [])
    if _MODEL_COUNT in options and any(option.get("type") == "string" for option in options):
        node.update(_MONEY)  # the models' money: a whole number, or digits in a string
        return
    if {k: v for k, v in node.items() if k != "title"} == _MODEL_COUNT:
        del node["type"], node["minimum"]
        node.update(_COUNT)
        return
    if node.get("type") == "string":
        pattern = node.get("pattern")
        if pattern == _ORG_MODEL_PATTERN:
            del node["type"], node["pattern"]
            node.update(_ORG_NUMBER)
        elif node.get("format") == "date":
            node["pattern"] = _DATE_PATTERN
        elif pattern in _ID_PATTERNS:
            node.update(type=list(_ID_TYPES), minimum=0, maxLength=60)
        elif pattern is None or pattern == _ONE_LINE:
            if "enum" not in node:
                node["type"] = list(_FREE_TEXT)
        # Any other pattern (municipality, NACE) wants digits as typed: text only.
    if node.get("type") == "object" and "patternProperties" in node:
        ((key_pattern, value),) = node.pop("patternProperties").items()
        node["propertyNames"] = {"pattern": key_pattern}
        node["additionalProperties"] = value
    for owner in (node, node.get("propertyNames", {})):
        if owner.get("pattern", "").endswith("$"):
            owner["pattern"] = _at_the_very_end(owner["pattern"])
    for name, child in node.get("properties", {}).items():
        if name in FIELD_HELP and isinstance(child, dict):
            child.setdefault("description", FIELD_HELP[name])
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for child in value.values():
                _as_an_editor_reads(child)
        elif key in ("items", "anyOf", "additionalProperties"):
            _as_an_editor_reads(value)
    if "anyOf" in node:  # a count that may be null: one list of choices, not one inside another
        node["anyOf"] = [
            choice
            for option in node["anyOf"]
            for choice in (option["anyOf"] if list(option) == ["anyOf"] else [option])
        ]


def _at_the_very_end(pattern: str) -> str:
    """End a pattern so that Python's `$` too refuses a final line break, as JavaScript's does."""
    return pattern if pattern.endswith(_END) else pattern[:-1] + _END


def _completed_needs(before: str) -> dict[str, Any]:
    """BIF206/BIF207 as far as a schema can say them: a 'completed' history needs both."""
    completed = {"required": ["status"], "properties": {"status": {"const": "completed"}}}
    earlier = {"required": ["status"], "properties": {"status": {"const": before}}}
    return {
        "if": {"required": ["history"], "properties": {"history": {"contains": completed}}},
        "then": {
            "required": ["continuation_plan"],
            "properties": {
                "continuation_plan": {"not": {"type": "null"}},
                "history": {"contains": earlier},
            },
        },
    }


_EXTRA = {"company": _completed_needs("agreement"), "cluster": _completed_needs("established")}


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one kind of file: program, budget, milestones, company, cluster."""
    model, files = FILES[kind]
    body = model.model_json_schema(schema_generator=_BifJsonSchema)
    _as_an_editor_reads(body)
    described = (model.__doc__ or "").strip().splitlines()[0]
    return {
        "$schema": DIALECT,
        "title": f"bif: {files}",
        **{k: v for k, v in body.items() if k != "title"},
        **_EXTRA.get(kind, {}),
        "description": f"{described} {BIF_CHECK_ONLY}",
    }


def render(kind: str) -> str:
    """Return the schema file's text: indented JSON with a final newline."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into directory (created if needed); return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILES:
        path = directory / f"{kind}.schema.json"
        text = render(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            overwrite(path, text.encode("utf-8"))
        written.append(path)
    return written


def stale_schemas(directory: Path) -> list[str]:
    """Return the names of schema files in directory that are missing or out of date."""
    stale = []
    for kind in FILES:
        path = directory / f"{kind}.schema.json"
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind):
            stale.append(path.name)
    return stale


def modeline(kind: str, depth: int) -> str:
    """Return the yaml-language-server comment for a file `depth` folders below the root."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json"
