"""`--reprocess`: a cleaner change applied from the kept raw bytes, without the originals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tasks.process
from tasks.clean.text import clean_text
from tasks.inputs.raw_store import raw_store_dir
from tasks.records import CleanedText, InputKind
from tests.flows.test_ingest import rows, run_ingest

pytestmark = pytest.mark.prefect

SHORTENED = "004_ad42f186b11cc35e.txt"  # its new cleaned text drops the last paragraph
RETITLED = "002_2435aca23e57e942.txt"  # same text, a better title


def upgraded_cleaner(seeds: Path) -> object:
    shortened = (seeds / SHORTENED).read_text(encoding="utf-8")[:200]
    retitled = (seeds / RETITLED).read_text(encoding="utf-8")[:200]

    def clean(text: str, *, source: InputKind = "text") -> CleanedText:
        cleaned = clean_text(text, source=source)
        if text[:200] == shortened:
            body = cleaned.body.rsplit("\n\n", 1)[0]
            return CleanedText(body, cleaned.title, cleaned.publisher, cleaned.author,
                               cleaned.published_at, cleaned.dropped)  # fmt: skip
        if text[:200] == retitled:
            return CleanedText(cleaned.body, "A better title", cleaned.publisher, cleaned.author,
                               cleaned.published_at, cleaned.dropped)  # fmt: skip
        return cleaned

    return clean


def test_reprocess_after_a_cleaner_change_updates_articles_and_leaves_no_orphans(
    prefect_api: str, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    _, first = run_ingest(seeds_copy, db)
    assert first.articles_new == 5
    assert len(list(raw_store_dir(db).glob("*/*.gz"))) == 5
    before = dict(rows(db, "SELECT origin, content_hash FROM sightings"))

    monkeypatch.setattr(tasks.process, "clean_text", upgraded_cleaner(seeds_copy))
    shutil.rmtree(seeds_copy)  # the original files are not needed
    _, summary = run_ingest(seeds_copy, db, reprocess=True)
    assert (summary.reprocessed, summary.articles_changed, summary.articles_removed) == (5, 2, 1)
    assert summary.facts > 0  # the new text's facts

    after = dict(rows(db, "SELECT origin, content_hash FROM sightings"))
    assert after.keys() == before.keys()
    changed = {Path(origin).name for origin in after if after[origin] != before[origin]}
    assert changed == {SHORTENED}
    assert rows(db, f"SELECT title FROM articles WHERE origin LIKE '%{RETITLED}'") == [
        ("A better title",)
    ]
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    for table in ("facts", "mentions", "fact_extractions", "article_stories", "cluster_signatures"):
        orphans = rows(
            db, f"SELECT count(*) FROM {table} t ANTI JOIN articles a USING (article_id)"
        )
        assert orphans == [(0,)], table
    assert rows(db, "SELECT count(*) FROM article_stories") == [(5,)]
    assert rows(db, "SELECT count(*) FROM fact_extractions") == [(5,)]
    assert rows(db, "SELECT count(*) > 0 FROM claims WHERE predicate = 'killed'") == [(True,)]

    # Nothing to do: the run is still recorded, completed, with every count zero.
    _, idle = run_ingest(seeds_copy, db, reprocess=True)
    assert (idle.articles_changed, idle.articles_new, idle.facts) == (0, 0, 0)
    assert rows(
        db,
        "SELECT status, articles_new, duplicates, rejected, unchanged, facts FROM runs"
        " ORDER BY run_id DESC LIMIT 1",
    ) == [("completed", 0, 0, 0, 0, 0)]
