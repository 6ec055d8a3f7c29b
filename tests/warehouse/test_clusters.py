"""Near-duplicates, stories and claim corroboration in a real DuckDB file.

The seed reports and their syndicated copies (tests/fixtures/syndicated/) are loaded the way a
run loads them, with the publication dates and publishers their pages carry, then clustered by
`update_clusters`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from config.cluster_settings import ClusterSettings
from tasks.facts import extract_facts, load_entity_catalog
from tasks.process import build_article
from tasks.records import Article, BatchResult
from warehouse import clusters, store
from warehouse.clusters import update_clusters
from warehouse.db import VIEWS_DIR, migrate, open_writer

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "syndicated"
SETTINGS = ClusterSettings()
COPY_PUBLISHERS = {
    "004_reprint_trimmed.txt": "The Harbour Courier",
    "003_rewrite_light_edit.txt": "Eurasia Wire Digest",
    "002_captions_dropped.txt": "Asia Pacific Report",
}


def parse(path: Path, **metadata: Any) -> Article:
    article = build_article(path.read_bytes(), origin=path.name, kind="text", min_words=25)
    assert isinstance(article, Article), article
    return dataclasses.replace(article, **metadata)


@cache
def corpus() -> dict[str, Article]:
    """Seeds by number ("000"), copies by the seed they copy ("004+"), as their pages date them."""
    manifest = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))
    found = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        meta = manifest["seeds"][path.name[:3]]
        found[path.name[:3]] = parse(
            path, published_at=meta["published"], publisher=meta.get("publisher")
        )
    for copy in manifest["copies"]:
        found[copy["copy_of"] + "+"] = parse(
            FIXTURES / copy["file"],
            published_at=copy["published"],
            publisher=COPY_PUBLISHERS[copy["file"]],
        )
    return found


def aid(key: str) -> str:
    return corpus()[key].content_hash[:16]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        migrate(con)
    return path


def load(db: Path, keys: Iterable[str]) -> None:
    with open_writer(db) as con:
        run_id = store.start_run(con, flow_run_id=None, source="test")
        store.load_batch(con, BatchResult(articles=tuple(corpus()[k] for k in keys)), run_id=run_id)


def update(db: Path, settings: ClusterSettings = SETTINGS) -> clusters.ClusterCounts:
    with open_writer(db) as con:
        return update_clusters(con, settings)


def rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with open_writer(db) as con:
        return con.execute(query).fetchall()


def story_of(db: Path) -> dict[str, str]:
    return dict(rows(db, "SELECT article_id, story_id FROM article_stories"))


def grouped(db: Path) -> list[list[str]]:
    keys = {aid(k): k for k in corpus()}
    members: dict[str, list[str]] = {}
    for article_id, story_id in story_of(db).items():
        members.setdefault(story_id, []).append(keys[article_id])
    return sorted(sorted(m) for m in members.values())


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    tables = (
        "cluster_signatures",
        "near_duplicates",
        "article_stories",
        "story_terms",
        "report_terms",
    )
    found = {t: rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    found["stories"] = rows(db, "SELECT * EXCLUDE (updated_at) FROM stories ORDER BY story_id")
    return found


def test_copies_link_to_their_originals_and_stories_group_by_event(db: Path) -> None:
    load(db, corpus())
    counts = update(db)
    assert (counts.articles, counts.near_duplicates, counts.stories_opened) == (8, 3, 3)
    links = rows(db, "SELECT article_id, duplicate_of, similarity FROM near_duplicates")
    assert sorted((a, d) for a, d, _ in links) == sorted(
        (aid(k + "+"), aid(k)) for k in ("002", "003", "004")
    )
    assert all(s >= SETTINGS.near_duplicate_threshold for _, _, s in links)
    assert grouped(db) == [["000", "003", "003+"], ["001"], ["002", "002+", "004", "004+"]]


def test_a_story_row_spans_its_articles_and_is_labelled_with_a_headline(db: Path) -> None:
    load(db, corpus())
    update(db)
    (story,) = rows(
        db,
        "SELECT story_id, label, first_seen, last_seen, articles, reports, top_terms"
        f" FROM stories WHERE story_id = (SELECT story_id FROM article_stories"
        f" WHERE article_id = '{aid('004')}')",
    )
    story_id, label, first_seen, last_seen, articles, reports, top_terms = story
    assert story_id == aid("004")  # the earliest December report opened it
    assert label in {corpus()[k].title for k in ("002", "002+", "004", "004+")}
    assert (first_seen, last_seen) == (datetime(2025, 12, 13, 4), datetime(2025, 12, 13, 9, 40))
    assert (articles, reports) == (4, 2)
    assert len(top_terms) == SETTINGS.label_terms


def test_updating_again_adds_nothing(db: Path) -> None:
    load(db, corpus())
    update(db)
    before = snapshot(db)
    assert update(db) == clusters.ClusterCounts(0, 0, 0, 0, 0, rebuilt=False)
    assert snapshot(db) == before


def test_a_new_report_joins_the_story_already_stored(db: Path) -> None:
    load(db, ["000", "001", "003", "004"])
    update(db)
    december = story_of(db)[aid("004")]
    load(db, ["002", "002+", "004+"])
    counts = update(db)
    assert (counts.articles, counts.stories_opened, counts.stories_joined) == (3, 0, 1)
    assert story_of(db)[aid("002")] == december
    assert story_of(db)[aid("002+")] == december
    assert rows(db, f"SELECT articles, reports FROM stories WHERE story_id = '{december}'") == [
        (4, 2)
    ]


def test_an_original_that_arrives_after_its_copy_becomes_the_representative(db: Path) -> None:
    load(db, ["004+"])
    update(db)
    assert rows(db, "SELECT count(*) FROM near_duplicates") == [(0,)]
    load(db, ["004"])
    counts = update(db)
    assert counts.regrouped == 1
    assert rows(db, "SELECT article_id, duplicate_of FROM near_duplicates") == [
        (aid("004+"), aid("004"))
    ]
    assert story_of(db)[aid("004")] == story_of(db)[aid("004+")]


def test_changed_settings_rebuild_every_cluster(db: Path) -> None:
    load(db, corpus())
    update(db)
    strict = ClusterSettings(near_duplicate_threshold=0.95)
    counts = update(db, strict)
    assert (counts.rebuilt, counts.articles, counts.near_duplicates) == (True, 8, 0)
    fingerprint = rows(db, "SELECT fingerprint FROM cluster_state")
    assert fingerprint == [(clusters.state_fingerprint(strict),)]
    assert rows(db, "SELECT count(*) FROM near_duplicates") == [(0,)]


def test_a_failure_midway_leaves_the_clusters_as_they_were(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(db, corpus())
    real_sql = clusters.sql

    def failing_sql(name: str) -> str:
        return "SELECT * FROM no_such_table" if name == "clusters_upsert_state" else real_sql(name)

    monkeypatch.setattr(clusters, "sql", failing_sql)
    with open_writer(db) as con, pytest.raises(duckdb.CatalogException):
        update_clusters(con, SETTINGS)
    monkeypatch.setattr(clusters, "sql", real_sql)
    assert all(not table for table in snapshot(db).values())
    assert update(db).articles == 8


def add_facts(db: Path, keys: Iterable[str]) -> None:
    catalog = load_entity_catalog()
    facts = []
    for key in keys:
        article = corpus()[key]
        found = extract_facts(article.body, published_at=article.published_at, catalog=catalog)
        facts += found.fact_rows(aid(key))
    with open_writer(db) as con:
        con.register("new_facts", pa.Table.from_pylist(facts))
        con.execute("INSERT INTO facts BY NAME SELECT * FROM new_facts")


def claim(db: Path, predicate: str, value: float, subject: str = "soldier") -> dict[str, Any]:
    with open_writer(db) as con:
        cursor = con.execute(
            "SELECT * FROM claims WHERE predicate = ? AND value = ? AND subject = ?",
            [predicate, value, subject],
        )
        names = [d[0] for d in cursor.description]
        (row,) = cursor.fetchall()
    return dict(zip(names, row, strict=True))


def test_syndicated_copies_do_not_corroborate_the_report_they_copy(db: Path) -> None:
    load(db, corpus())
    add_facts(db, corpus())
    before = claim(db, "killed", 600)
    assert sorted(before["articles"]) == sorted([aid("001"), aid("003"), aid("003+")])
    assert before["corroboration"] == 3  # not clustered yet: the copy looks independent
    update(db)
    killed_600 = claim(db, "killed", 600)
    assert killed_600["corroboration"] == 2  # The Moscow Times and 001, which names no publisher
    assert killed_600["reports"] == 2 and killed_600["article_count"] == 3
    assert killed_600["publishers"] == ["Eurasia Wire Digest", "The Moscow Times"]
    assert sorted(killed_600["stories"]) == sorted({story_of(db)[aid(k)] for k in ("001", "003")})
    killed_9 = claim(db, "killed", 9, "member")  # "nine members of the regiment were killed"
    # The Guardian's report and its reprint: two articles, one report, one source
    assert (killed_9["article_count"], killed_9["reports"], killed_9["corroboration"]) == (2, 1, 1)


def test_the_claims_view_guards_match_the_migration(tmp_path: Path) -> None:
    """claims.sql creates the clustering tables it reads when they are missing: the same ones."""
    bare = duckdb.connect(str(tmp_path / "bare.duckdb"))
    bare.execute("CREATE TABLE articles (article_id VARCHAR, publisher VARCHAR,"
                 " published_at TIMESTAMP, title VARCHAR, body VARCHAR)")  # fmt: skip
    bare.execute((REPO / "warehouse" / "migrations" / "0002_facts.sql").read_text())
    bare.execute((REPO / "warehouse" / "migrations" / "0005_numeric_facts.sql").read_text())
    bare.execute((VIEWS_DIR / "claims.sql").read_text(encoding="utf-8"))
    with open_writer(tmp_path / "full.duckdb") as full:
        migrate(full)
        for table in ("near_duplicates", "article_stories"):
            query = f"SELECT sql FROM duckdb_tables() WHERE table_name = '{table}'"
            assert bare.execute(query).fetchall() == full.execute(query).fetchall()
    bare.close()
