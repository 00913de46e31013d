"""GitHub issue forms for the writing commands: forms made from the data, filled forms read back."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from bif_cli.domain import models
from bif_cli.domain.programme import Programme
from bif_cli.texts import say
from bif_cli.texts_web import CATALOGUES, web_catalogue

FORM_DIR = ".github/ISSUE_TEMPLATE"
LABEL_PREFIX = "bif:"
NO_RESPONSE = "_No response_"
# GitHub's dropdowns get hard to use past this; a text field checked with did-you-mean instead.
MAX_DROPDOWN = 100
OPTION_SEPARATOR = " – "


@dataclass(frozen=True)
class FormField:
    """One field of a form: its id, the command's option or arguments it fills, and its choices."""

    id: str
    args: tuple[str, ...]
    required: bool = False
    choices: str | None = None
    text: str | None = None  # the catalogue entry of its label, when not the id

    @property
    def text_key(self) -> str:
        return self.text or self.id

    @property
    def is_option(self) -> bool:
        return self.args[0].startswith("--")


def _f(id_: str, *args: str, required: bool = False, choices: str | None = None) -> FormField:
    return FormField(id_, args or (f"--{id_.replace('_', '-')}",), required, choices)


# One form per writing command a process leader needs, fields in the order they are shown.
FORMS: dict[str, tuple[FormField, ...]] = {
    "add-company": (
        _f("name", "NAME", required=True),
        _f("org_number", required=True),
        _f("region", required=True, choices="regions"),
        _f("municipality", required=True, choices="municipalities"),
        _f("nace", required=True),
        _f("market", required=True, choices="markets"),
        _f("process_leader", choices="people"),
        _f("date"),
        _f("note"),
        _f("id"),
    ),
    "set-status": (
        _f("owner", "OWNER", required=True, choices="owners"),
        _f("status", "STATUS", required=True, choices="statuses"),
        _f("date"),
        _f("note"),
        _f("continuation_plan"),
    ),
    "add-measure": (
        FormField("owner", ("OWNER",), True, "owners_costs", "owner_costs"),
        _f("title", required=True),
        _f("kind", required=True, choices="kinds"),
        _f("area", required=True, choices="areas"),
        _f("granted", required=True),
        _f("granted_on"),
        _f("start"),
        _f("end"),
        _f("partner"),
        _f("id"),
    ),
    "add-payment": (
        _f("measure", "OWNER", "MEASURE", required=True, choices="measures"),
        _f("amount", "AMOUNT", required=True),
        _f("date"),
    ),
    "cancel-measure": (
        _f("measure", "OWNER", "MEASURE", required=True, choices="measures"),
        _f("date"),
    ),
    "set-next-action": (
        _f("owner", "ID", required=True, choices="owners"),
        _f("what", "WHAT", required=True),
        _f("due"),
    ),
    "log": (
        _f("owner", "ID", required=True, choices="owners"),
        _f("text", "TEXT", required=True),
        _f("date"),
        _f("by", choices="people"),
    ),
    "milestone-done": (
        _f("milestone", "ID", required=True, choices="milestones"),
        _f("date"),
    ),
}
KINDS = tuple(FORMS)

Choices = dict[str, list[tuple[str, str]]]


def choices(programme: Programme, lang: str) -> Choices:
    """Return every list a form offers, as (id, label) pairs taken from the programme's data."""
    t = web_catalogue(lang)
    program, budget, plan = programme.program, programme.budget, programme.milestones
    regions = list(program.regions) if program else []
    people = [(p.id, p.name) for p in program.people] if program else []
    owners = [(i, c.name) for i, c in sorted(programme.companies.items())]
    owners += [(i, c.name) for i, c in sorted(programme.clusters.items())]
    names = dict(owners)
    entities: list[tuple[str, models.Company | models.Cluster]] = [
        *sorted(programme.companies.items()),
        *sorted(programme.clusters.items()),
    ]
    measures = [
        (f"{owner}/{m.id}", f"{m.title} ({names[owner]})")
        for owner, entity in entities
        for m in entity.measures
    ]
    if budget is not None:
        measures += [(f"costs/{m.id}", f"{m.title} ({t['costs_owner']})") for m in budget.costs]
    cluster_only = [s for s in models.CLUSTER_STATUSES if s not in models.COMPANY_STATUSES]
    return {
        "regions": [(r.id, r.name) for r in regions],
        "municipalities": [
            (code, f"{town} ({r.name})") for r in regions for code, town in r.municipalities.items()
        ],
        "people": people,
        "markets": [(m, t["market_name"][m]) for m in models.MARKETS],
        "owners": owners,
        "owners_costs": [*owners, ("costs", t["costs_owner"])] if budget is not None else owners,
        "statuses": [(s, t["status_name"][s]) for s in models.COMPANY_STATUSES]
        + [(s, t["cluster_status_name"][s]) for s in cluster_only],
        "kinds": [(k, t["kind_name"][k]) for k in models.MEASURE_KINDS],
        "areas": [(a.id, a.name) for a in budget.areas] if budget else [],
        "measures": measures,
        "milestones": [(m.id, m.title) for m in plan.milestones if m.done is None] if plan else [],
    }


def option_text(choice_id: str, label: str) -> str:
    """Return a dropdown option: the id first, so a chosen option reads back unambiguously."""
    return f"{choice_id}{OPTION_SEPARATOR}{label}"


def _element(spec: FormField, listed: Choices, t: dict[str, Any]) -> dict[str, Any]:
    label, help_text = t["fields"][spec.text_key]
    attributes: dict[str, Any] = {"label": label, "description": help_text}
    offered = listed.get(spec.choices, []) if spec.choices else []
    kind = "input"
    if spec.choices and 0 < len(offered) <= MAX_DROPDOWN:
        kind = "dropdown"
        attributes["options"] = [option_text(i, name) for i, name in offered]
    elif spec.choices:
        attributes["description"] = f"{help_text} {t['too_many'].format(count=len(offered))}"
    return {
        "type": kind,
        "id": spec.id,
        "attributes": attributes,
        "validations": {"required": spec.required},
    }


def form_yaml(kind: str, listed: Choices, lang: str) -> str:
    """Return the issue form of one writing command as YAML text."""
    t = web_catalogue(lang)
    name, description = t["forms"][kind]
    form = {
        "name": name,
        "description": description,
        "title": f"{name}: ",
        "labels": [LABEL_PREFIX + kind],
        "body": [
            {"type": "markdown", "attributes": {"value": t["form_intro"]}},
            *(_element(spec, listed, t) for spec in FORMS[kind]),
        ],
    }
    text = yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=4096)
    return f"# {t['generated']}\n{text}"


def all_forms(programme: Programme, lang: str) -> dict[str, str]:
    """Return {file name: YAML text} of every form, in lang."""
    listed = choices(programme, lang)
    return {f"{kind}.yml": form_yaml(kind, listed, lang) for kind in KINDS}


@dataclass(frozen=True)
class FieldError:
    """Something wrong with one field of a filled form: the field's label and what is wrong."""

    label: str
    message: str


@dataclass
class FilledForm:
    """A filled form read back: the value of each field (None: left empty) and what was wrong."""

    values: dict[str, str | None] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def _labels(kind: str) -> dict[str, str]:
    """Map each field's label, in every language, to the field's id."""
    found: dict[str, str] = {}
    for catalogue in CATALOGUES.values():
        for spec in FORMS[kind]:
            found[catalogue["fields"][spec.text_key][0].casefold()] = spec.id
    return found


_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$")


def parse_body(kind: str, body: str, lang: str) -> FilledForm:
    """Read the Markdown body GitHub makes of a filled form: `### Label` and the value below it."""
    labels = _labels(kind)
    filled = FilledForm()
    current: str | None = None
    chunks: dict[str, list[str]] = {}
    outside: list[str] = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _HEADING.match(line)
        field_id = labels.get(match.group(1).casefold()) if match else None
        if field_id is not None:
            if field_id in chunks:
                filled.errors.append(
                    FieldError(label_of(kind, field_id, lang), say("form.twice", lang))
                )
            current = field_id
            chunks[field_id] = []
        elif current is None:
            if line.strip():
                outside.append(line.strip())
        else:
            chunks[current].append(line)
    if outside:
        filled.errors.append(
            FieldError("", say("form.outside", lang, excerpt=_shorten(outside[0])))
        )
    for spec in FORMS[kind]:
        text = "\n".join(chunks.get(spec.id, [])).strip()
        value = None if text in ("", NO_RESPONSE) else text
        if value is not None and "\n" in value:
            filled.errors.append(
                FieldError(label_of(kind, spec.id, lang), say("form.one_line", lang))
            )
        elif value is None and spec.required:
            filled.errors.append(
                FieldError(label_of(kind, spec.id, lang), say("form.missing", lang))
            )
        filled.values[spec.id] = value
    return filled


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def label_of(kind: str, field_id: str, lang: str) -> str:
    """Return the label a field has in the form, in lang."""
    spec = next(s for s in FORMS[kind] if s.id == field_id)
    label: str = CATALOGUES[lang]["fields"][spec.text_key][0]
    return label


def resolve_choice(value: str, offered: list[tuple[str, str]], lang: str) -> str | FieldError:
    """Return the id a chosen option, typed id or typed name stands for, or what is wrong."""
    ids = {i for i, _ in offered}
    head = value.split(OPTION_SEPARATOR, 1)[0].strip()
    if head in ids:
        return head
    folded = value.strip().casefold()
    by_fold = {i.casefold(): i for i in ids} | {name.casefold(): i for i, name in offered}
    if folded in by_fold:
        return by_fold[folded]
    message = say("form.unknown_choice", lang, value=_shorten(value))
    close = difflib.get_close_matches(folded, list(by_fold), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(by_fold[c] for c in close))
    if suggestions:
        return FieldError(
            "", f"{message}; {say('form.did_you_mean', lang, options=_or(suggestions))}"
        )
    if len(offered) <= 20:
        return FieldError(
            "", f"{message}; {say('form.choose_from', lang, options=', '.join(sorted(ids)))}"
        )
    return FieldError("", message)


def _or(options: list[str]) -> str:
    return ", ".join(f"«{o}»" for o in options)


def command_args(
    kind: str, filled: FilledForm, listed: Choices, lang: str
) -> tuple[list[str], list[FieldError]]:
    """Turn a filled form into the command's arguments: options first, then `--` and positionals."""
    options: list[str] = []
    positionals: list[str] = []
    errors: list[FieldError] = []
    for spec in FORMS[kind]:
        value = filled.values.get(spec.id)
        if value is None:
            continue
        if spec.choices:
            chosen = resolve_choice(value, listed.get(spec.choices, []), lang)
            if isinstance(chosen, FieldError):
                errors.append(FieldError(label_of(kind, spec.id, lang), chosen.message))
                continue
            value = chosen
        parts = value.split("/", 1) if len(spec.args) == 2 else [value]
        for arg, part in zip(spec.args, parts, strict=True):
            if arg.startswith("--"):
                options.append(f"{arg}={part}")
            else:
                positionals.append(part)
    return [*options, "--", *positionals], errors


def field_for_argument(kind: str, argument: str, lang: str) -> str | None:
    """Return the label of the field that fills a command's option or argument (like --nace)."""
    for spec in FORMS[kind]:
        if argument in spec.args:
            return label_of(kind, spec.id, lang)
    return None
