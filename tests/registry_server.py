"""A stand-in for the company register: a real HTTP server on 127.0.0.1 serving hand-made records.

The records follow the shape of Enhetsregisteret's published OpenAPI specification
(`/enheter/{organisasjonsnummer}`: 200 with the unit, 404 unknown, 410 removed). The
units are fictional.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


def enhet(
    org_number: str,
    name: str,
    *,
    nace: str = "16.230",
    nace_text: str = "Produksjon av monteringsferdige hus og bygningsartikler av tre",
    employees: int = 24,
    municipality: tuple[str, str] = ("3437", "SEL"),
    **extra: Any,
) -> dict[str, Any]:
    """Return a unit in the register's JSON shape (with the links and fields bif ignores)."""
    base = "http://127.0.0.1/enhetsregisteret/api"
    record: dict[str, Any] = {
        "organisasjonsnummer": org_number,
        "navn": name,
        "organisasjonsform": {
            "kode": "AS",
            "beskrivelse": "Aksjeselskap",
            "_links": {"self": {"href": f"{base}/organisasjonsformer/AS"}},
        },
        "registreringsdatoEnhetsregisteret": "2009-05-12",
        "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": nace, "beskrivelse": nace_text},
        "antallAnsatte": employees,
        "harRegistrertAntallAnsatte": True,
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "2670",
            "poststed": "OTTA",
            "adresse": ["Storgata 1"],
            "kommune": municipality[1],
            "kommunenummer": municipality[0],
        },
        "stiftelsesdato": "2009-04-30",
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": True,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False,
        "sisteInnsendteAarsregnskap": "2015",
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
        "_links": {"self": {"href": f"{base}/enheter/{org_number}"}},
    }
    record.update(extra)
    return record


NORMAL = enhet("921588135", "EKSEMPEL TREVARE AS")
BANKRUPT = enhet("974760673", "KONKURS SAG AS", konkurs=True, konkursdato="2016-03-12")
WINDING_UP = enhet(
    "923609016",
    "LOM KORNBAKERI AS",
    nace="10.710",
    nace_text="Produksjon av brød og ferske konditorvarer",
    municipality=("3434", "LOM"),
    underAvvikling=True,
    underAvviklingDato="2016-03-12",
)
DELETED = "914778271"
DELETED_BODY = {"organisasjonsnummer": DELETED, "slettedato": "2015-10-01"}
UNKNOWN = "987654325"
SLOW = "982463718"
MALFORMED = "889640782"
FLAKY = "916824327"


@dataclass
class Answer:
    status: int
    body: bytes
    delay: float = 0.0


@dataclass
class FakeRegister:
    """What the server answers, per org number, and what it was asked."""

    url: str
    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    fail_first: set[str] = field(default_factory=set)

    def serve(self, record: dict[str, Any], status: int = 200) -> None:
        body = json.dumps(record, ensure_ascii=False).encode()
        self.answers[record["organisasjonsnummer"]] = Answer(status, body)


def _handler(register: FakeRegister) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            register.requests.append(self.path)
            number = self.path.rsplit("/", 1)[-1]
            answer = register.answers.get(number)
            if number in register.fail_first:
                register.fail_first.discard(number)
                answer = Answer(503, b"Service Unavailable")
            if answer is None:
                body = json.dumps({"status": 404, "error": "Not Found", "path": self.path})
                answer = Answer(404, body.encode())
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except OSError:
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(name="registry_server")
def registry_server_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeRegister]:
    """Run the fake register on a free port of 127.0.0.1 and point BIF_REGISTRY_URL at it."""
    register = FakeRegister(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(register))
    server.daemon_threads = True
    register.url = f"http://127.0.0.1:{server.server_address[1]}/enhetsregisteret/api"
    for record in (NORMAL, BANKRUPT, WINDING_UP):
        register.serve(record)
    register.answers[DELETED] = Answer(410, json.dumps(DELETED_BODY).encode())
    register.answers[SLOW] = Answer(200, json.dumps(enhet(SLOW, "TREG AS")).encode(), delay=1.0)
    register.answers[MALFORMED] = Answer(200, b'{"organisasjonsnummer": "889640782", "navn": ')
    register.serve(enhet(FLAKY, "USTABIL AS"))
    register.fail_first.add(FLAKY)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("BIF_REGISTRY_URL", register.url)
    monkeypatch.setenv("BIF_REGISTRY_TIMEOUT", "2")
    try:
        yield register
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """Return a URL on 127.0.0.1 where nothing listens (a port just freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/enhetsregisteret/api"
