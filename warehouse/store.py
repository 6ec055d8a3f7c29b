"""Writes of one run: start, batch loads (Arrow, one transaction each), finish."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from tasks.records import (
    ArchiveProgress,
    Article,
    BatchResult,
    FetchRecord,
    KnownInput,
    ManifestEntry,
    RawInput,
)
from warehouse.db import sql, transaction

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
        ("section", pa.string()),
        ("declared_words", pa.int32()),
        ("load_date", pa.date32()),
        ("copyright", pa.string()),
    ]
)
_SIGHTING_SCHEMA = pa.schema(
    [
        ("content_hash", pa.string()),
        ("origin", pa.string()),
        ("encoding", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
    ]
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
_ARCHIVE_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("next_offset", pa.int64()),
        ("complete", pa.bool_()),
    ]
)
_ARCHIVE_SKIP_SCHEMA = pa.schema(
    [("origin", pa.string()), ("reason", pa.string()), ("records", pa.int64())]
)
_BATCH_TABLES = (
    "batch_articles",
    "batch_sightings",
    "batch_rejects",
    "batch_inputs",
    "batch_fetches",
    "batch_raw",
)
_ARCHIVE_TABLES = ("batch_archive", "batch_archive_skips")
_RAW_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("bytes_sha256", pa.string()),
        ("kind", pa.string()),
        ("url", pa.string()),
        ("charset", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
    ]
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
    try:
        with transaction(con):
            con.register("batch_articles", _articles_table(_first_per_hash(batch.articles)))
            con.register("batch_sightings", _sightings_table(batch.articles))
            con.register("batch_rejects", _rejects_table(batch))
            con.register("batch_inputs", _inputs_table(batch))
            con.register("batch_fetches", _fetches_table(batch.fetches))
            con.register("batch_raw", _raw_table(batch.raw))
            inserted = len(con.execute(sql("insert_articles"), params).fetchall())
            con.execute(sql("insert_sightings"), params)
            con.execute(sql("insert_rejects"), params)
            con.execute(sql("upsert_inputs"), params)
            con.execute(sql("insert_fetches"), params)
            con.execute(sql("upsert_raw_inputs"), params)
            if batch.archive is not None:
                _save_archive_progress(con, batch.archive, params)
            counts = LoadCounts(
                articles_new=inserted,
                duplicates=len(batch.articles) - inserted,
                rejected=len(batch.rejects),
                unchanged=batch.unchanged + extra_unchanged,
                fetched=sum(1 for f in batch.fetches if f.outcome != "source"),
                skipped=batch.skipped,
            )
            _add_counts(con, run_id, counts)
    finally:
        for name in _BATCH_TABLES:
            con.unregister(name)
    return counts


@dataclass(frozen=True, slots=True)
class ReprocessCounts:
    inputs: int  # inputs re-processed
    articles_new: int  # texts not stored before (a changed cleaner output)
    articles_updated: int  # same text, metadata changed in place
    articles_removed: int  # texts no input gives any more (with their facts)
    rejected: int  # inputs (or documents) that are rejects now

    @property
    def changed(self) -> int:
        """Articles whose text (a new hash) or metadata is different now."""
        return self.articles_new + self.articles_updated


def raw_inputs(con: duckdb.DuckDBPyConnection) -> list[RawInput]:
    return [
        RawInput(origin, digest, kind, url, charset, fetched_at)
        for origin, digest, kind, url, charset, fetched_at in con.execute(
            sql("raw_inputs")
        ).fetchall()
    ]


def open_rejects_under(con: duckdb.DuckDBPyConnection, root: str, prefix: str) -> list[str]:
    """Origins under a folder that `latest_rejects` still lists."""
    return [
        row[0]
        for row in con.execute(
            sql("open_rejects_under"), {"root": root, "prefix": prefix}
        ).fetchall()
    ]


def reload_batch(
    con: duckdb.DuckDBPyConnection, batch: BatchResult, *, run_id: int
) -> ReprocessCounts:
    """Replace what re-processed inputs (`batch.raw`) gave before with what they give now.

    In one transaction: new texts become articles, each input's sightings follow its new text,
    changed metadata is updated in place, and articles no input gives any more are deleted with
    their facts, mentions and extraction rows. When any article came or went, the clustering
    state is cleared so the cluster stage rebuilds near-duplicates and stories from every article.
    """
    params = {"run_id": run_id}
    try:
        with transaction(con):
            con.register("batch_articles", _articles_table(_first_per_hash(batch.articles)))
            con.register("batch_sightings", _sightings_table(batch.articles))
            con.register("batch_rejects", _rejects_table(batch))
            con.register("batch_raw", _raw_table(batch.raw))
            updated = len(con.execute(sql("reprocess_update_articles")).fetchall())
            inserted = len(con.execute(sql("insert_articles"), params).fetchall())
            con.execute(sql("reprocess_drop_sightings"))
            con.execute(sql("insert_sightings"), params)
            con.execute(sql("insert_rejects"), params)
            orphans = [row[0] for row in con.execute(sql("orphan_articles")).fetchall()]
            if orphans:
                con.register(
                    "batch_article_ids", pa.table({"article_id": pa.array(orphans, pa.string())})
                )
                con.execute(sql("delete_articles"))
                con.unregister("batch_article_ids")
            if inserted or orphans:
                con.execute(sql("clusters_clear"))
            counts = ReprocessCounts(
                inputs=len(batch.raw),
                articles_new=inserted,
                articles_updated=updated,
                articles_removed=len(orphans),
                rejected=len(batch.rejects),
            )
            _add_counts(con, run_id, LoadCounts(inserted, 0, len(batch.rejects), 0))
    finally:
        for name in ("batch_articles", "batch_sightings", "batch_rejects", "batch_raw"):
            con.unregister(name)
    return counts


def reapply_manifest(con: duckdb.DuckDBPyConnection) -> int:
    """The stored manifest rows over re-processed articles; returns how many changed."""
    return len(con.execute(sql("apply_manifest")).fetchall())


def archive_progress(con: duckdb.DuckDBPyConnection) -> dict[str, ArchiveProgress]:
    """Where each archive's loading stands, keyed by the archive file's path."""
    return {
        origin: ArchiveProgress(origin, size, mtime_ns, next_offset, complete)
        for origin, size, mtime_ns, next_offset, complete in con.execute(
            sql("archive_progress")
        ).fetchall()
    }


def _save_archive_progress(
    con: duckdb.DuckDBPyConnection, progress: ArchiveProgress, params: dict[str, int]
) -> None:
    """In the batch's transaction: the offset only moves once the records before it landed."""
    archive = pa.Table.from_pylist(
        [
            {
                "origin": progress.origin,
                "size": progress.size,
                "mtime_ns": progress.mtime_ns,
                "next_offset": progress.next_offset,
                "complete": progress.complete,
            }
        ],
        schema=_ARCHIVE_SCHEMA,
    )
    skips = pa.Table.from_pylist(
        [
            {"origin": progress.origin, "reason": reason, "records": records}
            for reason, records in progress.skipped
        ],
        schema=_ARCHIVE_SKIP_SCHEMA,
    )
    con.register("batch_archive", archive)
    con.register("batch_archive_skips", skips)
    try:
        con.execute(sql("upsert_archive_progress"), params)
        con.execute(sql("add_archive_skips"), params)
    finally:
        for name in _ARCHIVE_TABLES:
            con.unregister(name)


_MANIFEST_SCHEMA = pa.schema(
    [
        ("origin", pa.string()),
        ("row_number", pa.int32()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("published_at", pa.timestamp("us")),
        ("title", pa.string()),
        ("language", pa.string()),
    ]
)


def apply_manifest(
    con: duckdb.DuckDBPyConnection,
    *,
    manifest: str,
    entries: list[tuple[str, int, ManifestEntry]],
    run_id: int,
) -> int:
    """Store the manifest's rows (origin, row number, entry) and apply them to the articles of
    the files they name, in one transaction; returns how many articles changed."""
    table = pa.Table.from_pylist(
        [{"origin": origin, "row_number": row, **asdict(entry)} for origin, row, entry in entries],
        schema=_MANIFEST_SCHEMA,
    )
    params = {"manifest": manifest, "run_id": run_id}
    try:
        with transaction(con):
            con.register("batch_manifest", table)
            con.execute(sql("delete_manifest_entries"), {"manifest": manifest})
            con.execute(sql("insert_manifest_entries"), params)
            changed = len(con.execute(sql("apply_manifest")).fetchall())
    finally:
        con.unregister("batch_manifest")
    return changed


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
                "section": a.section,
                "declared_words": a.declared_words,
                "load_date": a.load_date,
                "copyright": a.copyright,
            }
            for a in articles
        ],
        schema=_ARTICLE_SCHEMA,
    )


def _sightings_table(articles: tuple[Article, ...]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "content_hash": a.content_hash,
                "origin": a.origin,
                "encoding": a.encoding,
                "fetched_at": a.fetched_at,
            }
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


def _raw_table(raw: tuple[RawInput, ...]) -> pa.Table:
    return pa.Table.from_pylist([asdict(r) for r in raw], schema=_RAW_SCHEMA)


def _fetches_table(fetches: tuple[FetchRecord, ...]) -> pa.Table:
    return pa.Table.from_pylist([asdict(f) for f in fetches], schema=_FETCH_SCHEMA)
