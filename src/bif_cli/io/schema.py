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

# The loader hands every scalar to the models as typed text, so `250000` in quotes is money too.
_MONEY_PATTERN = f"^(?:{models._MONEY.pattern})$"
# What the YAML language server may see where bif reads plain text: `0511`, `16.230` or `true`.
_PLAIN_SCALARS = ["string", "number", "boolean"]


# What a field means, shown by editors on hover; the same words as the skeletons of `bif init`.
FIELD_HELP = {
    "owner": "Programeier: who owns the programme, e.g. a county council.",
    "responsible": "Who runs it (programansvarlig) or is responsible.",
    "period": "The programme's period: start and end, YYYY-MM-DD.",
    "regions": "Regions with their municipalities (kommunenummer: name).",
    "municipalities": 'Municipality numbers (4 digits, in quotes, like "0511") and names.',
    "people": "People: id, name and role; companies name their process leader by id.",
    "excluded_nace": "NACE code prefixes (SN2007) outside the target group.",
    "frame": "The owner's frame in whole kroner (250000 or 250 000).",
    "funding": "Where the frame's money comes from: source and amount.",
    "areas": "Budget areas (innsatsområder); measures name their area by id.",
    "allocation": "Money allocated to the area, whole kroner; or a dated list of "
    "{from, amount, ref} (board decisions), each in force from its date.",
    "log": "Contact log: dated entries {date, text, by}; internal, the report counts them.",
    "costs": "Programme-level measures that belong to no company or cluster.",
    "org_number": "Organisation number: 9 digits with a valid check digit, in quotes.",
    "region": "A region id from data/program.yaml.",
    "municipality": 'A municipality number in the region, 4 digits in quotes, like "0511".',
    "nace": 'The SN2007 (NACE) industry code, like "16.230".',
    "market": "The company's market; the target group is national or international.",
    "process_leader": "The prosessleder: a person id from data/program.yaml.",
    "facilitator": "Who facilitates the cluster: a person id from data/program.yaml.",
    "members": "Company ids (file stems in data/companies/).",
    "history": "Dated status entries, oldest first; the status at a date is the last one.",
    "continuation_plan": "Plan for videreføring: required once completed.",
    "next_action": "The next thing to do, and when (optional).",
    "measures": "Measures (tiltak): what the programme grants and pays.",
    "kind": "The kind of measure; rnd, competence and leadership count for the main goal.",
    "area": "A budget area id from data/budget.yaml.",
    "granted": "Money committed by the programme, whole kroner (0 allowed).",
    "granted_on": "The day the money was granted, YYYY-MM-DD.",
    "start": "The day it starts, YYYY-MM-DD (a measure: leave out while planned).",
    "end": "The day it ends, YYYY-MM-DD (a measure: leave out until known).",
    "cancelled_on": "The day it was cancelled; releases what is granted but unpaid.",
    "payments": "Payments: date and amount; they add up to no more than granted.",
    "due": "The deadline, YYYY-MM-DD.",
    "done": "The day it was reached (leave out until then).",
    "note": "Free text; for an exit status, say why.",
}


class _BifJsonSchema(GenerateJsonSchema):
    """Describe a chain of validators by its last step, where the field's constraints are."""

    def chain_schema(self, schema: core_schema.ChainSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["steps"][-1])


def _accept_typed_text(node: Any) -> None:
    """Widen the schema in place to accept what bif's loader accepts."""
    if isinstance(node, list):
        for item in node:
            _accept_typed_text(item)
        return
    if not isinstance(node, dict):
        return
    if "anyOf" in node and {"type": "integer", "minimum": 0} in node["anyOf"]:
        for option in node["anyOf"]:
            if option.get("type") == "string" and "pattern" in option:
                option["pattern"] = _MONEY_PATTERN  # money: 250000, 250 000 or "250000"
        return  # money is a whole number or grouped digits, never any other scalar
    if node.get("type") == "string" and "enum" not in node and "format" not in node:
        node["type"] = list(_PLAIN_SCALARS)
    for name, child in node.get("properties", {}).items():
        if name in FIELD_HELP and isinstance(child, dict):
            child.setdefault("description", FIELD_HELP[name])
    for key, value in node.items():
        if key in ("properties", "$defs", "patternProperties"):
            for child in value.values():
                _accept_typed_text(child)
        elif key in ("items", "anyOf", "additionalProperties"):
            _accept_typed_text(value)


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one kind of file: program, budget, milestones, company, cluster."""
    model, files = FILES[kind]
    body = model.model_json_schema(schema_generator=_BifJsonSchema)
    _accept_typed_text(body)
    described = (model.__doc__ or "").strip().splitlines()[0]
    return {
        "$schema": DIALECT,
        "title": f"bif: {files}",
        **{k: v for k, v in body.items() if k != "title"},
        "description": described,
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
