"""Near-duplicates and stories in the warehouse: read what is new, place it, write it back.

`update_clusters` is the one entry point. It clusters every article not clustered yet against
the stored state (signatures, story vectors, term counts) and writes the result in the same
transaction as the reads, so a crash leaves the state as it was and the next call redoes the
work; a second call with nothing new changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from config.cluster_settings import ClusterSettings
from tasks.dedupe import near_duplicates, stories
from tasks.dedupe.near_duplicates import NearDuplicate, NearDuplicateIndex, Placement, SignedArticle
from tasks.dedupe.stories import Assignment, Report, Story, StoryIndex, term_counts, weights
from warehouse.db import sql, transaction

_SIGNATURE_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("seen", pa.timestamp("us")), ("signature", pa.binary())]
)
_NEAR_DUPLICATE_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64())]
)
_MEMBER_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("story_id", pa.string()), ("similarity", pa.float64())]
)
_STORY_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("label", pa.string()),
        ("first_seen", pa.timestamp("us")),
        ("last_seen", pa.timestamp("us")),
        ("first_published", pa.timestamp("us")),
        ("last_published", pa.timestamp("us")),
        ("articles", pa.int32()),
        ("reports", pa.int32()),
        ("top_terms", pa.list_(pa.string())),
    ]
)
_STORY_TERM_SCHEMA = pa.schema(
    [("story_id", pa.string()), ("term", pa.string()), ("weight", pa.float64())]
)
_REPORT_TERM_SCHEMA = pa.schema([("term", pa.string()), ("reports", pa.int32())])
_REGISTERED = (
    "cl_signatures",
    "cl_story_ids",
    "cl_near_duplicates",
    "cl_article_stories",
    "cl_stories",
    "cl_story_terms",
    "cl_report_terms",
)


@dataclass(frozen=True, slots=True)
class ClusterCounts:
    """What one update did."""

    articles: int  # articles clustered now
    near_duplicates: int  # of them, copies of an earlier or later report
    regrouped: int  # earlier copies re-linked to an older original that arrived now
    stories_opened: int
    stories_joined: int  # new independent reports that joined a story instead of opening one
    rebuilt: bool  # settings or code changed, so every article was clustered again


@dataclass(frozen=True, slots=True)
class NewArticle:
    article_id: str
    title: str | None
    body: str
    published_at: datetime | None
    seen: datetime


def state_fingerprint(settings: ClusterSettings) -> str:
    """Settings and code versions: stored state built under another one is rebuilt."""
    return "|".join(
        (settings.fingerprint(), near_duplicates.ALGORITHM_VERSION, stories.ALGORITHM_VERSION)
    )


def update_clusters(con: duckdb.DuckDBPyConnection, settings: ClusterSettings) -> ClusterCounts:
    """Cluster every article not clustered yet, in one transaction."""
    fingerprint = state_fingerprint(settings)
    try:
        with transaction(con):
            state = con.execute(sql("clusters_state")).fetchall()
            rebuilt = bool(state) and state[0][0] != fingerprint
            if rebuilt:
                con.execute(sql("clusters_clear"))
            reports = 0 if rebuilt or not state else int(state[0][1])
            counts = _update(con, settings, fingerprint, reports=reports, rebuilt=rebuilt)
    finally:
        for name in _REGISTERED:
            con.unregister(name)
    return counts


def read_unclustered(con: duckdb.DuckDBPyConnection) -> list[NewArticle]:
    rows = con.execute(sql("clusters_unclustered")).fetchall()
    return [NewArticle(*row) for row in rows]


def read_signatures(con: duckdb.DuckDBPyConnection) -> list[SignedArticle]:
    rows = con.execute(sql("clusters_signatures")).fetchall()
    return [SignedArticle(a, seen, bytes(sig), dup) for a, seen, sig, dup in rows]


def read_stories(con: duckdb.DuckDBPyConnection) -> list[Story]:
    """Stored stories with their term vectors."""
    terms: dict[str, dict[str, float]] = defaultdict(dict)
    table = con.sql(sql("clusters_story_terms")).to_arrow_table()
    for story_id, term, weight in zip(
        table["story_id"].to_pylist(),
        table["term"].to_pylist(),
        table["weight"].to_pylist(),
        strict=True,
    ):
        terms[story_id][term] = weight
    found = []
    for row in con.execute(sql("clusters_stories")).fetchall():
        story_id, first_seen, last_seen, first_published, last_published, articles, reports = row
        found.append(
            Story(
                story_id=story_id,
                terms=terms.get(story_id, {}),
                reports=reports,
                articles=articles,
                first_seen=first_seen,
                last_seen=last_seen,
                first_published=first_published,
                last_published=last_published,
            )
        )
    return found


def read_report_terms(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    table = con.sql(sql("clusters_report_terms")).to_arrow_table()
    return dict(zip(table["term"].to_pylist(), table["reports"].to_pylist(), strict=True))


def read_members(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    table = con.sql(sql("clusters_members")).to_arrow_table()
    return dict(zip(table["article_id"].to_pylist(), table["story_id"].to_pylist(), strict=True))


def _update(
    con: duckdb.DuckDBPyConnection,
    settings: ClusterSettings,
    fingerprint: str,
    *,
    reports: int,
    rebuilt: bool,
) -> ClusterCounts:
    new = read_unclustered(con)
    if not new:
        return ClusterCounts(0, 0, 0, 0, 0, rebuilt=rebuilt)
    near = NearDuplicateIndex(settings)
    near.restore(read_signatures(con))
    index = StoryIndex(settings)
    index.restore(read_stories(con), read_report_terms(con), reports, read_members(con))

    placements = [near.add(a.article_id, a.body, a.seen) for a in new]
    originals = {
        a.article_id: Report(
            a.article_id, weights(term_counts(a.body, a.title)), a.seen, a.published_at
        )
        for a, p in zip(new, placements, strict=True)
        if p.duplicate_of is None and not p.regrouped
    }
    for report in originals.values():
        index.count(report)
    assignments = [_assign(index, a, p, originals) for a, p in zip(new, placements, strict=True)]
    _write(con, new, placements, assignments, index, fingerprint)
    return ClusterCounts(
        articles=len(new),
        near_duplicates=sum(1 for p in placements if p.duplicate_of is not None),
        regrouped=sum(len(p.regrouped) for p in placements),
        stories_opened=sum(1 for a in assignments if a.opened),
        stories_joined=sum(1 for a in assignments if not a.opened and a.article_id in originals),
        rebuilt=rebuilt,
    )


def _assign(
    index: StoryIndex, article: NewArticle, placement: Placement, originals: dict[str, Report]
) -> Assignment:
    """An original is placed on its own terms; a copy follows the report it copies."""
    if article.article_id in originals:
        return index.assign(originals[article.article_id])
    # A newcomer that took over a group follows the story its group already has.
    group = placement.duplicate_of or placement.regrouped[0].article_id
    return index.follow(article.article_id, group, article.seen, article.published_at)


def _write(
    con: duckdb.DuckDBPyConnection,
    new: list[NewArticle],
    placements: list[Placement],
    assignments: list[Assignment],
    index: StoryIndex,
    fingerprint: str,
) -> None:
    """Memberships first, so that labels can be chosen among every member's headline."""
    con.register("cl_signatures", _signatures_table(new, placements))
    con.register("cl_near_duplicates", _near_duplicates_table(placements))
    con.register("cl_article_stories", _members_table(assignments))
    con.execute(sql("clusters_insert_signatures"))
    con.execute(sql("clusters_upsert_near_duplicates"))
    con.execute(sql("clusters_insert_article_stories"))
    changed = index.changed_stories()
    ids = pa.array([story.story_id for story in changed], pa.string())
    con.register("cl_story_ids", pa.table({"story_id": ids}))
    titles: dict[str, list[str]] = defaultdict(list)
    for story_id, title in con.execute(sql("clusters_story_titles")).fetchall():
        titles[story_id].append(title)
    con.register("cl_stories", _stories_table(index, changed, titles))
    con.register("cl_story_terms", _story_terms_table(changed))
    con.register("cl_report_terms", _report_terms_table(index.changed_terms()))
    con.execute(sql("clusters_upsert_stories"))
    con.execute(sql("clusters_delete_story_terms"))
    con.execute(sql("clusters_insert_story_terms"))
    con.execute(sql("clusters_upsert_report_terms"))
    con.execute(
        sql("clusters_upsert_state"), {"fingerprint": fingerprint, "reports": index.reports}
    )


def _signatures_table(new: list[NewArticle], placements: list[Placement]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"article_id": a.article_id, "seen": a.seen, "signature": p.signature}
            for a, p in zip(new, placements, strict=True)
        ],
        schema=_SIGNATURE_SCHEMA,
    )


def _near_duplicates_table(placements: list[Placement]) -> pa.Table:
    rows: list[NearDuplicate] = []
    for p in placements:
        if p.duplicate_of is not None and p.similarity is not None:
            rows.append(NearDuplicate(p.article_id, p.duplicate_of, p.similarity))
        rows.extend(p.regrouped)
    latest = {row.article_id: row for row in rows}  # a later take-over wins
    return pa.Table.from_pylist(
        [
            {"article_id": r.article_id, "duplicate_of": r.duplicate_of, "similarity": r.similarity}
            for r in latest.values()
        ],
        schema=_NEAR_DUPLICATE_SCHEMA,
    )


def _members_table(assignments: list[Assignment]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"article_id": a.article_id, "story_id": a.story_id, "similarity": a.similarity}
            for a in assignments
        ],
        schema=_MEMBER_SCHEMA,
    )


def _stories_table(
    index: StoryIndex, changed: list[Story], titles: dict[str, list[str]]
) -> pa.Table:
    rows: list[dict[str, Any]] = [
        {
            "story_id": s.story_id,
            "label": index.label(s, titles.get(s.story_id, [])),
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "first_published": s.first_published,
            "last_published": s.last_published,
            "articles": s.articles,
            "reports": s.reports,
            "top_terms": index.top_terms(s),
        }
        for s in changed
    ]
    return pa.Table.from_pylist(rows, schema=_STORY_SCHEMA)


def _story_terms_table(changed: list[Story]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"story_id": s.story_id, "term": term, "weight": weight}
            for s in changed
            for term, weight in s.terms.items()
        ],
        schema=_STORY_TERM_SCHEMA,
    )


def _report_terms_table(changed: dict[str, int]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"term": term, "reports": n} for term, n in changed.items()], schema=_REPORT_TERM_SCHEMA
    )
