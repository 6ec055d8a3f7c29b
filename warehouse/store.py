"""Writes of one run: start, batch loads (Arrow, one transaction each), finish."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from tasks.records import Article, BatchResult, FetchRecord, KnownInput
from warehouse.db import sql

_ARTICLE_SCHEMA = pa.schema(
    [
        ("content_hash", pa.string()),
        ("title", pa.string()),
        ("publisher", pa.string()),
        ("author", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("language", pa.string()),
        ("body", pa.string()),
        ("word_count", pa.int32()),
        ("origin", pa.string()),
        ("url", pa.string()),
        ("source_kind", pa.string()),
        ("encoding", pa.string()),
    ]
)
_SIGHTING_SCHEMA = pa.schema(
    [("content_hash", pa.string()), ("origin", pa.string()), ("encoding", pa.string())]
)
_REJECT_SCHEMA = pa.schema(
    [("origin", pa.string()), ("stage", pa.string()), ("reason", pa.string())]
)
_INPUT_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("bytes_sha256", pa.string()),
        ("outcome", pa.string()),
        ("content_hash", pa.string()),
        ("reason", pa.string()),
    ]
)
_FETCH_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("final_url", pa.string()),
        ("source", pa.string()),
        ("status", pa.int32()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("content_type", pa.string()),
        ("bytes", pa.int64()),
        ("elapsed_ms", pa.int32()),
        ("attempts", pa.int32()),
        ("error", pa.string()),
        ("outcome", pa.string()),
        ("content_hash", pa.string()),
        ("reason", pa.string()),
    ]
)
_BATCH_TABLES = (
    "batch_articles",
    "batch_sightings",
    "batch_rejects",
    "batch_inputs",
    "batch_fetches",
)


@dataclass(frozen=True, slots=True)
class LoadCounts:
    articles_new: int
    duplicates: int
    rejected: int
    unchanged: int
    fetched: int = 0
    skipped: int = 0


def start_run(con: duckdb.DuckDBPyConnection, *, flow_run_id: str | None, source: str) -> int:
    """Mark runs that died as abandoned (caller holds the writer lock) and open a new one."""
    con.execute(sql("abandon_stale_runs")).fetchall()
    rows = con.execute(sql("start_run"), {"flow_run_id": flow_run_id, "source": source}).fetchall()
    return int(rows[0][0])


def finish_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: int,
    status: str,
    files_seen: int,
    error: str | None = None,
) -> None:
    con.execute(
        sql("finish_run"),
        {"run_id": run_id, "status": status, "files_seen": files_seen, "error": error},
    )


def known_inputs(con: duckdb.DuckDBPyConnection) -> dict[str, KnownInput]:
    table = con.sql(sql("known_inputs")).to_arrow_table()
    return {
        origin: KnownInput(size=size, mtime_ns=mtime_ns, bytes_sha256=sha)
        for origin, size, mtime_ns, sha in zip(
            table["origin"].to_pylist(),
            table["size"].to_pylist(),
            table["mtime_ns"].to_pylist(),
            table["bytes_sha256"].to_pylist(),
            strict=True,
        )
    }


def load_batch(
    con: duckdb.DuckDBPyConnection, batch: BatchResult, *, run_id: int, extra_unchanged: int = 0
) -> LoadCounts:
    """Load one batch atomically: a crash leaves either all of it or none of it.

    `extra_unchanged` counts inputs skipped by size+mtime before they were read, so that the run's
    counters include them in the same transaction as the rest of the batch.
    """
    params = {"run_id": run_id}
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("batch_articles", _articles_table(_first_per_hash(batch.articles)))
        con.register("batch_sightings", _sightings_table(batch.articles))
        con.register("batch_rejects", _rejects_table(batch))
        con.register("batch_inputs", _inputs_table(batch))
        con.register("batch_fetches", _fetches_table(batch.fetches))
        inserted = len(con.execute(sql("insert_articles"), params).fetchall())
        con.execute(sql("insert_sightings"), params)
        con.execute(sql("insert_rejects"), params)
        con.execute(sql("upsert_inputs"), params)
        con.execute(sql("insert_fetches"), params)
        counts = LoadCounts(
            articles_new=inserted,
            duplicates=len(batch.articles) - inserted,
            rejected=len(batch.rejects),
            unchanged=batch.unchanged + extra_unchanged,
            fetched=sum(1 for f in batch.fetches if f.outcome != "source"),
            skipped=batch.skipped,
        )
        _add_counts(con, run_id, counts)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in _BATCH_TABLES:
            con.unregister(name)
    return counts


def open_rejects_under(con: duckdb.DuckDBPyConnection, root: str, prefix: str) -> list[str]:
    """Origins under a folder that `latest_rejects` still lists."""
    return [
        row[0]
        for row in con.execute(
            sql("open_rejects_under"), {"root": root, "prefix": prefix}
        ).fetchall()
    ]


def page_validators(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """(ETag, Last-Modified) per canonical URL, for conditional requests."""
    rows = con.execute(sql("page_validators")).fetchall()
    return {url: (etag, last_modified) for url, etag, last_modified in rows}


def _add_counts(con: duckdb.DuckDBPyConnection, run_id: int, counts: LoadCounts) -> None:
    con.execute(
        sql("add_batch_counts"),
        {
            "run_id": run_id,
            "articles_new": counts.articles_new,
            "duplicates": counts.duplicates,
            "rejected": counts.rejected,
            "unchanged": counts.unchanged,
            "fetched": counts.fetched,
            "skipped": counts.skipped,
        },
    )


def _first_per_hash(articles: tuple[Article, ...]) -> list[Article]:
    """Within a batch the first input carrying a content hash is the article's origin."""
    seen: dict[str, Article] = {}
    for article in articles:
        seen.setdefault(article.content_hash, article)
    return list(seen.values())


def _articles_table(articles: list[Article]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "content_hash": a.content_hash,
                "title": a.title,
                "publisher": a.publisher,
                "author": a.author,
                "published_at": a.published_at,
                "language": a.language,
                "body": a.body,
                "word_count": a.word_count,
                "origin": a.origin,
                "url": a.url,
                "source_kind": a.source_kind,
                "encoding": a.encoding,
            }
            for a in articles
        ],
        schema=_ARTICLE_SCHEMA,
    )


def _sightings_table(articles: tuple[Article, ...]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"content_hash": a.content_hash, "origin": a.origin, "encoding": a.encoding}
            for a in articles
        ],
        schema=_SIGHTING_SCHEMA,
    )


def _rejects_table(batch: BatchResult) -> pa.Table:
    return pa.Table.from_pylist(
        [{"origin": r.origin, "stage": r.stage, "reason": r.reason} for r in batch.rejects],
        schema=_REJECT_SCHEMA,
    )


def _inputs_table(batch: BatchResult) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "origin": o.origin,
                "size": o.size,
                "mtime_ns": o.mtime_ns,
                "bytes_sha256": o.bytes_sha256,
                "outcome": o.outcome,
                "content_hash": o.content_hash,
                "reason": o.reason,
            }
            for o in batch.outcomes
        ],
        schema=_INPUT_SCHEMA,
    )


def add_skipped(con: duckdb.DuckDBPyConnection, *, run_id: int, unchanged: int) -> None:
    """Count inputs skipped by size and mtime, which never reached a batch."""
    _add_counts(con, run_id, LoadCounts(0, 0, 0, unchanged))


def _fetches_table(fetches: tuple[FetchRecord, ...]) -> pa.Table:
    return pa.Table.from_pylist([asdict(f) for f in fetches], schema=_FETCH_SCHEMA)
