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
from bif_cli.texts import DEFAULT_LANGUAGE, MESSAGES, say

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
# bif groups thousands by a space, a no-break space or a narrow no-break space alike.
_MONEY_TEXT = models._MONEY.pattern.replace(" ", "[ \u00a0\u202f]")
_MONEY = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": f"^(?:{_MONEY_TEXT}){_END}"},
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
        {"type": "string", "pattern": r"^ *(?:[0-9] *){9}" + _END},
    ]
}
# A real calendar date: `format: date` alone lets the YAML language server pass 2014-02-30.
_DAY_OF_MONTH = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = r"(?:[0-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE_PATTERN = rf"^(?!0000)(?:[0-9]{{4}}-{_DAY_OF_MONTH}|{_LEAP_YEAR}-02-29){_END}"
# Ids may be all digits or `true` to bif; an editor reads those as a number or a boolean.
_ID_TYPES = ["string", "integer", "boolean"]
_ID_PATTERNS = {models.ID_PATTERN, models.FILE_ID_PATTERN}
_MODEL_COUNT = {"type": "integer", "minimum": 0}
_ORG_MODEL_PATTERN = r"^[0-9]{3} ?[0-9]{3} ?[0-9]{3}$"
# What a field means, shown by editors on hover: schema.help.<field> in the catalogue.
FIELDS_WITH_HELP = frozenset(
    name[len("schema.help.") :] for name in MESSAGES if name.startswith("schema.help.")
)
# Money fields also say which numbers an editor cannot tell from digits.
_MONEY_FIELDS = frozenset({"frame", "allocation", "amount", "granted"})


def field_help(name: str, lang: str) -> str:
    """Return the hover text of a field in lang (nb or en)."""
    text = say(f"schema.help.{name}", lang)
    return f"{text} {say('schema.digits_only', lang)}" if name in _MONEY_FIELDS else text


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


def _as_an_editor_reads(node: Any, lang: str) -> None:
    """Rewrite the models' schema in place for values as an editor reads them from YAML 1.2."""
    if isinstance(node, list):
        for item in node:
            _as_an_editor_reads(item, lang)
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
        if name in FIELDS_WITH_HELP and isinstance(child, dict):
            child["description"] = field_help(name, lang)
    for key, value in node.items():
        if key in ("properties", "$defs"):
            for child in value.values():
                _as_an_editor_reads(child, lang)
        elif key in ("items", "anyOf", "additionalProperties"):
            _as_an_editor_reads(value, lang)
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


def json_schema(kind: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Return the JSON Schema of one kind of file (program, budget, milestones, company,
    cluster), its hover texts in lang."""
    model, files = FILES[kind]
    body = model.model_json_schema(schema_generator=_BifJsonSchema)
    _as_an_editor_reads(body, lang)
    return {
        "$schema": DIALECT,
        "title": f"bif: {files}",
        **{k: v for k, v in body.items() if k != "title"},
        **_EXTRA.get(kind, {}),
        "description": f"{say(f'schema.about.{kind}', lang)} {say('schema.bif_check_only', lang)}",
    }


def render(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return the schema file's text: indented JSON with a final newline."""
    return json.dumps(json_schema(kind, lang), ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path, lang: str = DEFAULT_LANGUAGE) -> list[Path]:
    """Write every schema into directory (created if needed); return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILES:
        path = directory / f"{kind}.schema.json"
        text = render(kind, lang)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            overwrite(path, text.encode("utf-8"))
        written.append(path)
    return written


def stale_schemas(directory: Path, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Return the names of schema files in directory that are missing or out of date."""
    stale = []
    for kind in FILES:
        path = directory / f"{kind}.schema.json"
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != render(kind, lang):
            stale.append(path.name)
    return stale


def modeline(kind: str, depth: int) -> str:
    """Return the yaml-language-server comment for a file `depth` folders below the root."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json"
