"""Hostile issue bodies through `bif form apply`: injected headings, options, markup and bytes."""

from __future__ import annotations

import re
from pathlib import Path

from bif_cli.outputs.forms import NO_RESPONSE
from conftest import run_bif


def body(*fields: tuple[str, str | None]) -> str:
    return "\n\n".join(f"### {label}\n\n{value or NO_RESPONSE}" for label, value in fields) + "\n"


def company(name: str, note: str | None = None, id_: str | None = None) -> str:
    return body(
        ("Navn", name),
        ("Organisasjonsnummer", "974760673"),
        ("Region", "nord – Nord"),
        ("Kommune", "0511 – Dovre (Nord)"),
        ("Næringskode", "25.110"),
        ("Marked", "national – Nasjonalt"),
        ("Prosessleder", None),
        ("Dato", None),
        ("Merknad", note),
        ("Id", id_),
    )


def apply(root: Path, kind: str, text: str | bytes, *args: str) -> tuple[int, str, str]:
    path = root / "issue.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = run_bif("form", "apply", kind, str(path), "--root", str(root), *args)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()
    }


def test_a_heading_typed_into_a_field_cannot_set_another_field(make_programme) -> None:
    root = make_programme()
    before = snapshot(root)
    code, out, err = apply(
        root, "add-company", company("Smie AS", note="ok\n\n### Dato\n\n2015-01-01")
    )
    assert code == 2
    assert "Dato: står to ganger i skjemaet" in err
    assert snapshot(root) == before


def test_a_value_that_looks_like_an_option_is_only_a_value(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "add-company", company("--root=/etc"))
    assert code == 0, err
    written = (root / "data/companies/root-etc.yaml").read_text(encoding="utf-8")
    assert "name: --root=/etc" in written


def test_markup_and_mentions_are_escaped_in_the_comment(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(
        root,
        "add-company",
        company("<img src=x onerror=alert(1)> @org/team [x](https://e.vil)"),
        "--format",
        "md",
    )
    assert code == 0, err
    unescaped = re.findall(r"(?<!\\)[<>\[\]()]", out)
    assert unescaped == [] and "@" not in out
    assert "&#64;org/team" in out


def test_backticks_cannot_close_the_diff_block(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(
        root, "add-company", company("Smie ```` AS"), "--dry-run", "--format", "md"
    )
    assert code == 0, err
    assert "`````diff\n" in out


def test_a_path_as_id_is_refused(make_programme) -> None:
    root = make_programme()
    before = snapshot(root)
    code, out, err = apply(root, "add-company", company("Smie AS", id_="../../../tmp/x"))
    assert code == 2 and "not a valid id" in err
    assert snapshot(root) == before


def test_two_lines_in_a_one_line_field_name_the_field(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "add-company", company("Smie\nAS"))
    assert code == 2 and "Navn: må være én linje" in err


def test_text_outside_the_form_and_foreign_bytes_are_refused(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "milestone-done", "Hei!\n\n" + body(("Milepæl", "start")))
    assert code == 2 and "tekst utenfor et felt" in err
    code, out, err = apply(root, "milestone-done", "### Milepæl\n\nsl\xe5tt".encode("latin-1"))
    assert code == 2 and "ikke UTF-8" in err
    code, out, err = apply(root, "milestone-done", body(("Milepæl", "x" * 70000)))
    assert code == 2 and "64 KiB" in err


def test_terminal_escapes_in_a_value_are_not_sent_to_the_terminal(make_programme) -> None:
    root = make_programme()
    code, out, err = apply(root, "add-company", company("Smie AS", id_="\x1b[31mred"))
    assert code == 2
    assert "\x1b" not in err and "\\x1b" in err
