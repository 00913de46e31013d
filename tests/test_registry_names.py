"""How names, NACE codes and municipalities are compared with the register's, and prefilled."""

from __future__ import annotations

import pytest

from bif_cli.domain.registry import readable_name, same_municipality, same_nace, same_name


@pytest.mark.parametrize(
    ("register", "readable"),
    [
        ("LOM KORNBAKERI AS", "Lom Kornbakeri AS"),
        ("SØR-FRON YSTERI AS", "Sør-Fron Ysteri AS"),
        ("ETNEDAL KJØTT OG VILT AS", "Etnedal Kjøtt og Vilt AS"),
        ("ÆRLIG ØL FRA ÅL ASA", "Ærlig Øl fra Ål ASA"),
        ("Otta Programvare AS", "Otta Programvare AS"),  # already in ordinary case: kept
        ("3D PRINT NORD AS", "3D Print Nord AS"),
    ],
)
def test_a_name_in_capitals_is_written_in_ordinary_case(register: str, readable: str) -> None:
    assert readable_name(register) == readable


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        ("Lom Kornbakeri AS", "LOM KORNBAKERI AS", True),
        ("Lom Kornbakeri A/S", "LOM KORNBAKERI AS", True),
        ("Lom Kornbakeri", "LOM KORNBAKERI AS", True),
        ("Lom  Korn bakeri AS", "LOM KORNBAKERI AS", True),
        ("Lom Kornbakeri AS", "LOM BAKERI AS", False),
        ("AS", "ASA", False),
    ],
)
def test_names_compare_without_case_spacing_or_legal_form(
    ours: str, theirs: str, same: bool
) -> None:
    assert same_name(ours, theirs) is same


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        ("16.230", "16.230", True),
        ("16.23", "16.230", True),
        ("16", "16.230", True),
        ("16.230", "16.23", False),
        ("16.1", "16.230", False),
        ("10.71", "10.710", True),
    ],
)
def test_nace_agrees_when_ours_is_the_same_or_coarser(ours: str, theirs: str, same: bool) -> None:
    assert same_nace(ours, theirs) is same


def test_municipalities_compare_by_name() -> None:
    assert same_municipality("Nord-Fron", "NORD-FRON")
    assert same_municipality("Øystre Slidre", "ØYSTRE  SLIDRE")
    assert not same_municipality("Sør-Fron", "NORD-FRON")
