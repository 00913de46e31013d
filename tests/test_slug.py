"""Ids made from names follow the slug rules and can never leave their folder."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bif_cli.domain.slug import slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ærlig Øl fra Ål ASA", "aerlig-ol-fra-al"),
        ("Eksempel Trevare AS", "eksempel-trevare"),
        ("Sør-Fron Ysteri SA", "sor-fron-ysteri"),
        ("Crème Brûlée & Søn ENK", "creme-brulee-son"),
        ("AS Vinmonopolet", "vinmonopolet"),
        ("Da Capo Musikk", "da-capo-musikk"),
        ("Ringebu Hyttebygg A/S", "ringebu-hyttebygg"),
        ("Fjordfisk #1 AS", "fjordfisk-1"),
        ("../../etc/passwd", "etc-passwd"),
        ("  Vågå   Mek. Verksted DA  ", "vaga-mek-verksted"),
        ("AS", "as"),
        ("???", ""),
    ],
)
def test_slug_examples(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_is_at_most_60_characters_and_cut_at_a_word() -> None:
    name = "Gudbrandsdalens Forente Trevare og Laftebyggeri med Tilhørende Sagbruk AS"
    slug = slugify(name)
    assert len(slug) <= 60
    assert not slug.endswith("-")
    assert "gudbrandsdalens-forente-trevare-og-laftebyggeri-med".startswith(slug) or (
        slug.startswith("gudbrandsdalens-forente-trevare-og-laftebyggeri-med")
    )


@given(st.text(max_size=200))
def test_any_name_gives_a_valid_file_id_or_nothing(name: str) -> None:
    slug = slugify(name)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 60
