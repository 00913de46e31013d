"""Read YAML as an editor's language server does: the YAML 1.2 core schema, and JSON's values."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import BaseResolver

# The YAML 1.2 core schema (spec 1.2.2, section 10.3.2), which the YAML language server follows.
# ruamel.yaml's own 1.2 resolver also reads 180_000 and 0b101 as numbers and 2014-01-20 as a
# date; an editor reads all three as text, so this resolver has exactly the spec's rules.
CORE_SCHEMA = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
]


class CoreSchemaResolver(BaseResolver):  # type: ignore[misc]
    """Resolve plain scalars by the YAML 1.2 core schema and nothing else."""

    def __init__(self, version: Any = None, loader: Any = None) -> None:
        super().__init__(loader)

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


for _tag, _pattern, _first in CORE_SCHEMA:
    CoreSchemaResolver.add_implicit_resolver_base(_tag, re.compile(_pattern), _first)


class LenientReader(Reader):  # type: ignore[misc]
    """Let control characters through, as the YAML language server's parser does."""

    def check_printable(self, data: Any) -> None:
        return None


def read_as_an_editor(text: str) -> Any:
    """Parse text as YAML 1.2 core; raises a ruamel.yaml error (a duplicate key too).

    A key stays what YAML 1.2 makes of it: the language server checks `propertyNames` only
    on keys it reads as text, and so does the jsonschema package on keys that are not strings.
    """
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = CoreSchemaResolver
    yaml.Reader = LenientReader
    return yaml.load(text)
