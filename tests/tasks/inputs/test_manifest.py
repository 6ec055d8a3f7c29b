"""Metadata manifests: CSV or JSON Lines rows to overrides, a reason for every unusable row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tasks.inputs.files import discover_files
from tasks.inputs.manifest import find_manifest, manifest_for_inputs, read_manifest
from tasks.records import InputFile


def inputs(folder: Path) -> list[InputFile]:
    return [item for item in discover_files(folder) if isinstance(item, InputFile)]


def test_csv_rows_resolve_relative_to_the_manifest_and_empty_cells_say_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,url,publisher,published_at,title,language\n"
        "a/one.txt,HTTPS://Gazette.Example/one?utm_source=x,The Example Gazette,"
        "2024-03-03T14:05:00+01:00,,EN-gb\n"
    )
    rows, rejects = read_manifest(manifest)
    assert rejects == []
    (row,) = rows
    assert row.file == (tmp_path / "a" / "one.txt").resolve()
    assert row.entry.url == "https://gazette.example/one"
    assert row.entry.publisher == "The Example Gazette"
    assert row.entry.published_at == datetime(2024, 3, 3, 14, 5)  # as written
    assert (row.entry.title, row.entry.language) == (None, "en")


def test_bad_rows_are_rejected_by_row_and_good_rows_still_apply(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.txt"):
        (tmp_path / name).write_text("x")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,publisher,published_at,language\n"
        "one.txt,Gazette,2024-03-03,en\n"
        "two.txt,Gazette,last Tuesday,en\n"
        "missing.txt,Gazette,,\n"
        "three.txt,Gazette,,english please\n"
        ",Gazette,,\n"
        "one.txt,too,many,values,here\n"
    )
    reading = manifest_for_inputs(manifest, inputs(tmp_path))
    assert [(Path(o).name, row) for o, row, _ in reading.entries] == [("one.txt", 1)]
    reasons = {r.origin.rsplit("#", 1)[1]: r.reason for r in reading.rejects}
    assert reasons["row=2"].startswith("published_at 'last Tuesday' is not an ISO 8601 date")
    assert reasons["row=3"] == f"names {tmp_path / 'missing.txt'}, which is not among the inputs"
    assert reasons["row=4"].startswith("language 'english please' is not a language tag")
    assert reasons["row=5"] == "row names no file"
    assert reasons["row=6"] == "row has more values than the header has columns"
    assert reading.fingerprint is not None and reading.fingerprint.outcome == "manifest"


def test_json_lines_with_a_broken_line(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("x")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        '{"file": "one.txt", "title": "A better headline", "published_at": "2024-03-03"}\n'
        "{not json\n"
        '["file", "one.txt"]\n'
        '{"file": "one.txt", "publisher": 7}\n'
    )
    assert find_manifest(tmp_path) == manifest
    rows, rejects = read_manifest(manifest)
    assert [(r.row, r.entry.title, r.entry.published_at) for r in rows] == [
        (1, "A better headline", datetime(2024, 3, 3))
    ]
    assert [r.origin.rsplit("#", 1)[1] for r in rejects] == ["row=2", "row=3", "row=4"]
    assert rejects[0].reason.startswith("line is not JSON")
    assert rejects[2].reason == "publisher must be text, not int"


def test_a_manifest_that_is_not_csv_is_one_reject(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    reading = manifest_for_inputs(manifest, [])
    (reject,) = reading.rejects
    assert (reject.origin, reject.stage) == (str(manifest), "manifest")
    assert reject.reason.startswith("manifest is not text")
    assert reading.fingerprint is not None and reading.fingerprint.outcome == "rejected"
    manifest.write_text("just some notes\nabout the files\n")
    (reject,) = read_manifest(manifest)[1]
    assert reject.reason.startswith("not a manifest: expected a CSV header row with a 'file'")
    manifest.write_text("file,publsher\none.txt,Gazette\n")
    (reject,) = read_manifest(manifest)[1]
    assert reject.reason == (
        "unknown column(s) 'publsher'; known: file, url, publisher, published_at, title, language"
    )
