"""A client for the company register (Enhetsregisteret's open REST API), on httpx."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bif_cli.domain.registry import RecordError, Unit, parse_unit
from bif_cli.errors import DataError, UsageError
from bif_cli.io.snapshot import parse_json
from bif_cli.io.yamlio import MAX_BYTES

if TYPE_CHECKING:
    from bif_cli.domain.programme import Programme

DEFAULT_URL = "https://data.brreg.no/enhetsregisteret/api"
DEFAULT_TIMEOUT = 5.0
ATTEMPTS = 2  # one retry


class RegistryUnavailable(DataError):
    """The register could not be asked, or its answer could not be read (exit 1)."""


@dataclass(frozen=True)
class Lookup:
    """The register's answer for one org number: found (200), deleted (410) or unknown (404)."""

    org_number: str
    status: Literal["found", "deleted", "unknown"]
    unit: Unit | None = None
    record: dict[str, Any] | None = None


def settings() -> tuple[str, float]:
    """Return (base URL, timeout in seconds) from BIF_REGISTRY_URL and BIF_REGISTRY_TIMEOUT."""
    url = os.environ.get("BIF_REGISTRY_URL", "").strip() or DEFAULT_URL
    if not url.startswith(("http://", "https://")):
        raise UsageError.said("registry.bad_url", url=url[:60])
    text = os.environ.get("BIF_REGISTRY_TIMEOUT", "").strip()
    try:
        timeout = float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        timeout = -1.0
    if not 0 < timeout <= 600:
        raise UsageError.said("registry.bad_timeout", value=text[:30])
    return url.rstrip("/"), timeout


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    """GET url once or twice (one retry on a network failure or a 5xx); return status and body."""
    import httpx

    headers = {"Accept": "application/json", "User-Agent": "bif (programme follow-up)"}
    failure = RegistryUnavailable.said("registry.unreachable", url=url, reason="?")
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for _attempt in range(ATTEMPTS):
            try:
                with client.stream("GET", url) as response:
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > MAX_BYTES:
                            raise RegistryUnavailable.said(
                                "registry.too_big", url=url, limit=MAX_BYTES
                            )
                    status = response.status_code
            except httpx.TimeoutException:
                failure = RegistryUnavailable.said(
                    "registry.timeout", url=url, seconds=f"{timeout:g}", attempts=ATTEMPTS
                )
                continue
            except httpx.TransportError as exc:
                failure = RegistryUnavailable.said(
                    "registry.unreachable", url=url, reason=_reason(exc)
                )
                continue
            if status >= 500:
                failure = RegistryUnavailable.said(
                    "registry.server_error", url=url, status=status, attempts=ATTEMPTS
                )
                continue
            return status, bytes(body)
    raise failure


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "refused" in text.lower():
        return "connection refused"
    if "name or service" in text.lower() or "nodename" in text.lower():
        return "the name does not resolve: no network?"
    return text.splitlines()[0][:120] if text else exc.__class__.__name__


def _record(body: bytes, org_number: str, url: str) -> dict[str, Any]:
    data, _source, problems = parse_json(body, "answer")
    if problems or not isinstance(data, dict):
        reason = problems[0].render("en") if problems else "not a JSON object"
        raise RegistryUnavailable.said(
            "registry.unreadable", org_number=org_number, url=url, reason=reason
        )
    return data


def fetch(org_number: str) -> Lookup:
    """Ask the register for the unit with this org number."""
    base, timeout = settings()
    url = f"{base}/enheter/{org_number}"
    status, body = _get(url, timeout)
    if status == 404:
        return Lookup(org_number, "unknown")
    if status == 410:
        try:
            record = _record(body, org_number, url) if body.strip() else {}
        except RegistryUnavailable:
            record = {}
        if record.get("organisasjonsnummer") != org_number:
            record = {"organisasjonsnummer": org_number}
        try:
            unit = parse_unit(record, gone=True)
        except RecordError:
            record = {"organisasjonsnummer": org_number}
            unit = parse_unit(record, gone=True)
        return Lookup(org_number, "deleted", unit, record)
    if status != 200:
        raise RegistryUnavailable.said("registry.unexpected", url=url, status=status)
    record = _record(body, org_number, url)
    try:
        unit = parse_unit(record)
    except RecordError as exc:
        raise RegistryUnavailable.said(
            "registry.not_a_unit", org_number=org_number, reason=str(exc)
        ) from None
    if unit.org_number != org_number:
        raise RegistryUnavailable.said(
            "registry.other_unit", found=unit.org_number, org_number=org_number
        )
    return Lookup(org_number, "deleted" if unit.deleted else "found", unit, record)


@dataclass(frozen=True)
class Refreshed:
    """What refreshing one company's snapshot did, and what the register changed, in words."""

    company_id: str
    org_number: str
    outcome: Literal["fictional", "unknown", "written", "updated", "unchanged"]
    changes: tuple[str, ...] = ()


def refresh(
    root: Path, programme: Programme, company_ids: list[str], today: date
) -> Iterator[Refreshed]:
    """Fetch each company's unit again and write its snapshot; yield what happened to each.

    A fictional snapshot is kept as it is; a unit the register does not know gets none.
    """
    from bif_cli.domain.registry_compare import unit_changes
    from bif_cli.io.snapshot import read_existing, snapshot_bytes, write_snapshot

    for company_id in company_ids:
        company = programme.companies[company_id]
        number = company.org_number
        old = read_existing(root, number)
        if old is not None and old.fictional:
            yield Refreshed(company_id, number, "fictional")
            continue
        result = fetch(number)
        if result.status == "unknown" or result.unit is None or result.record is None:
            yield Refreshed(company_id, number, "unknown")
            continue
        raw = snapshot_bytes(result.record, today, deleted=result.status == "deleted")
        write_snapshot(root, number, raw)
        said = unit_changes(company.name, old.unit if old else None, result.unit)
        outcome: Literal["written", "updated", "unchanged"] = (
            "written" if old is None else "updated" if said else "unchanged"
        )
        yield Refreshed(company_id, number, outcome, tuple(text for _k, text, _d in said))
