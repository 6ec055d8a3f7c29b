"""Who a count is attributed to: canonical entities, relays, pronouns, plain phrases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tasks.facts import ExtractedFacts


def sources(extract: Callable[..., ExtractedFacts], body: str) -> list[tuple]:
    return [(f.value, f.source, f.via) for f in extract(body).by_kind("count")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "South Korea's spy agency estimates that approximately 600 soldiers have been killed.",
            ("600", "National Intelligence Service", None),
        ),
        (
            "Around 600 North Korean soldiers have been killed, according to South Korean "
            "lawmaker Lee Seong-kweun, who cited intelligence from Seoul’s spy agency.",
            ("600", "National Intelligence Service", "Lee Seong-kweun"),
        ),
        (
            "Lee Seong-kweun spoke. Last week, lawmaker Lee said 3,000 troops could be sent, "
            "citing intelligence from South Korea’s National Intelligence Service.",
            ("3000", "National Intelligence Service", "Lee Seong-kweun"),
        ),
        (
            "The Kremlin said in July that North Korea had agreed to send 1,000 combat engineers.",
            ("1000", "Kremlin", None),
        ),
        (
            "According to South Korean, U.S., and Ukrainian officials, the number of troops "
            "involved could be as high as 15,000.",
            ("15000", "South Korean, U.S., and Ukrainian officials", None),
        ),
        (
            "Officials in Seoul estimated that 12,000 troops were sent.",
            ("12000", "Officials in Seoul", None),
        ),
        (
            "Col. Ri Chol Min, the regiment’s commander, said 14 of his men had been wounded.",
            ("14", "Col. Ri Chol Min", None),
        ),
        (
            "About 1,500 troops were sent, the NIS said, citing satellite images.",
            ("1500", "National Intelligence Service", None),
        ),
        (
            "Earlier, up to 15,000 North Korean troops fought alongside Russian forces.",
            ("15000", None, None),
        ),
    ],
)
def test_counts_are_attributed_to_their_source(extract, body: str, expected: tuple) -> None:
    assert sources(extract, body) == [expected]


def test_they_refers_to_the_last_plural_speaker(extract) -> None:
    body = (
        "South Korean intelligence officials and analysts said Russia has reciprocated. "
        "At least hundreds of North Korean troops are believed to have been killed, they said."
    )
    assert sources(extract, body) == [
        ("200", "South Korean intelligence officials and analysts", None)
    ]


def test_an_outlet_reporting_after_the_count_is_the_source(extract) -> None:
    body = (
        "North Korea’s leader, Kim Jong-un, welcomed home specialized soldiers, honoring nine "
        "killed in action, state media reported on Saturday."
    )
    assert sources(extract, body) == [("9", "North Korean state media", None)]


def test_each_clause_of_a_sentence_keeps_its_own_source(extract) -> None:
    body = (
        "North Korea has sent 11,000 to 12,000 troops, according to Seoul; "
        "Kyiv puts the figure at 14,000."
    )
    assert sources(extract, body) == [("11000", "Seoul", None), ("14000", "Kyiv", None)]


def test_people_briefed_by_an_agency_relay_the_agencys_claim(extract) -> None:
    body = "South Korean lawmakers briefed by the NIS said more than 300 soldiers had died."
    assert sources(extract, body) == [
        ("300", "National Intelligence Service", "South Korean lawmakers")
    ]


def test_an_outlet_citing_a_source_relays_it(extract) -> None:
    body = "Yonhap, citing a military source, reported that about 3,000 troops had been sent."
    assert sources(extract, body) == [("3000", "military source", "Yonhap News Agency")]


def test_participles_and_adjectives_are_not_verbs_of_saying(extract) -> None:
    assert sources(extract, "The plague killed an estimated 25 million people in Europe.") == [
        ("25000000", None, None)
    ]
    body = "There were 3248 cases reported worldwide, including 584 deaths."
    assert sources(extract, body) == [("584", None, None)]
    body = "The group believes the toll is higher, with some reports suggesting 200 were killed."
    assert sources(extract, body) == [("200", "group", None)]


def test_a_report_by_an_author_is_the_authors_claim(extract) -> None:
    body = "At least 106 protesters were killed, according to credible reports received by Amnesty."
    assert sources(extract, body) == [("106", "Amnesty", None)]
