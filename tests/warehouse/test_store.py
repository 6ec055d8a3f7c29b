"""Batch loads into a real DuckDB file: one article per content hash, atomic batches."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from tasks.records import Article, BatchResult, InputOutcome, Reject
from warehouse import store
from warehouse.db import connect, migrate, open_writer


def make_article(origin: str, body: str = "Kim said nine soldiers were killed.") -> Article:
    from tasks.normalise import content_hash, word_count

    return Article(
        origin=origin,
        content_hash=content_hash(body),
        body=body,
        title="Title",
        publisher="Publisher",
        author=None,
        published_at=datetime(2025, 7, 2, 15, 33, 11),
        language="en",
        word_count=word_count(body),
        source_kind="text",
        encoding="utf_8",
    )


def outcome(article: Article) -> InputOutcome:
    return InputOutcome(
        origin=article.origin,
        size=10,
        mtime_ns=1,
        bytes_sha256="f" * 64,
        outcome="article",
        content_hash=article.content_hash,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        migrate(con)
    return path


def start(db: Path) -> int:
    with open_writer(db) as con:
        return store.start_run(con, flow_run_id=None, source="test")


def count(db: Path, table: str) -> int:
    with open_writer(db) as con:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


def test_the_same_content_from_two_origins_is_one_article_with_two_sightings(db: Path) -> None:
    run_id = start(db)
    first, copy = make_article("a.txt"), make_article("b.html")
    batch = BatchResult(articles=(first, copy), outcomes=(outcome(first), outcome(copy)))
    with open_writer(db) as con:
        counts = store.load_batch(con, batch, run_id=run_id)
        origins = con.execute("SELECT origin FROM articles").fetchall()
    assert (counts.articles_new, counts.duplicates) == (1, 1)
    assert origins == [("a.txt",)]
    assert count(db, "sightings") == 2


def test_a_later_batch_with_known_content_adds_only_a_sighting(db: Path) -> None:
    run_id = start(db)
    with open_writer(db) as con:
        store.load_batch(con, BatchResult(articles=(make_article("a.txt"),)), run_id=run_id)
        counts = store.load_batch(
            con, BatchResult(articles=(make_article("c.txt"),)), run_id=run_id
        )
    assert (counts.articles_new, counts.duplicates) == (0, 1)
    assert (count(db, "articles"), count(db, "sightings")) == (1, 2)


def test_loading_the_same_batch_twice_changes_nothing(db: Path) -> None:
    run_id = start(db)
    article = make_article("a.txt")
    batch = BatchResult(
        articles=(article,),
        rejects=(Reject("bad.txt", "decode", "empty file"),),
        outcomes=(outcome(article),),
    )
    with open_writer(db) as con:
        store.load_batch(con, batch, run_id=run_id)
        store.load_batch(con, batch, run_id=run_id)
    assert [count(db, t) for t in ("articles", "sightings", "rejects", "inputs")] == [1, 1, 1, 1]


def test_a_batch_that_fails_midway_leaves_nothing_behind(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start(db)
    real_sql = store.sql

    def failing_sql(name: str) -> str:
        return "SELECT * FROM no_such_table" if name == "upsert_inputs" else real_sql(name)

    monkeypatch.setattr(store, "sql", failing_sql)
    article = make_article("a.txt")
    with open_writer(db) as con, pytest.raises(duckdb.CatalogException):
        store.load_batch(
            con, BatchResult(articles=(article,), outcomes=(outcome(article),)), run_id=run_id
        )
    assert count(db, "articles") == 0
    assert count(db, "sightings") == 0
    with open_writer(db) as con:
        row = con.execute("SELECT articles_new FROM runs WHERE run_id = ?", [run_id]).fetchone()
    assert row == (0,)


def test_run_counters_are_committed_with_each_batch(db: Path) -> None:
    run_id = start(db)
    with open_writer(db) as con:
        store.load_batch(
            con,
            BatchResult(
                articles=(make_article("a.txt"), make_article("b.txt", "Another report here.")),
                rejects=(Reject("x.bin", "decode", "binary file"),),
            ),
            run_id=run_id,
        )
        row = con.execute(
            "SELECT status, articles_new, duplicates, rejected FROM runs WHERE run_id = ?",
            [run_id],
        ).fetchone()
    assert row == ("running", 2, 0, 1)


def test_starting_a_run_marks_runs_left_running_as_abandoned(db: Path) -> None:
    crashed = start(db)
    current = start(db)
    with open_writer(db) as con:
        rows = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
    assert rows == {crashed: "abandoned", current: "running"}


def test_unchanged_outcome_refreshes_the_fingerprint_but_keeps_what_was_decided(db: Path) -> None:
    run_id = start(db)
    article = make_article("a.txt")
    with open_writer(db) as con:
        store.load_batch(
            con, BatchResult(articles=(article,), outcomes=(outcome(article),)), run_id=run_id
        )
        touched = InputOutcome("a.txt", 10, 999, "f" * 64, "unchanged")
        store.load_batch(con, BatchResult(outcomes=(touched,)), run_id=run_id + 1)
        (row,) = con.execute(
            "SELECT mtime_ns, outcome, content_hash, last_run_id FROM inputs"
        ).fetchall()
        known = store.known_inputs(con)
    assert row == (999, "article", article.content_hash, run_id)
    assert known["a.txt"].mtime_ns == 999


def test_read_only_connections_cannot_write(db: Path) -> None:
    con = connect(db, read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM articles")
    finally:
        con.close()
