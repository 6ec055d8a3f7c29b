"""The topic filter keeps the story's articles and skips the rest, showing its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.fetch_settings import DEFAULT_SOURCES_FILE, TopicSettings, load_sources_file
from tasks.topic import TopicMatcher, compile_phrase, score_topic

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

OFF_TOPIC = {
    "missile test": (
        "North Korea fired two ballistic missiles into the sea on Tuesday, South Korea's "
        "military said, the latest in a series of launches. Pyongyang has stepped up its "
        "weapons testing this year, and Kim Jong Un oversaw the test himself."
    ),
    "front line without North Korea": (
        "Russian forces advanced near Pokrovsk in eastern Ukraine, the Kremlin said, as "
        "Ukrainian troops reported heavy fighting. Putin said the war would go on until "
        "Moscow's goals were met. Soldiers on both sides suffered heavy casualties."
    ),
    "trade, not troops": (
        "North Korea and Russia agreed to open a new road bridge across the Tumen river, "
        "officials in Pyongyang and Moscow said, to boost trade between the two countries."
    ),
    "unrelated": "The central bank kept interest rates unchanged on Thursday, citing inflation.",
}


@pytest.fixture(scope="module")
def story() -> TopicMatcher:
    return TopicMatcher(load_sources_file(DEFAULT_SOURCES_FILE).topic)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_seed_article_is_on_topic_under_the_shipped_settings(
    story: TopicMatcher, seed: Path
) -> None:
    result = story.score(seed.read_text(encoding="utf-8"))
    assert result.passed, result
    assert result.score >= story.settings.min_score


@pytest.mark.parametrize("name", sorted(OFF_TOPIC))
def test_near_misses_are_skipped_with_a_reason(story: TopicMatcher, name: str) -> None:
    result = story.score(OFF_TOPIC[name])
    assert not result.passed
    assert result.reason.startswith("off-topic: ")


def test_the_reason_names_the_missing_concept(story: TopicMatcher) -> None:
    result = story.score(OFF_TOPIC["missile test"])
    assert result.missing and "Russia*" in result.missing[0]
    assert "Russia*" in result.reason


def test_score_below_minimum_is_the_reason_when_every_concept_is_there() -> None:
    settings = TopicSettings(
        terms={"North Korea*": 1, "Russia*": 1}, required=(("Russia*",),), min_score=5
    )
    result = score_topic("North Korea and Russia.", settings)
    assert not result.passed
    assert result.missing == ()
    assert result.reason == "off-topic: score 2 below minimum"


def test_each_mention_adds_its_weight_up_to_the_cap() -> None:
    settings = TopicSettings(terms={"Kursk": 2.0}, max_hits_per_term=3, title_weight=0)
    assert score_topic("Kursk.", settings).score == 2.0
    assert score_topic("Kursk, Kursk.", settings).score == 4.0
    assert score_topic("Kursk " * 10, settings).score == 6.0
    assert score_topic("Kursk " * 10, settings).hits == {"Kursk": 10}


def test_a_mention_in_the_title_counts_extra() -> None:
    settings = TopicSettings(terms={"Kursk": 1.0}, title_weight=2.0)
    assert score_topic("Kursk", settings, title="Fighting in Kursk").score == 1.0 + 3.0


def test_negative_weights_push_an_article_down() -> None:
    settings = TopicSettings(terms={"troops": 2.0, "video game": -5.0}, min_score=1)
    assert score_topic("troops", settings).passed
    assert not score_topic("troops in a video game", settings).passed


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("Kim Jong Un", "leader Kim Jong-un said", True),
        ("Kim Jong Un", "Kim  Jong\nUn's speech", True),
        ("North Korea*", "North Korean soldiers", True),
        ("North Korea*", "NORTH KOREANS", True),
        ("Korea", "Koreans", False),
        ("NK", "NK discloses remains", True),
        ("NK", "the bank said", False),
        ("Russia*", "Russia’s war", True),
        ("N. Korea*", "N. Korean Central TV", True),
        ("war", "software", False),
        ("Korean People's Army", "the Korean People’s Army", True),
    ],
)
def test_phrases_match_whole_words_ignoring_case_spacing_and_hyphens(
    phrase: str, text: str, matches: bool
) -> None:
    from tasks.topic import normalise_for_matching

    assert bool(compile_phrase(phrase).search(normalise_for_matching(text))) is matches


def test_without_terms_the_filter_lets_everything_through() -> None:
    result = score_topic("anything at all", TopicSettings())
    assert result.passed and result.reason == ""
