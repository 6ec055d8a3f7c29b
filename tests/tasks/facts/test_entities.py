"""The entity catalogue: loading, aliases, and which short forms mean whom."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.facts import CatalogError, EntityCatalog, extractor_id, load_entity_catalog
from tasks.facts.entities import catalog_from_toml


def named(catalog: EntityCatalog, body: str) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in catalog.find_mentions(body)]


def test_the_shipped_catalogue_loads_with_every_type(catalog: EntityCatalog) -> None:
    types = {e.type for e in catalog.entities}
    assert types == {"person", "org", "place"}
    assert catalog.get("National Intelligence Service") is not None


@pytest.mark.parametrize(
    "alias",
    [
        "NIS",
        "National Intelligence Service",
        "South Korea's spy agency",
        "South Korea’s spy agency",
        "Seoul's spy agency",
        "South Korea's National Intelligence Service",
        "South Korea's intelligence service",
    ],
)
def test_every_name_for_seouls_spy_agency_is_the_nis(catalog: EntityCatalog, alias: str) -> None:
    assert named(catalog, f"{alias} said so.") == [(alias, "National Intelligence Service")]


def test_unqualified_south_korean_intelligence_is_not_merged_into_the_nis(
    catalog: EntityCatalog,
) -> None:
    assert named(catalog, "According to South Korean intelligence, it happened.") == [
        ("South Korean intelligence", "South Korean intelligence")
    ]


def test_the_longest_alias_wins(catalog: EntityCatalog) -> None:
    assert named(catalog, "They met at Kim Il Sung Square near the April 25 House of Culture.") == [
        ("Kim Il Sung Square", "Kim Il Sung Square"),
        ("April 25 House of Culture", "April 25 House of Culture"),
    ]


def test_kim_alone_means_the_leader_only_once_the_article_names_him(catalog: EntityCatalog) -> None:
    assert named(catalog, "Kim smiled.") == []
    assert named(catalog, "Kim Jong-un arrived. Mr. Kim smiled and Kim waved.") == [
        ("Kim Jong-un", "Kim Jong Un"),
        ("Mr. Kim", "Kim Jong Un"),
        ("Kim", "Kim Jong Un"),
    ]


def test_a_short_form_means_the_nearest_entity_named_before_it(catalog: EntityCatalog) -> None:
    body = "Kim Jong Un spoke. Later Kim Yo Jong arrived, and Kim was greeted."
    assert named(catalog, body)[-1] == ("Kim", "Kim Yo Jong")


def test_a_short_form_followed_by_another_name_is_someone_else(catalog: EntityCatalog) -> None:
    body = "Kim Jong Un met Kim Yong Bok. The North Korean leader spoke."
    names = named(catalog, body)
    assert ("Kim", "Kim Jong Un") not in names
    assert ("North Korean leader", "Kim Jong Un") in names
    assert ("the North", "North Korea") not in named(catalog, "North Korea: the North Korean army")


def test_case_matters_so_a_direction_is_not_a_country(catalog: EntityCatalog) -> None:
    body = "North Korea moved troops to the north. Then the North said more."
    assert [m.text for m in catalog.find_mentions(body)] == ["North Korea", "the North"]


def test_lower_case_aliases_also_match_at_a_sentence_start(catalog: EntityCatalog) -> None:
    assert named(catalog, "Pyongyang agreed. State media said so.")[-1] == (
        "State media",
        "North Korean state media",
    )


def test_state_media_is_north_korean_only_in_an_article_about_north_korea(
    catalog: EntityCatalog,
) -> None:
    bolivia = "State media have reported only a handful of protester deaths in La Paz."
    assert named(catalog, bolivia) == []
    korea = "State media showed soldiers marching in Kim Il Sung Square."
    assert ("State media", "North Korean state media") in named(catalog, korea)


def test_entity_rows_carry_every_alias(catalog: EntityCatalog) -> None:
    rows = {row["entity_id"]: row for row in catalog.entity_rows()}
    assert rows["kim-jong-un"]["name"] == "Kim Jong Un"
    assert "Mr. Kim" in rows["kim-jong-un"]["aliases"]
    assert rows["nis"]["type"] == "org"


def test_an_alias_naming_two_entities_is_refused() -> None:
    text = """
[[entity]]
id = "a"
name = "Alpha"
type = "org"
aliases = ["AB"]
[[entity]]
id = "b"
name = "Beta"
type = "org"
aliases = ["AB"]
"""
    with pytest.raises(CatalogError, match="'AB' names both"):
        catalog_from_toml(text)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[entity]]\nid = "a"\nname = "A"\ntype = "ship"\n', "type must be one of"),
        ('[[entity]]\nid = "a"\nname = "A"\n', "missing key 'type'"),
        ('[[entity]]\nid = "a"\nname = "A"\ntype = "org"\nnick = ["x"]\n', "unknown keys"),
        ("title = 'no entities'\n", "no \\[\\[entity\\]\\] entries"),
        ("[[entity]\n", "not valid TOML"),
    ],
)
def test_a_bad_catalogue_is_refused_with_the_reason(toml: str, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        catalog_from_toml(toml)


def test_a_missing_catalogue_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read entity catalogue"):
        load_entity_catalog(tmp_path / "absent.toml")


def test_editing_the_catalogue_changes_the_extractor_id(tmp_path: Path) -> None:
    base = '[[entity]]\nid = "a"\nname = "A"\ntype = "org"\n'
    first = tmp_path / "one.toml"
    second = tmp_path / "two.toml"
    first.write_text(base, encoding="utf-8")
    second.write_text(base + 'aliases = ["Alpha"]\n', encoding="utf-8")
    assert extractor_id(load_entity_catalog(first)) != extractor_id(load_entity_catalog(second))
    assert extractor_id(load_entity_catalog(first)) == extractor_id(load_entity_catalog(first))


def test_lookup_resolves_a_full_alias_but_not_a_short_form(catalog: EntityCatalog) -> None:
    nis = catalog.lookup("Seoul’s spy agency")
    assert nis is not None and nis.name == "National Intelligence Service"
    assert catalog.lookup("Kim") is None
    assert catalog.lookup("Nobody in particular") is None


def test_context_by_must_name_known_entities() -> None:
    text = '[[entity]]\nid = "a"\nname = "A"\ntype = "org"\ncontext_by = ["nobody"]\n'
    with pytest.raises(CatalogError, match="context_by names unknown"):
        catalog_from_toml(text)
