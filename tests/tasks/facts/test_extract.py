"""The extractor end to end on the five seed reports: the issue's acceptance facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tasks.facts import (
    EXTRACTOR_VERSION,
    EntityCatalog,
    ExtractedFacts,
    Fact,
    extract_facts,
    extractor_id,
)
from tasks.facts.evaluate import LabelledText


def count_facts(found: ExtractedFacts, **fields: object) -> list[Fact]:
    return [
        f
        for f in found.by_kind("count")
        if all(getattr(f, name) == value for name, value in fields.items())
    ]


@pytest.fixture(scope="module")
def seed_facts(seeds: dict[str, LabelledText], catalog: EntityCatalog) -> dict[str, ExtractedFacts]:
    return {
        key: extract_facts(text.body, published_at=text.published_at, catalog=catalog)
        for key, text in seeds.items()
    }


def test_the_600_killed_in_two_reports_is_attributed_to_the_nis_in_both(seed_facts) -> None:
    for seed in ("001", "003"):
        (fact,) = count_facts(seed_facts[seed], predicate="killed", value="600")
        assert fact.number == 600.0
        assert fact.source == "National Intelligence Service"
        assert fact.qualifier == "approximately"
        assert fact.subject_key == "troops"
    (relayed,) = count_facts(seed_facts["003"], predicate="killed", value="600")
    assert relayed.via == "Lee Seong-kweun"


def test_up_to_15000_troops_is_a_ceiling_in_both_reports(seed_facts) -> None:
    (officials,) = count_facts(seed_facts["001"], value="15000")
    assert (officials.predicate, officials.value_max, officials.qualifier) == (
        "deployed",
        "15000",
        "up to",
    )
    assert officials.source == "South Korean, U.S., and Ukrainian officials"
    (fought,) = count_facts(seed_facts["004"], value="15000")
    assert (fought.predicate, fought.value_max, fought.qualifier, fought.source) == (
        "fought",
        "15000",
        "up to",
        None,
    )


def test_the_nine_killed_engineers_are_found_with_their_sources(seed_facts) -> None:
    (said,) = count_facts(seed_facts["002"], predicate="killed", value="9")
    assert (said.source, said.subject_key) == ("Kim Jong Un", "troops")
    nine = count_facts(seed_facts["004"], predicate="killed", value="9")
    assert [f.source for f in nine] == ["North Korean state media", "Kim Jong Un", None]
    assert {f.subject_key for f in nine} == {"troops"}


def test_the_engineers_and_construction_workers_are_attributed_to_the_kremlin(seed_facts) -> None:
    sent = count_facts(seed_facts["004"], predicate="agreed_to_send")
    assert [(f.value, f.subject, f.source) for f in sent] == [
        ("1000", "combat engineers", "Kremlin"),
        ("5000", "military construction workers", "Kremlin"),
    ]


def test_the_6000_additional_workers_are_agreed_to_be_sent(seed_facts) -> None:
    (fact,) = count_facts(seed_facts["000"], value="6000")
    assert fact.predicate == "agreed_to_send"
    assert fact.subject == "military engineers and construction workers"


def test_the_120_day_deployment_is_a_duration_in_days(seed_facts) -> None:
    (fact,) = count_facts(seed_facts["002"], unit="day")
    assert (fact.predicate, fact.value, fact.source) == ("deployed", "120", "Kim Jong Un")


def test_no_non_count_becomes_a_count(seed_facts, seeds: dict[str, LabelledText]) -> None:
    for key, found in seed_facts.items():
        expected = sorted((c["predicate"], c["value"]) for c in seeds[key].labels["counts"])
        assert sorted((f.predicate, f.value) for f in found.by_kind("count")) == expected, key
        texts = " | ".join(f.text for f in found.by_kind("count"))
        for not_a_count in ("528th", "April 25", "2022", "2024", "three times", "first"):
            assert not_a_count not in texts


def test_seed_quotes_have_speakers_from_every_kind_of_attribution(seed_facts) -> None:
    speakers = {f.text[:20]: f.source for f in seed_facts["000"].by_kind("quote")}
    assert speakers == {
        "Oh, our heroes": None,
        "The friendship and g": "Korean Central Television",
        "N. Korea prevents pu": "Hong Min",
    }
    speakers_004 = [f.source for f in seed_facts["004"].by_kind("quote")]
    assert speakers_004 == ["Kim Jong Un"] * 4 + [None]


def test_seed_dates_resolve_when_the_published_date_is_known(seed_facts) -> None:
    dates = [(f.text, f.value, f.value_max) for f in seed_facts["000"].by_kind("date")]
    assert dates == [("April", "2025-04", None), ("between July and August", "2025-07", "2025-08")]
    unresolved = [(f.text, f.value) for f in seed_facts["001"].by_kind("date")]
    assert unresolved == [("February 2022", "2022-02"), ("last year", None), ("last fall", None)]


def test_every_fact_and_mention_indexes_the_body_exactly(seed_facts, seeds) -> None:
    for key, found in seed_facts.items():
        body = seeds[key].body
        for fact in found.facts:
            assert body[fact.start_char : fact.end_char] == fact.text
            assert fact.text in fact.sentence
            assert fact.sentence in body
        for mention in found.mentions:
            assert body[mention.start_char : mention.end_char] == mention.text


def test_extraction_is_deterministic_and_fact_ids_are_stable_and_unique(
    seeds, catalog: EntityCatalog
) -> None:
    text = seeds["004"]
    first = extract_facts(text.body, published_at=text.published_at, catalog=catalog)
    again = extract_facts(text.body, published_at=text.published_at, catalog=catalog)
    assert first == again
    ids = [row["fact_id"] for row in first.fact_rows("a1")]
    assert ids == [row["fact_id"] for row in again.fact_rows("a1")]
    assert len(set(ids)) == len(ids)
    assert set(ids).isdisjoint(row["fact_id"] for row in first.fact_rows("a2"))


def test_the_extractor_id_records_the_version_on_every_fact(seed_facts, catalog) -> None:
    found = seed_facts["002"]
    assert found.extractor == extractor_id(catalog)
    assert found.extractor.startswith(EXTRACTOR_VERSION + "+")
    assert {f.extractor for f in found.facts} == {found.extractor}


def test_the_entities_returned_are_those_mentioned(seed_facts) -> None:
    found = seed_facts["003"]
    assert {e.entity_id for e in found.entities} == {m.entity_id for m in found.mentions}
    assert "nis" in {e.entity_id for e in found.entities}


def test_an_empty_body_gives_no_facts(extract: Callable[..., ExtractedFacts]) -> None:
    assert extract("").facts == ()
    assert extract("   \n\n ").mentions == ()


def test_published_date_only_changes_relative_dates(extract) -> None:
    body = "Kim Jong Un said on Friday that 600 soldiers were killed in February 2022."
    without = extract(body)
    with_date = extract(body, datetime(2025, 7, 2))
    assert [f.value for f in without.by_kind("date")] == [None, "2022-02"]
    assert [f.value for f in with_date.by_kind("date")] == ["2025-06-27", "2022-02"]
    assert without.by_kind("count") == with_date.by_kind("count")
