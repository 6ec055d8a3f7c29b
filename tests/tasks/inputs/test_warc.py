"""WARC records to article inputs: real archives written with FastWARC in the test."""

from __future__ import annotations

import gzip
from pathlib import Path

from tasks.inputs.files import discover_files
from tasks.inputs.warc import archive_chunks, process_chunk, read_archive
from tasks.records import ArchiveRecord, InputFile
from testing.articles import article_html
from testing.warc import (
    Response,
    request_bytes,
    response_bytes,
    warcinfo_bytes,
    write_warc,
)

CAP = 1_000_000


def mixed_records() -> list[bytes]:
    records = [warcinfo_bytes()]
    for i in range(3):
        url = f"https://news.example/story-{i}"
        records += [request_bytes(url), response_bytes(Response(url, article_html(i)))]
    records.append(
        response_bytes(
            Response("https://news.example/a.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
        )
    )
    records.append(
        response_bytes(
            Response(
                "https://news.example/old",
                b"",
                status_line="HTTP/1.1 301 Moved Permanently",
                headers=(("Location", "https://news.example/story-0"),),
            )
        )
    )
    return records


def archive_file(tmp_path: Path, records: list[bytes], name: str = "crawl.warc.gz") -> InputFile:
    path = tmp_path / name
    write_warc(path, records, compress=name.endswith(".gz"))
    (item,) = discover_files(path)
    assert isinstance(item, InputFile)
    return item


def test_warc_files_are_discovered_as_archives_by_both_suffixes(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", [warcinfo_bytes()])
    write_warc(tmp_path / "b.WARC", [warcinfo_bytes()], compress=False)
    assert [item.kind for item in discover_files(tmp_path)] == ["warc", "warc"]


def test_responses_become_articles_with_url_fetch_time_and_offset_origin(tmp_path: Path) -> None:
    item = archive_file(tmp_path, mixed_records())
    (chunk,) = archive_chunks(item, start_offset=0, chunk_records=100, max_record_bytes=CAP)
    assert chunk.progress.complete and chunk.progress.next_offset == item.size
    assert dict(chunk.progress.skipped) == {"request record": 3, "warcinfo record": 1}
    batch = process_chunk(chunk, min_words=25)
    assert [a.url for a in batch.articles] == [f"https://news.example/story-{i}" for i in range(3)]
    first = batch.articles[0]
    assert first.origin.startswith(f"{item.origin}#offset=")
    assert (
        first.fetched_at is not None and first.fetched_at.isoformat() == "2024-05-01T12:00:00+00:00"
    )
    assert first.title == "Harbour report number 3" and "14 ships" in first.body
    # A reader finds the record again from the origin's offset.
    offset = int(first.origin.rsplit("=", 1)[1])
    (again, *_) = read_archive(item.path, start_offset=offset, max_record_bytes=CAP)
    assert isinstance(again, ArchiveRecord) and again.url == first.url
    reasons = {r.origin.rsplit("#", 1)[1]: r.reason for r in batch.rejects}
    assert sorted(reasons.values()) == [
        "HTTP 301 redirect to https://news.example/story-0: no article in a redirect",
        "HTTP payload is application/pdf, not HTML",
    ]
    assert batch.outcomes[0].outcome == "archive" and batch.outcomes[0].origin == item.origin


def test_a_corrupt_gzip_member_is_rejected_and_the_records_after_it_still_land(
    tmp_path: Path,
) -> None:
    records = [
        response_bytes(Response(f"https://n.example/{i}", article_html(i))) for i in range(4)
    ]
    path = tmp_path / "damaged.warc.gz"
    offsets = write_warc(path, records)
    data = bytearray(path.read_bytes())
    data[offsets[1] + 40 : offsets[1] + 60] = bytes(20)  # inside member 2's deflate stream
    path.write_bytes(bytes(data))
    items = list(read_archive(path, max_record_bytes=CAP))
    urls = [i.url for i in items if isinstance(i, ArchiveRecord)]
    problems = [i for i in items if not isinstance(i, ArchiveRecord)]
    assert urls == ["https://n.example/0", "https://n.example/2", "https://n.example/3"]
    assert len(problems) == 1 and problems[0].offset == offsets[1]
    assert "damaged archive data" in problems[0].reason
    assert f"resumed at the next whole record, offset {offsets[2]}" in problems[0].reason


def test_a_truncated_last_record_is_rejected_and_the_rest_is_kept(tmp_path: Path) -> None:
    records = [
        response_bytes(Response(f"https://n.example/{i}", article_html(i))) for i in range(2)
    ]
    path = tmp_path / "cut.warc"
    offsets = write_warc(path, records, compress=False)
    path.write_bytes(path.read_bytes()[:-200])  # a crawler killed mid-write
    items = list(read_archive(path, max_record_bytes=CAP))
    assert isinstance(items[0], ArchiveRecord)
    assert items[1].offset == offsets[1] and items[1].reason.startswith("truncated record")


def test_a_gzip_that_ends_early_is_rejected_after_its_good_records(tmp_path: Path) -> None:
    records = [
        response_bytes(Response(f"https://n.example/{i}", article_html(i))) for i in range(2)
    ]
    path = tmp_path / "early.warc.gz"
    offsets = write_warc(path, records)
    path.write_bytes(path.read_bytes()[: offsets[1] + 200])
    items = list(read_archive(path, max_record_bytes=CAP))
    assert isinstance(items[0], ArchiveRecord) and len(items) == 2
    assert items[1].offset == offsets[1] and not isinstance(items[1], ArchiveRecord)


def test_a_file_that_is_not_a_warc_is_one_clear_reject(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some notes, not an archive\n" * 20))
    (item,) = discover_files(path)
    assert isinstance(item, InputFile)
    (chunk,) = archive_chunks(item, start_offset=0, chunk_records=10, max_record_bytes=CAP)
    (reject,) = chunk.rejects
    assert reject.origin == item.origin
    assert reject.reason.startswith("not a readable WARC file")
    assert chunk.progress.complete
    (outcome,) = process_chunk(chunk, min_words=25).outcomes
    assert (outcome.outcome, outcome.reason) == ("rejected", reject.reason)


def test_chunks_carry_the_offset_to_resume_from_and_resuming_reads_the_rest(
    tmp_path: Path,
) -> None:
    records = [
        response_bytes(Response(f"https://n.example/{i}", article_html(i))) for i in range(5)
    ]
    item = archive_file(tmp_path, records)
    chunks = list(archive_chunks(item, start_offset=0, chunk_records=2, max_record_bytes=CAP))
    assert [len(c.records) for c in chunks] == [2, 2, 1]
    assert [c.progress.complete for c in chunks] == [False, False, True]
    resumed = list(
        archive_chunks(
            item,
            start_offset=chunks[0].progress.next_offset,
            chunk_records=2,
            max_record_bytes=CAP,
        )
    )
    assert [r.url for c in resumed for r in c.records] == [
        f"https://n.example/{i}" for i in range(2, 5)
    ]


def test_an_oversize_payload_is_rejected_without_being_read(tmp_path: Path) -> None:
    big = response_bytes(Response("https://n.example/big", b"<html>" + b"x" * 5000))
    item = archive_file(tmp_path, [big])
    (chunk,) = archive_chunks(item, start_offset=0, chunk_records=10, max_record_bytes=1000)
    assert "over the 1,000-byte cap" in chunk.rejects[0].reason
