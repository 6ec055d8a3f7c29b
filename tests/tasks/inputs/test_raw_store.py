"""The raw-bytes store and re-processing from it, on real files."""

from __future__ import annotations

from pathlib import Path

from tasks.batch import process_files
from tasks.inputs.files import discover_files
from tasks.inputs.raw_store import blob_path, get_raw, put_raw, raw_store_dir
from tasks.normalise import bytes_sha256
from tasks.records import InputFile, RawInput
from tasks.reprocess import reprocess_inputs

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
EXPORT = Path(__file__).resolve().parents[2] / "fixtures" / "nexis" / "harbour-export.txt"


def test_blobs_are_content_addressed_compressed_and_stored_once(tmp_path: Path) -> None:
    data = ("The same report, twice. " * 200).encode()
    digest = put_raw(tmp_path, data)
    assert digest == bytes_sha256(data)
    path = blob_path(tmp_path, digest)
    assert path.stat().st_size < len(data) / 5
    first_mtime = path.stat().st_mtime_ns
    assert put_raw(tmp_path, data) == digest and path.stat().st_mtime_ns == first_mtime
    assert get_raw(tmp_path, digest) == data
    assert raw_store_dir(Path("warehouse/newsfacts.duckdb")) == Path("warehouse/newsfacts.raw")


def test_processing_keeps_every_read_input_and_reprocessing_gives_the_same_articles(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir())[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "export.txt").write_bytes(EXPORT.read_bytes())
    items = [i for i in discover_files(folder) if isinstance(i, InputFile)]
    raw_dir = tmp_path / "raw"
    first = process_files(items, known={}, max_file_bytes=10**6, min_words=25, raw_dir=raw_dir)
    assert sorted(Path(r.origin).name for r in first.raw) == sorted(i.path.name for i in items)
    again = reprocess_inputs(first.raw, raw_dir=raw_dir, min_words=25)
    assert [(a.origin, a.content_hash, a.title) for a in again.articles] == [
        (a.origin, a.content_hash, a.title) for a in first.articles
    ]
    assert [r.origin for r in again.rejects] == [r.origin for r in first.rejects]


def test_an_input_whose_blob_is_missing_is_a_reject_and_is_left_as_it_was(
    tmp_path: Path,
) -> None:
    gone = RawInput("seeds/x.txt", "0" * 64, kind="text")
    result = reprocess_inputs([gone], raw_dir=tmp_path, min_words=25)
    assert result.raw == () and result.articles == ()
    (reject,) = result.rejects
    assert (reject.origin, reject.stage) == ("seeds/x.txt", "reprocess")
    assert "missing from" in reject.reason
