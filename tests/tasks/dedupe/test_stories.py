"""Story clusters on real coverage: the seed reports of one event share a story, reports of other
events do not, syndicated copies follow their original, and the benchmark's real multi-outlet
events (tests/fixtures/syndicated/benchmark_events.toml) come out whole and unmixed.

Seeds carry the dates they were really published (tests/fixtures/syndicated/manifest.toml): two
reports of the July 2025 coffins ceremony, two of the December 2025 engineers' homecoming, and
one of an August award ceremony.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from config.cluster_settings import ClusterSettings
from tasks.dedupe.stories import Report, StoryIndex, term_counts, weights
from tasks.process import build_article
from testing.benchmark import ground_truth

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "syndicated"
SETTINGS = ClusterSettings()
BENCHMARK_SAVED = datetime(2019, 11, 19)


@cache
def manifest() -> dict[str, Any]:
    return tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))


@cache
def seed_articles() -> dict[str, tuple[str | None, str]]:
    """Seed number -> (title, cleaned body)."""
    found = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        article = build_article(path.read_bytes(), origin=str(path), kind="text", min_words=25)
        assert not hasattr(article, "stage"), article
        found[path.name[:3]] = (article.title, article.body)  # type: ignore[union-attr]
    return found


def seed_report(key: str, published: datetime | None = None) -> Report:
    title, body = seed_articles()[key]
    when = published or manifest()["seeds"][key]["published"]
    return Report(key, weights(term_counts(body, title)), when, when)


def cluster(index: StoryIndex, reports: list[Report]) -> dict[str, str]:
    """Count every report first, then place them in order, as an update does."""
    for report in reports:
        index.count(report)
    return {r.article_id: index.assign(r).story_id for r in reports}


def groups(placed: dict[str, str]) -> list[list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story_id in placed.items():
        members[story_id].append(article_id)
    return sorted(sorted(m) for m in members.values())


@cache
def benchmark() -> dict[str, str]:
    pages = ground_truth()
    return {page_id: page["articleBody"] for page_id, page in sorted(pages.items())}


def benchmark_events() -> list[tuple[str, set[str]]]:
    events = tomllib.loads((FIXTURES / "benchmark_events.toml").read_text(encoding="utf-8"))
    ids = list(benchmark())
    found = []
    for event in events["events"]:
        pages = {next(i for i in ids if i.startswith(prefix)) for prefix in event["pages"]}
        found.append((event["event"], pages))
    return found


def test_names_read_alike_however_an_outlet_hyphenates_them() -> None:
    nyt = term_counts("North Korea’s leader, Kim Jong-un, welcomed home soldiers.")
    guardian = term_counts("Kim Jong Un said in a speech carried by state media.")
    assert nyt["kim jong un"] == guardian["kim jong un"] == 1
    assert nyt["north korea"] == 1


def test_terms_are_content_words_with_plurals_folded() -> None:
    counts = term_counts("The coffins and a coffin: 600 soldiers said they were killed in 2025.")
    assert counts["coffin"] == 2
    assert counts["soldier"] == 1
    assert not {"the", "and", "said", "they", "600", "2025"} & set(counts)


def test_a_headline_counts_its_words_but_title_case_makes_no_names() -> None:
    counts = term_counts("Body text about mines.", "Kim Honors Fallen Engineers")
    assert counts["engineer"] == 1 and counts["kim"] == 1
    assert not [term for term in counts if " " in term]


def test_seed_reports_group_by_event() -> None:
    placed = cluster(StoryIndex(SETTINGS), [seed_report(k) for k in seed_articles()])
    assert groups(placed) == [["000", "003"], ["001"], ["002", "004"]]


def test_the_date_window_keeps_a_like_report_months_away_out() -> None:
    """001 (August) reads much like 004 (December): text alone does not part them, dates do."""
    index = StoryIndex(SETTINGS)
    undated = {k: seed_report(k) for k in ("001", "004")}
    for report in undated.values():
        index.count(report)
    december = index.assign(seed_report("004"))
    august = index.assign(seed_report("001"))
    assert august.opened and august.story_id != december.story_id
    close = StoryIndex(SETTINGS)
    cluster(close, [seed_report("004")])
    moved = seed_report("001", published=manifest()["seeds"]["004"]["published"])
    close.count(moved)
    assert close.assign(moved).story_id == "004"


def test_a_report_without_a_date_is_not_held_to_the_window() -> None:
    index = StoryIndex(SETTINGS)
    cluster(index, [seed_report("002")])
    title, body = seed_articles()["004"]
    undated = Report("004", weights(term_counts(body, title)), datetime(2026, 3, 1), None)
    index.count(undated)
    joined = index.assign(undated)
    assert (joined.story_id, joined.opened) == ("002", False)
    assert joined.similarity is not None and joined.similarity >= SETTINGS.story_threshold


def test_a_copy_follows_its_original_and_changes_nothing_but_the_count() -> None:
    index = StoryIndex(SETTINGS)
    cluster(index, [seed_report(k) for k in seed_articles()])
    story = index.stories[index.story_of("004") or ""]
    terms, frequencies, reports = dict(story.terms), dict(index.document_frequency), story.reports
    copy = index.follow("reprint", "004", datetime(2025, 12, 14), datetime(2025, 12, 14))
    assert (copy.story_id, copy.similarity, copy.opened) == (story.story_id, None, False)
    assert (story.articles, story.reports) == (3, reports)
    assert story.last_published == datetime(2025, 12, 14)
    assert story.terms == terms and index.document_frequency == frequencies


def test_a_new_report_joins_a_restored_story() -> None:
    first = StoryIndex(SETTINGS)
    cluster(first, [seed_report(k) for k in ("000", "001", "003", "004")])
    restored = StoryIndex(SETTINGS)
    restored.restore(
        first.stories.values(),
        first.document_frequency,
        first.reports,
        {k: first.story_of(k) or "" for k in ("000", "001", "003", "004")},
    )
    late = seed_report("002")
    restored.count(late)
    joined = restored.assign(late)
    assert (joined.story_id, joined.opened) == (first.story_of("004"), False)
    assert restored.stories[joined.story_id].reports == 2
    assert [s.story_id for s in restored.changed_stories()] == [joined.story_id]


def test_a_story_keeps_only_its_best_terms() -> None:
    narrow = ClusterSettings(story_terms=150, candidate_terms=10)
    index = StoryIndex(narrow)
    cluster(index, [seed_report(k) for k in seed_articles()])
    assert [len(s.terms) for s in index.stories.values()] == [150, 150, 150]
    assert groups({k: index.story_of(k) or "" for k in seed_articles()}) == [
        ["000", "003"],
        ["001"],
        ["002", "004"],
    ]


def test_a_story_is_labelled_with_the_headline_that_names_it_best() -> None:
    index = StoryIndex(SETTINGS)
    cluster(index, [seed_report(k) for k in seed_articles()])
    story = index.stories[index.story_of("004") or ""]
    assert "regiment" in index.top_terms(story) or "engineer" in index.top_terms(story)
    headlines = ["North Korea news roundup", "Kim welcomes home combat engineers of the regiment"]
    assert index.label(story, headlines) == headlines[1]
    assert index.label(story, []) == ", ".join(index.top_terms(story))


def test_real_multi_outlet_events_are_whole_and_unmixed_stories() -> None:
    """Every page of the benchmark, undated, with the dated seeds: each event is one story
    holding nothing else, and no page joins a North Korea story."""
    reports = [seed_report(k) for k in seed_articles()]
    reports += [
        Report(page_id, weights(term_counts(body)), BENCHMARK_SAVED, None)
        for page_id, body in benchmark().items()
    ]
    placed = cluster(StoryIndex(SETTINGS), reports)
    members: dict[str, set[str]] = defaultdict(set)
    for article_id, story_id in placed.items():
        members[story_id].add(article_id)
    for event, pages in benchmark_events():
        stories = {placed[page] for page in pages}
        assert len(stories) == 1, event
        assert members[stories.pop()] == pages, event
    seed_stories = [members[placed[k]] for k in seed_articles()]
    assert all(story <= set(seed_articles()) for story in seed_stories)


def test_settings_that_contradict_each_other_are_refused() -> None:
    with pytest.raises(ValueError, match="candidate_terms"):
        ClusterSettings(story_terms=20, candidate_terms=30)
    with pytest.raises(ValueError):
        ClusterSettings(story_threshold=1.5)


def test_an_article_belongs_to_one_story() -> None:
    index = StoryIndex(SETTINGS)
    cluster(index, [seed_report("000")])
    with pytest.raises(ValueError, match="already"):
        index.assign(seed_report("000", published=datetime(2025, 7, 3) + timedelta(0)))


def test_being_published_a_day_apart_is_what_joins_two_angles_on_one_ceremony() -> None:
    """KBS's short TV report (000) and The Moscow Times (003) share few words; that they appeared
    a day apart is what puts them together."""
    reports = [seed_report(k) for k in seed_articles()]
    with_dates = cluster(StoryIndex(SETTINGS), reports)
    assert with_dates["000"] == with_dates["003"]
    without_boost = cluster(StoryIndex(ClusterSettings(story_date_boost=0)), reports)
    assert without_boost["000"] != without_boost["003"]
