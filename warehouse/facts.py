"""Writes and reads of the fact stage: stale articles out, facts and mentions in.

An article's facts, mentions and extraction record change in one transaction, so a crash leaves
each article either fully re-extracted or untouched (and still stale, so the next run redoes it).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from tasks.facts.articles import ArticleText, FactBatch
from tasks.facts.records import FACT_KEYS, Fact
from warehouse.arrow import record_schema
from warehouse.db import sql, transaction

# The rows replace_facts loads: generated from the Fact record, never written out by hand.
FACT_SCHEMA = record_schema(Fact, keys=FACT_KEYS)
_MENTION_SCHEMA = pa.schema(
    [
        ("entity_id", pa.string()),
        ("article_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("name", pa.string()),
        ("label", pa.string()),
    ]
)
_EXTRACTION_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("extractor", pa.string()),
        ("facts", pa.int32()),
        ("mentions", pa.int32()),
        ("error", pa.string()),
        ("skipped", pa.string()),
    ]
)
_ENTITY_SCHEMA = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", pa.list_(pa.string())),
    ]
)


def stale_article_ids(con: duckdb.DuckDBPyConnection, *, extractor: str) -> list[str]:
    """Articles whose facts are missing or came from another extractor version or catalogue."""
    rows = con.execute(sql("stale_fact_articles"), {"extractor": extractor}).fetchall()
    return [row[0] for row in rows]


def articles_by_id(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[ArticleText]:
    """What the extractor needs of these articles, in article_id order."""
    rows = con.execute(sql("articles_for_facts"), {"ids": article_ids}).fetchall()
    return [ArticleText(article_id, body, published_at) for article_id, body, published_at in rows]


def replace_entities(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """The entity catalogue as config now says, replacing what the warehouse held."""
    try:
        with transaction(con):
            con.register("batch_entities", pa.Table.from_pylist(rows, schema=_ENTITY_SCHEMA))
            con.execute(sql("replace_entities"))
    finally:
        con.unregister("batch_entities")


def replace_facts(con: duckdb.DuckDBPyConnection, batch: FactBatch, *, run_id: int) -> int:
    """Replace the batch's articles' facts and mentions in one transaction; returns the facts."""
    tables = {
        "batch_facts": pa.Table.from_pylist(batch.facts, schema=FACT_SCHEMA),
        "batch_mentions": pa.Table.from_pylist(batch.mentions, schema=_MENTION_SCHEMA),
        "batch_extractions": pa.Table.from_pylist(batch.extractions, schema=_EXTRACTION_SCHEMA),
    }
    try:
        with transaction(con):
            for name, table in tables.items():
                con.register(name, table)
            con.execute(sql("delete_batch_facts"))
            con.execute(sql("delete_batch_mentions"))
            con.execute(sql("insert_facts"))
            con.execute(sql("insert_mentions"))
            con.execute(sql("upsert_fact_extractions"))
            con.execute(sql("add_run_facts"), {"run_id": run_id, "facts": len(batch.facts)})
    finally:
        for name in tables:
            con.unregister(name)
    return len(batch.facts)
