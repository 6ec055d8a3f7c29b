"""WARC files through the real flow: articles, rejects, skip counts, re-runs, resume."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tasks.inputs.files import discover_files
from tasks.inputs.warc import archive_chunks, process_chunk
from tasks.records import InputFile
from testing.articles import article_html
from testing.warc import Response, request_bytes, response_bytes, warcinfo_bytes, write_warc
from tests.flows.test_ingest import rows, run_ingest
from warehouse import store
from warehouse.db import migrate, open_writer

pytestmark = pytest.mark.prefect


def crawl(folder: Path, stories: int = 4) -> tuple[Path, list[int]]:
    """A WARC as a crawler writes it, with a PDF, a redirect, a corrupt member and a cut tail."""
    records = [warcinfo_bytes()]
    for i in range(stories):
        url = f"https://news.example/story-{i}"
        records += [request_bytes(url), response_bytes(Response(url, article_html(i)))]
    records.append(
        response_bytes(Response("https://news.example/r.pdf", b"%PDF-1.7", "application/pdf"))
    )
    records.append(
        response_bytes(
            Response(
                "https://news.example/old",
                b"",
                status_line="HTTP/1.1 302 Found",
                headers=(("Location", "https://news.example/story-1"),),
            )
        )
    )
    records.append(response_bytes(Response("https://news.example/late", article_html(9))))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crawl.warc.gz"
    offsets = write_warc(path, records)
    return path, offsets


def test_a_warc_lands_its_articles_rejects_the_rest_and_is_skipped_when_unchanged(
    prefect_api: str, tmp_path: Path
) -> None:
    path, offsets = crawl(tmp_path / "in")
    data = bytearray(path.read_bytes())
    corrupt = offsets[4]  # story-1's response
    data[corrupt + 40 : corrupt + 60] = bytes(20)
    path.write_bytes(bytes(data[: len(data) - 100]))  # and the last record cut short
    db = tmp_path / "w.duckdb"
    _, summary = run_ingest(path.parent, db)
    assert summary.articles_new == 3  # story-0, story-2, story-3
    assert summary.records_skipped == {"request record": 4, "warcinfo record": 1}
    got = rows(
        db,
        "SELECT a.url, s.origin, s.fetched_at IS NOT NULL FROM articles a"
        " JOIN sightings s USING (content_hash) ORDER BY a.url",
    )
    assert [url for url, _, _ in got] == [f"https://news.example/story-{i}" for i in (0, 2, 3)]
    assert all(origin.startswith(f"{path}#offset=") and fetched for _, origin, fetched in got)
    rejects = {
        origin.rsplit("=", 1)[1]: (stage, reason)
        for origin, stage, reason in rows(db, "SELECT origin, stage, reason FROM rejects")
    }
    assert rejects[str(corrupt)][1].startswith("damaged archive data")
    assert rejects[str(offsets[-1])][1].startswith("truncated record")
    assert rejects[str(offsets[-3])] == ("archive", "HTTP payload is application/pdf, not HTML")
    assert "302 redirect" in rejects[str(offsets[-2])][1]
    assert summary.rejected == 4
    assert rows(db, "SELECT reason, records FROM archive_skips ORDER BY reason") == [
        ("request record", 4),
        ("warcinfo record", 1),
    ]

    _, again = run_ingest(path.parent, db)
    assert (again.articles_new, again.rejected, again.unchanged) == (0, 0, 1)
    assert "archives" not in again.stage_seconds
    assert len(rows(db, "SELECT * FROM latest_rejects")) == 4

    # Fixed: the whole crawl again. Only what was missing is new; nothing is doubled.
    good, _ = crawl(tmp_path / "fixed")
    os.replace(good, path)
    _, fixed = run_ingest(path.parent, db)
    assert (fixed.articles_new, fixed.duplicates) == (2, 3)  # story-1 and late
    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(5, 5)]
    assert {r for (r,) in rows(db, "SELECT reason FROM latest_rejects")} == {
        "HTTP payload is application/pdf, not HTML",
        "HTTP 302 redirect to https://news.example/story-1: no article in a redirect",
    }


def test_a_run_that_died_after_some_chunks_resumes_at_the_next_record_without_duplicates(
    prefect_api: str, tmp_path: Path
) -> None:
    path, _ = crawl(tmp_path / "in", stories=5)
    db = tmp_path / "w.duckdb"
    (item,) = discover_files(path)
    assert isinstance(item, InputFile)
    first_chunk = next(
        archive_chunks(item, start_offset=0, chunk_records=2, max_record_bytes=10**6)
    )
    with open_writer(db) as con:  # what a run killed after its first chunk leaves behind
        migrate(con)
        run_id = store.start_run(con, flow_run_id=None, source=str(path.parent))
        store.load_batch(con, process_chunk(first_chunk, min_words=25), run_id=run_id)
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]

    _, summary = run_ingest(path.parent, db, batch_size=2)
    assert (summary.articles_new, summary.duplicates) == (4, 0)  # 3 stories + late
    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(6, 6)]
    assert rows(db, "SELECT count(*) FROM sightings") == [(6,)]
    assert rows(db, "SELECT complete, next_offset FROM archive_progress") == [(True, item.size)]
    assert rows(db, "SELECT status FROM runs ORDER BY run_id") == [("abandoned",), ("completed",)]


def test_a_file_that_is_not_a_warc_stays_rejected_until_it_is_fixed(
    prefect_api: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bogus = folder / "crawl.warc.gz"
    bogus.write_bytes(b"<html>an HTML page saved under the wrong name</html>\n")
    db = tmp_path / "w.duckdb"
    _, first = run_ingest(folder, db)
    assert (first.articles_new, first.rejected) == (0, 1)
    assert rows(
        db, "SELECT origin, stage, reason LIKE 'not a readable WARC file%' FROM rejects"
    ) == [(str(bogus), "read", True)]
    _, again = run_ingest(folder, db)
    assert (again.rejected, again.unchanged) == (0, 1)
    assert len(rows(db, "SELECT * FROM latest_rejects")) == 1

    good, _ = crawl(tmp_path / "good", stories=2)
    os.replace(good, bogus)
    _, fixed = run_ingest(folder, db)
    assert fixed.articles_new == 3  # two stories and the late one
    assert {r for (r,) in rows(db, "SELECT reason FROM latest_rejects")} == {
        "HTTP payload is application/pdf, not HTML",
        "HTTP 302 redirect to https://news.example/story-1: no article in a redirect",
    }
