"""Hostile snapshots in data/registry/ and hostile register answers: located problems, no crash."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_bif
from registry_server import (
    NORMAL,
    Answer,
    FakeRegister,
    registry_server_fixture,  # noqa: F401 (the fixture registry_server)
)

SNAPSHOT = "data/registry/921588135.json"
GOOD = json.dumps({"fetched": "2016-12-01", "record": NORMAL}, indent=2)


def _check(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = run_bif("check", "--lang", "en", "--root", str(root), "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["issues"]


@pytest.mark.parametrize(
    ("content", "code", "line", "words"),
    [
        (
            '{"fetched": "2016-12-01",\n "fetched": "2016-12-02",\n "record": {}}',
            "BIF005",
            2,
            "duplicate key 'fetched' (first at line 1)",
        ),
        (
            GOOD.replace('"navn": "EKSEMPEL TREVARE AS"', '"navn": "A", "navn": "B"'),
            "BIF005",
            5,
            "duplicate key 'navn'",
        ),
        (GOOD.replace("EKSEMPEL", "EKS\u0007EMPEL"), "BIF010", 5, "control character U+0007"),
        (GOOD.replace("EKSEMPEL", "EKS\\u001bEMPEL"), "BIF010", 1, "U+001B in a value"),
        (GOOD.replace('  "fetched"', '\t"fetched"'), "BIF010", 2, "tab character"),
        (GOOD[:-3], "BIF401", 52, "not valid JSON"),
        ('{"fetched": NaN, "record": {}}', "BIF401", 1, "not valid JSON"),
        ("[" * 30 + "]" * 30, "BIF009", 1, "nesting deeper than 20 levels"),
        ("[" * 100000 + "]" * 100000, "BIF009", 1, "nesting deeper than 20 levels"),
        ('{"fetched": "2016-12-01", "record": {}, "extra": 1}', "BIF401", 1, "unknown key 'extra'"),
        ('{"fetched": "01.12.2016", "record": {}}', "BIF401", 1, "fetched: expected a date"),
        ('{"fetched": "2016-12-01"}', "BIF401", 1, "missing key 'record'"),
        ('{"fetched": "2016-12-01", "record": []}', "BIF401", 1, "record: the record should be"),
        (
            '{"fetched": "2016-12-01", "record": {"organisasjonsnummer": "974760673"}}',
            "BIF401",
            1,
            "the record is of 974760673, but the file is named 921588135.json",
        ),
        (
            GOOD.replace('"konkurs": false', '"konkurs": "ja"'),
            "BIF401",
            3,
            "record: 'konkurs' should be true or false",
        ),
        (
            GOOD.replace('"maalform"', '"konkursdato": "2016-02-30", "maalform"'),
            "BIF401",
            3,
            "not a real calendar date",
        ),
        ('<<<<<<< HEAD\n{"fetched": "2016-12-01"}\n=======\n', "BIF011", 1, "merge conflict"),
        ("", "BIF401", 1, "not valid JSON"),
    ],
)
def test_a_hostile_snapshot_is_a_located_error(
    make_programme: Callable[..., Path], content: str, code: str, line: int, words: str
) -> None:
    root = make_programme({SNAPSHOT: content})
    exit_code, issues = _check(root)
    assert exit_code == 1
    assert [(i["code"], i["path"], i["line"]) for i in issues] == [(code, SNAPSHOT, line)]
    assert words in str(issues[0]["message"])


def test_latin1_and_oversized_snapshots(make_programme: Callable[..., Path]) -> None:
    root = make_programme(
        {
            SNAPSHOT: '{\n"fetched": "2016-12-01",\n"record": {"navn": "Bokmål"}}'.encode(
                "latin-1"
            ),
            "data/registry/974760673.json": b'{"fetched": "2016-12-01", "record": {"x": "'
            + b"a" * 1_000_001
            + b'"}}',
        }
    )
    exit_code, issues = _check(root)
    assert exit_code == 1
    assert [(i["code"], i["path"]) for i in issues] == [
        ("BIF002", SNAPSHOT),
        ("BIF003", "data/registry/974760673.json"),
    ]


def test_links_and_stray_files_in_the_registry_folder(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text(GOOD)
    root = make_programme({"data/registry/notes.txt": "hei", "data/registry/.gitkeep": ""})
    os.symlink(outside, root / SNAPSHOT)
    (root / "data/registry/.921588135.json.abcd1234.tmp").write_text("{")
    exit_code, issues = _check(root)
    assert exit_code == 1
    assert [(i["code"], i["path"], i["severity"]) for i in issues] == [
        ("BIF015", "data/registry/.921588135.json.abcd1234.tmp", "warning"),
        ("BIF014", SNAPSHOT, "error"),
        ("BIF014", "data/registry/notes.txt", "error"),
    ]


def test_a_linked_registry_folder_is_refused(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "921588135.json").write_text(GOOD)
    root = make_programme()
    os.symlink(elsewhere, root / "data/registry")
    exit_code, issues = _check(root)
    assert exit_code == 1
    assert [(i["code"], i["path"]) for i in issues] == [("BIF014", "data/registry")]


def test_refresh_will_not_write_through_a_linked_folder(
    registry_server: FakeRegister, make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = make_programme()
    os.symlink(elsewhere, root / "data/registry")
    result = run_bif("registry", "refresh", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    assert "data/registry is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"organisasjonsnummer": "921588135", "organisasjonsnummer": "974760673"}', "duplicate"),
        (b'{"organisasjonsnummer": "921588135", "navn": "A\\u0007S"}', "control character"),
        (b"[" * 5000 + b"]" * 5000, "nesting deeper"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b'{"organisasjonsnummer": "921588135", "navn": "' + b"x" * 1_100_000 + b'"}', "over"),
        (b'"just text"', "not a JSON object"),
    ],
)
def test_a_hostile_answer_is_one_clear_line_and_nothing_is_written(
    registry_server: FakeRegister,
    make_programme: Callable[..., Path],
    body: bytes,
    words: str,
) -> None:
    registry_server.answers["921588135"] = Answer(200, body)
    root = make_programme()
    result = run_bif("registry", "refresh", "--lang", "en", "--root", str(root))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("bif: ") and words in lines[0], result.stderr
    assert not (root / "data/registry").exists()


def test_a_redirect_is_not_followed(
    registry_server: FakeRegister, make_programme: Callable[..., Path]
) -> None:
    registry_server.answers["921588135"] = Answer(302, b"")
    result = run_bif("registry", "lookup", "--lang", "en", "921588135")
    assert result.exit_code == 1
    assert "answered 302" in result.stderr


def test_a_bulk_record_bif_could_not_read_back_writes_nothing(
    make_programme: Callable[..., Path], tmp_path: Path
) -> None:
    import gzip

    root = make_programme()
    bad = {**NORMAL, "navn": "EKSEMPEL\u001b[2J TREVARE AS"}
    path = tmp_path / "enheter.json.gz"
    path.write_bytes(gzip.compress(json.dumps([bad]).encode()))
    result = run_bif("registry", "import", "--lang", "en", str(path), "--root", str(root))
    assert result.exit_code == 1
    assert "the record of 921588135 in enheter.json.gz cannot be kept" in result.stderr
    assert "control character U+001B" in result.stderr
    assert not (root / "data/registry").exists()
