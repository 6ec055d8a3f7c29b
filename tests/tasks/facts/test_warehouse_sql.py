"""The facts schema and the claims views, on a real DuckDB file.

Applies warehouse/migrations/0002_facts.sql, 0005_numeric_facts.sql and
warehouse/views/claims.sql over a minimal `articles` table, loads extracted facts through Arrow
as the pipeline does, and checks corroboration, conflicts and replacement of an article's facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from tasks.facts import ExtractedFacts, Fact, FactExtractor
from testing.evaluate import LabelledArticle

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
    connection.execute(
        (WAREHOUSE / "migrations" / "0005_numeric_facts.sql").read_text(encoding="utf-8")
    )
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
    con: duckdb.DuckDBPyConnection,
    seeds: dict[str, LabelledArticle],
    extractor: FactExtractor,
) -> None:
    for key, text in seeds.items():
        add_article(con, key, PUBLISHERS[key], text.body, text.published_at)
        found = extractor.extract(text.body, text.published_at)
        replace_facts(con, key, found.fact_rows(key))


def claim(
    con: duckdb.DuckDBPyConnection, predicate: str, value: float, subject: str = "troop"
) -> dict[str, Any]:
    cursor = con.execute(
        "SELECT * FROM claims WHERE predicate = ? AND value = ? AND subject = ?",
        [predicate, value, subject],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert len(rows) == 1, rows
    return rows[0]


def count_row(article_id: str, value: float, **fields: Any) -> dict[str, Any]:
    """A hand-made count fact row, for claims the seeds do not contain."""
    fact = Fact(
        kind=fields.pop("kind", "count"),
        text=f"{value:g} troops",
        sentence=f"{value:g} troops were deployed.",
        start_char=0,
        end_char=len(f"{value:g}") + 7,
        extractor="test",
        subject="troops",
        subject_key=fields.pop("subject_key", "troop"),
        predicate=fields.pop("predicate", "deployed"),
        value=value,
        **fields,
    )
    return ExtractedFacts("test", (fact,)).fact_rows(article_id)[0]


def test_fact_rows_have_exactly_the_columns_of_the_facts_table(
    con, seeds, catalog, extractor
) -> None:
    columns = [row[0] for row in con.execute("DESCRIBE facts").fetchall()]
    found = extractor.extract(seeds["002"].body)
    assert list(found.fact_rows("a")[0]) == columns
    mention_columns = [row[0] for row in con.execute("DESCRIBE mentions").fetchall()]
    assert list(found.mention_rows("a")[0]) == mention_columns
    entity_columns = [row[0] for row in con.execute("DESCRIBE entities").fetchall()]
    assert list(catalog.entity_rows()[0]) == entity_columns


def test_the_600_killed_claim_is_corroborated_by_two_sources(con, seeds, extractor) -> None:
    load_seeds(con, seeds, extractor)
    row = claim(con, "killed", 600, "soldier")
    assert row["articles"] == ["001", "003"]
    assert row["corroboration"] == 2  # one publisher and one article with none
    assert row["publishers"] == ["The Moscow Times"]
    assert "National Intelligence Service" in row["sources"]
    assert row["qualifiers"] == ["approximately"]
    assert row["in_conflict"] is False
    top = con.execute(
        "SELECT predicate, value, corroboration FROM claims"
        " ORDER BY corroboration DESC, value DESC LIMIT 2"
    ).fetchall()
    # beside it, "several thousand troops" (002) and "thousands of troops" (003) sent: the same
    # vague 2000..9999, two reports
    assert sorted(top) == [("deployed", 2000.0, 2), ("killed", 600.0, 2)]


def test_articles_without_a_publisher_are_never_merged_into_one_source(
    con, seeds, extractor
) -> None:
    load_seeds(con, seeds, extractor)
    add_article(con, "x", None, "copy")
    replace_facts(con, "x", [count_row("x", 600, predicate="killed", subject_key="soldier")])
    assert claim(con, "killed", 600, "soldier")["corroboration"] == 3
    add_article(con, "y", "The Moscow Times", "copy")
    replace_facts(con, "y", [count_row("y", 600, predicate="killed", subject_key="soldier")])
    assert claim(con, "killed", 600, "soldier")["corroboration"] == 3  # as seed 003's outlet


def test_value_is_a_number_in_sql(con, seeds, extractor) -> None:
    load_seeds(con, seeds, extractor)
    big = con.execute("SELECT min(value) FROM facts WHERE value > 100").fetchone()
    assert big is not None and big[0] > 100
    kinds = {k for (k,) in con.execute("SELECT DISTINCT kind FROM facts").fetchall()}
    assert {"count", "quote", "date"} <= kinds


def test_money_claims_group_by_currency_and_conflict_within_an_article(con) -> None:
    add_article(con, "a", "A", "body")
    rows = [
        count_row("a", 40, predicate="recovered", subject_key="body"),
        count_row("a", 3, predicate="recovered", subject_key="body"),
        count_row("a", 4.9e9, kind="money", unit="USD", predicate="earned", subject_key=None),
        count_row("a", 4.9e9, kind="money", unit="EUR", predicate="earned", subject_key=None),
    ]
    for n, row in enumerate(rows):
        row["fact_id"] += str(n)
    replace_facts(con, "a", rows)
    pairs = con.execute(
        "SELECT kind, subject, value_a, value_b FROM claim_conflicts ORDER BY value_a"
    ).fetchall()
    assert pairs == [("count", "body", 3.0, 40.0)]  # 40 bodies vs three bodies, one report
    money = con.execute(
        "SELECT unit, value FROM claims WHERE kind = 'money' ORDER BY unit"
    ).fetchall()
    assert money == [("EUR", 4.9e9), ("USD", 4.9e9)]


def test_a_ceiling_and_the_same_plain_number_are_one_claim(con) -> None:
    for article_id, publisher in (("a", "A"), ("b", "B")):
        add_article(con, article_id, publisher, "body")
    replace_facts(
        con, "a", [count_row("a", 15000, value_max=15000, qualifier="up to", hedge="up to")]
    )
    replace_facts(con, "b", [count_row("b", 15000)])
    row = claim(con, "deployed", 15000)
    assert (row["corroboration"], row["qualifiers"]) == (2, ["up to"])


def test_rival_estimates_are_flagged_as_conflicts(con) -> None:
    for article_id in "abcd":
        add_article(con, article_id, f"P{article_id}", "body")
    replace_facts(con, "a", [count_row("a", 11000)])
    replace_facts(con, "b", [count_row("b", 15000)])
    replace_facts(con, "c", [count_row("c", 12000, qualifier="about", hedge="approximately")])
    replace_facts(con, "d", [count_row("d", 120)])
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
    replace_facts(con, "a", [count_row("a", 600, predicate="killed", hedge="approximately")])
    replace_facts(con, "b", [count_row("b", 640, predicate="killed")])
    replace_facts(con, "c", [count_row("c", 200, predicate="killed", hedge="at least")])
    assert con.execute("SELECT count(*) FROM claims WHERE in_conflict").fetchone() == (0,)


def test_re_extracting_replaces_an_articles_facts_without_duplicates(con, seeds, extractor) -> None:
    text = seeds["004"]
    add_article(con, "004", "The New York Times", text.body)
    found = extractor.extract(text.body)
    replace_facts(con, "004", found.fact_rows("004"))
    replace_facts(con, "004", found.fact_rows("004"))
    total = con.execute("SELECT count(*), count(DISTINCT fact_id) FROM facts").fetchone()
    assert total == (len(found.facts), len(found.facts))
    newer = [dict(row, extractor="9.9.9+x") for row in found.fact_rows("004")]
    for row in newer:
        row["fact_id"] = row["fact_id"][:-1] + "z"
    replace_facts(con, "004", newer)
    assert con.execute("SELECT DISTINCT extractor FROM facts").fetchall() == [("9.9.9+x",)]


def test_entities_and_mentions_load_from_the_catalogue(con, seeds, catalog, extractor) -> None:
    con.register("entity_rows", pa.Table.from_pylist(catalog.entity_rows()))
    con.execute("INSERT INTO entities BY NAME SELECT * FROM entity_rows")
    found = extractor.extract(seeds["003"].body)
    con.register("mention_rows", pa.Table.from_pylist(found.mention_rows("003")))
    con.execute("INSERT INTO mentions BY NAME SELECT * FROM mention_rows")
    rows = con.execute(
        "SELECT e.name, count(*) FROM mentions m JOIN entities e USING (entity_id)"
        " WHERE e.entity_id = 'nis' GROUP BY e.name"
    ).fetchall()
    assert rows == [("National Intelligence Service", 2)]


def test_a_fact_of_an_unknown_kind_is_refused(con) -> None:
    row = count_row("a", 1)
    row["kind"] = "rumour"
    with pytest.raises(duckdb.ConstraintException):
        replace_facts(con, "a", [row])
