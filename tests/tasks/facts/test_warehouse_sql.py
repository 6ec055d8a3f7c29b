"""The facts schema and the claims views, on a real DuckDB file.

Applies warehouse/migrations/0002_facts.sql and warehouse/views/claims.sql over a minimal
`articles` table, loads extracted facts through Arrow as the pipeline does, and checks
corroboration, conflicts and replacement of an article's facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from tasks.facts import EntityCatalog, ExtractedFacts, Fact, extract_facts
from tasks.facts.evaluate import LabelledText

WAREHOUSE = Path(__file__).resolve().parents[3] / "warehouse"
PUBLISHERS = {
    "000": "KBS",
    "001": None,  # the seed's text names no publisher
    "002": "The Guardian",
    "003": "The Moscow Times",
    "004": "The New York Times",
}


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "facts.duckdb"))
    connection.execute(
        "CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, publisher VARCHAR,"
        " published_at TIMESTAMP, title VARCHAR, body VARCHAR)"
    )
    connection.execute((WAREHOUSE / "migrations" / "0002_facts.sql").read_text(encoding="utf-8"))
    connection.execute((WAREHOUSE / "views" / "claims.sql").read_text(encoding="utf-8"))
    yield connection
    connection.close()


def add_article(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    publisher: str | None,
    body: str,
    published_at: datetime | None = None,
) -> None:
    con.execute(
        "INSERT INTO articles VALUES (?, ?, ?, NULL, ?)",
        [article_id, publisher, published_at, body],
    )


def replace_facts(
    con: duckdb.DuckDBPyConnection, article_id: str, rows: list[dict[str, Any]]
) -> None:
    """What the loader does: one article's rows out and in, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM facts WHERE article_id = ?", [article_id])
    if rows:
        con.register("new_facts", pa.Table.from_pylist(rows))
        con.execute("INSERT INTO facts BY NAME SELECT * FROM new_facts")
        con.unregister("new_facts")
    con.execute("COMMIT")


def load_seeds(
    con: duckdb.DuckDBPyConnection, seeds: dict[str, LabelledText], catalog: EntityCatalog
) -> None:
    for key, text in seeds.items():
        add_article(con, key, PUBLISHERS[key], text.body, text.published_at)
        found = extract_facts(text.body, published_at=text.published_at, catalog=catalog)
        replace_facts(con, key, found.fact_rows(key))


def claim(con: duckdb.DuckDBPyConnection, predicate: str, value: float) -> dict[str, Any]:
    cursor = con.execute(
        "SELECT * FROM claims WHERE predicate = ? AND value = ? AND subject = 'troops'",
        [predicate, value],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert len(rows) == 1, rows
    return rows[0]


def count_row(article_id: str, value: str, **fields: Any) -> dict[str, Any]:
    """A hand-made count fact row, for claims the seeds do not contain."""
    fact = Fact(
        kind="count",
        text=f"{value} troops",
        sentence=f"{value} troops were deployed.",
        start_char=0,
        end_char=len(value) + 7,
        extractor="test",
        subject="troops",
        subject_key="troops",
        predicate=fields.pop("predicate", "deployed"),
        value=value,
        **fields,
    )
    return ExtractedFacts("test", (fact,)).fact_rows(article_id)[0]


def test_fact_rows_have_exactly_the_columns_of_the_facts_table(con, seeds, catalog) -> None:
    columns = [row[0] for row in con.execute("DESCRIBE facts").fetchall()]
    found = extract_facts(seeds["002"].body, published_at=None, catalog=catalog)
    assert list(found.fact_rows("a")[0]) == columns
    mention_columns = [row[0] for row in con.execute("DESCRIBE mentions").fetchall()]
    assert list(found.mention_rows("a")[0]) == mention_columns
    entity_columns = [row[0] for row in con.execute("DESCRIBE entities").fetchall()]
    assert list(catalog.entity_rows()[0]) == entity_columns


def test_the_600_killed_claim_is_corroborated_by_two_sources(con, seeds, catalog) -> None:
    load_seeds(con, seeds, catalog)
    row = claim(con, "killed", 600)
    assert row["articles"] == ["001", "003"]
    assert row["corroboration"] == 2  # one publisher and one article with none
    assert row["publishers"] == ["The Moscow Times"]
    assert row["sources"] == ["National Intelligence Service"]
    assert row["qualifiers"] == ["approximately"]
    assert row["in_conflict"] is False
    top = con.execute(
        "SELECT predicate, value FROM claims ORDER BY corroboration DESC, value DESC LIMIT 1"
    ).fetchone()
    assert top is not None and top[1] >= 9


def test_articles_without_a_publisher_are_never_merged_into_one_source(con, seeds, catalog) -> None:
    load_seeds(con, seeds, catalog)
    add_article(con, "x", None, "copy")
    replace_facts(con, "x", [count_row("x", "600", predicate="killed")])
    assert claim(con, "killed", 600)["corroboration"] == 3
    add_article(con, "y", "The Moscow Times", "copy")
    replace_facts(con, "y", [count_row("y", "600", predicate="killed")])
    assert claim(con, "killed", 600)["corroboration"] == 3  # same publisher as seed 003


def test_the_nine_killed_are_corroborated_across_outlets_with_both_sources(
    con, seeds, catalog
) -> None:
    load_seeds(con, seeds, catalog)
    row = claim(con, "killed", 9)
    assert row["publishers"] == ["The Guardian", "The New York Times"]
    assert row["sources"] == ["Kim Jong Un", "North Korean state media"]


def test_a_ceiling_and_the_same_plain_number_are_one_claim(con) -> None:
    for article_id, publisher in (("a", "A"), ("b", "B")):
        add_article(con, article_id, publisher, "body")
    replace_facts(con, "a", [count_row("a", "15000", value_max="15000", qualifier="up to")])
    replace_facts(con, "b", [count_row("b", "15000")])
    row = claim(con, "deployed", 15000)
    assert (row["corroboration"], row["qualifiers"]) == (2, ["up to"])


def test_rival_estimates_are_flagged_as_conflicts(con) -> None:
    for article_id in "abcd":
        add_article(con, article_id, f"P{article_id}", "body")
    replace_facts(con, "a", [count_row("a", "11000")])
    replace_facts(con, "b", [count_row("b", "15000")])
    replace_facts(con, "c", [count_row("c", "12000", qualifier="approximately")])
    replace_facts(con, "d", [count_row("d", "120")])
    assert claim(con, "deployed", 11000)["conflicting_values"] == [15000.0]  # ~12,000 allows it
    assert claim(con, "deployed", 12000)["conflicting_values"] == [15000.0]
    assert claim(con, "deployed", 120)["in_conflict"] is False  # a different group, not a rival
    pairs = con.execute(
        "SELECT value_a, value_b FROM claim_conflicts ORDER BY value_a, value_b"
    ).fetchall()
    assert pairs == [(11000.0, 15000.0), (12000.0, 15000.0)]


def test_hedged_values_that_overlap_do_not_conflict(con) -> None:
    for article_id in "abc":
        add_article(con, article_id, f"P{article_id}", "body")
    replace_facts(con, "a", [count_row("a", "600", predicate="killed", qualifier="approximately")])
    replace_facts(con, "b", [count_row("b", "640", predicate="killed")])
    replace_facts(con, "c", [count_row("c", "200", predicate="killed", qualifier="at least")])
    assert con.execute("SELECT count(*) FROM claims WHERE in_conflict").fetchone() == (0,)


def test_re_extracting_replaces_an_articles_facts_without_duplicates(con, seeds, catalog) -> None:
    text = seeds["004"]
    add_article(con, "004", "The New York Times", text.body)
    found = extract_facts(text.body, published_at=None, catalog=catalog)
    replace_facts(con, "004", found.fact_rows("004"))
    replace_facts(con, "004", found.fact_rows("004"))
    total = con.execute("SELECT count(*), count(DISTINCT fact_id) FROM facts").fetchone()
    assert total == (len(found.facts), len(found.facts))
    newer = [dict(row, extractor="9.9.9+x") for row in found.fact_rows("004")]
    for row in newer:
        row["fact_id"] = row["fact_id"][:-1] + "z"
    replace_facts(con, "004", newer)
    assert con.execute("SELECT DISTINCT extractor FROM facts").fetchall() == [("9.9.9+x",)]


def test_entities_and_mentions_load_from_the_catalogue(con, seeds, catalog) -> None:
    con.register("entity_rows", pa.Table.from_pylist(catalog.entity_rows()))
    con.execute("INSERT INTO entities BY NAME SELECT * FROM entity_rows")
    found = extract_facts(seeds["003"].body, published_at=None, catalog=catalog)
    con.register("mention_rows", pa.Table.from_pylist(found.mention_rows("003")))
    con.execute("INSERT INTO mentions BY NAME SELECT * FROM mention_rows")
    rows = con.execute(
        "SELECT e.name, count(*) FROM mentions m JOIN entities e USING (entity_id)"
        " WHERE e.entity_id = 'nis' GROUP BY e.name"
    ).fetchall()
    assert rows == [("National Intelligence Service", 2)]


def test_a_fact_of_an_unknown_kind_is_refused(con) -> None:
    row = count_row("a", "1")
    row["kind"] = "rumour"
    with pytest.raises(duckdb.ConstraintException):
        replace_facts(con, "a", [row])
