"""Near-duplicates on real text: syndicated copies of the seed reports link to their original;
different reports of the same event, and the benchmark's 181 unrelated pages, never do.

Copies (tests/fixtures/syndicated/) are cleaned with the real cleaner, so what is compared is
what the pipeline would store: outlet chrome gone, the copy's own edits and leftovers kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from config.cluster_settings import ClusterSettings
from tasks.dedupe.near_duplicates import (
    NearDuplicateIndex,
    SignedArticle,
    shingle_hashes,
    shingles,
    to_bytes,
    words,
)
from tasks.process import build_article
from testing.benchmark import ground_truth

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "syndicated"
SETTINGS = ClusterSettings()


@cache
def manifest() -> dict[str, object]:
    return tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))


def cleaned(path: Path) -> str:
    article = build_article(path.read_bytes(), origin=str(path), kind="text", min_words=25)
    assert not hasattr(article, "stage"), article
    return article.body  # type: ignore[union-attr]


@cache
def seed_bodies() -> dict[str, str]:
    return {p.name[:3]: cleaned(p) for p in sorted((REPO / "seeds").glob("*.txt"))}


def seed_date(key: str) -> datetime:
    return manifest()["seeds"][key]["published"]  # type: ignore[index]


@cache
def copies() -> list[tuple[str, str, str, datetime]]:
    """(file, original seed, cleaned body, published) for every syndicated copy."""
    return [
        (c["file"], c["copy_of"], cleaned(FIXTURES / c["file"]), c["published"])
        for c in manifest()["copies"]  # type: ignore[union-attr]
    ]


def benchmark_bodies() -> dict[str, str]:
    pages = ground_truth()
    return {page_id: page["articleBody"] for page_id, page in sorted(pages.items())}


def exact_jaccard(a: str, b: str) -> float:
    left, right = shingles(a, SETTINGS.shingle_words), shingles(b, SETTINGS.shingle_words)
    return len(left & right) / len(left | right)


def index_with_seeds() -> NearDuplicateIndex:
    index = NearDuplicateIndex(SETTINGS)
    for key, body in seed_bodies().items():
        placement = index.add(key, body, seed_date(key))
        assert placement.duplicate_of is None
    return index


def test_words_fold_case_hyphens_and_apostrophes() -> None:
    assert words("Kim Jong-un’s") == words("KIM JONG UN'S") == ["kim", "jong", "un", "s"]


def test_shingles_are_runs_of_words_and_a_short_text_is_one_shingle() -> None:
    assert shingles("one two three four", 3) == {"one two three", "two three four"}
    assert shingles("Just two", 5) == {"just two"}
    assert shingles("  ", 5) == set()


def test_each_shingle_gets_its_own_hash_and_the_same_one_in_every_process() -> None:
    body = seed_bodies()["003"]
    hashes = shingle_hashes(body, SETTINGS.shingle_words)
    assert len(hashes) == len(shingles(body, SETTINGS.shingle_words))
    script = (
        "import sys; from tasks.dedupe.near_duplicates import shingle_hashes; "
        "print(shingle_hashes(sys.stdin.read(), 5).tolist())"
    )
    for seed in ("1", "2"):
        other = subprocess.run(
            [sys.executable, "-c", script],
            input=body,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert other.stdout.strip() == str(hashes.tolist())


@pytest.mark.parametrize("copy", [c[0] for c in copies()])
def test_a_syndicated_copy_links_to_the_seed_it_copies(copy: str) -> None:
    index = index_with_seeds()
    _, original, body, published = next(c for c in copies() if c[0] == copy)
    placement = index.add(copy, body, published)
    assert placement.duplicate_of == original
    assert placement.similarity is not None
    assert placement.similarity >= SETTINGS.near_duplicate_threshold
    # The MinHash estimate is close to the true Jaccard similarity of the shingle sets.
    assert placement.similarity == pytest.approx(
        exact_jaccard(body, seed_bodies()[original]), abs=0.1
    )


def test_the_copies_really_differ_from_their_originals() -> None:
    for _, original, body, _ in copies():
        assert body != seed_bodies()[original]
        assert 0.5 < exact_jaccard(body, seed_bodies()[original]) < 0.95


def test_reports_of_the_same_event_by_different_outlets_are_not_copies() -> None:
    index = NearDuplicateIndex(SETTINGS)
    placements = [index.add(k, b, seed_date(k)) for k, b in seed_bodies().items()]
    assert [p.duplicate_of for p in placements] == [None] * 5
    # 000 and 003 report the same ceremony; 002 and 004 the same homecoming.
    assert exact_jaccard(seed_bodies()["000"], seed_bodies()["003"]) < 0.05
    assert exact_jaccard(seed_bodies()["002"], seed_bodies()["004"]) < 0.05


def test_no_two_benchmark_pages_are_copies_and_none_copies_a_seed() -> None:
    index = index_with_seeds()
    when = datetime(2019, 11, 19)
    linked = [
        (page_id, placement.duplicate_of)
        for page_id, body in benchmark_bodies().items()
        if (placement := index.add(page_id, body, when)).duplicate_of is not None
    ]
    assert linked == []
    assert len(index) == 5 + 181


def test_the_earliest_article_represents_its_copies_whatever_the_arrival_order() -> None:
    """A reprint seen first is re-linked to the original once the original turns up."""
    index = NearDuplicateIndex(SETTINGS)
    reprint = next(c for c in copies() if c[1] == "004")
    assert index.add("reprint", reprint[2], reprint[3]).duplicate_of is None
    placement = index.add("original", seed_bodies()["004"], seed_date("004"))
    assert placement.duplicate_of is None
    assert [(r.article_id, r.duplicate_of) for r in placement.regrouped] == [
        ("reprint", "original")
    ]
    assert index.representative("reprint") == "original"
    later = index.add(
        "later", seed_bodies()["004"] + "\n\nUpdated.", seed_date("004") + timedelta(hours=1)
    )
    assert later.duplicate_of == "original"


def test_a_copy_of_a_copy_joins_the_group_and_is_linked_to_its_original() -> None:
    index = index_with_seeds()
    _, original, reprint, published = next(c for c in copies() if c[1] == "004")
    index.add("reprint", reprint, published)
    paragraphs = reprint.split("\n\n")
    second_hand = "\n\n".join([*paragraphs[:-3], "Kim also thanked the engineers' families."])
    placement = index.add("second-hand", second_hand, published + timedelta(hours=5))
    assert placement.duplicate_of == original
    assert placement.similarity == pytest.approx(
        exact_jaccard(second_hand, seed_bodies()[original]), abs=0.1
    )


def test_an_index_restored_from_stored_signatures_decides_as_the_original_did() -> None:
    built = index_with_seeds()
    stored = []
    for key in seed_bodies():
        sketch = built.signer.minhash(seed_bodies()[key])
        stored.append(SignedArticle(key, seed_date(key), to_bytes(sketch)))
    restored = NearDuplicateIndex(SETTINGS)
    restored.restore(stored)
    for name, original, body, published in copies():
        a = built.add(name, body, published)
        b = restored.add(name, body, published)
        assert (a.duplicate_of, a.similarity, a.signature) == (
            b.duplicate_of,
            b.similarity,
            b.signature,
        )
        assert b.duplicate_of == original


def test_stored_links_are_kept_on_restore_not_decided_again() -> None:
    index = NearDuplicateIndex(SETTINGS)
    signature = to_bytes(index.signer.minhash("any text at all"))
    index.restore(
        [
            SignedArticle("a", datetime(2025, 1, 1), signature),
            SignedArticle("b", datetime(2025, 1, 2), signature, duplicate_of="a"),
        ]
    )
    assert index.representative("b") == "a"
    with pytest.raises(ValueError, match="not stored"):
        NearDuplicateIndex(SETTINGS).restore(
            [SignedArticle("b", datetime(2025, 1, 2), signature, duplicate_of="gone")]
        )


def test_a_signature_made_with_other_settings_is_refused() -> None:
    small = NearDuplicateIndex(ClusterSettings(num_perm=64))
    signature = to_bytes(small.signer.minhash("North Korea"))
    with pytest.raises(ValueError, match="num_perm"):
        NearDuplicateIndex(SETTINGS).restore([SignedArticle("a", datetime(2025, 1, 1), signature)])


def test_an_article_is_placed_once() -> None:
    index = index_with_seeds()
    with pytest.raises(ValueError, match="already"):
        index.add("000", seed_bodies()["000"], seed_date("000"))
