"""Every input accounted for, under one name: however the folder is spelled, and after deletes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.test_ingest import rows, run_ingest

pytestmark = pytest.mark.prefect

COUNTS = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings),"
    " (SELECT count(*) FROM inputs), (SELECT count(*) FROM rejects)"
)


def test_the_same_folder_spelled_three_ways_is_read_once(
    prefect_api: str, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seeds_copy / "notes.pdf").write_bytes(b"%PDF-1.7\n")  # one reject, remembered
    (tmp_path / "alias").symlink_to(seeds_copy)
    db = tmp_path / "w.duckdb"
    monkeypatch.chdir(tmp_path)
    _, first = run_ingest(Path("seeds"), db)
    assert (first.articles_new, first.rejected) == (5, 1)
    before = rows(db, COUNTS)
    assert before == [(5, 5, 6, 1)]
    for spelling in (seeds_copy, Path("./alias/")):
        _, again = run_ingest(spelling, db)
        assert (again.articles_new, again.rejected, again.unchanged) == (0, 0, 6), spelling
    assert rows(db, COUNTS) == before
    origins = [o for (o,) in rows(db, "SELECT origin FROM inputs")]
    assert all(Path(o).is_absolute() and Path(o).parent == seeds_copy.resolve() for o in origins)
    assert {s for (s,) in rows(db, "SELECT DISTINCT source FROM runs")} == {
        str(seeds_copy.resolve())
    }


def test_rejected_inputs_deleted_from_the_folder_are_no_longer_listed(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    (seeds_copy / "notes.pdf").write_bytes(b"%PDF-1.7\n")
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "loop.txt").symlink_to(seeds_copy / "loop.txt")  # cannot even be stat'ed
    db = tmp_path / "w.duckdb"
    _, first = run_ingest(seeds_copy, db)
    assert first.rejected == 3
    listed = {Path(o).name for (o,) in rows(db, "SELECT origin FROM latest_rejects")}
    assert listed == {"notes.pdf", "empty.txt", "loop.txt"}

    (seeds_copy / "notes.pdf").unlink()
    (seeds_copy / "loop.txt").unlink()
    run_ingest(seeds_copy, db)
    listed = {Path(o).name for (o,) in rows(db, "SELECT origin FROM latest_rejects")}
    assert listed == {"empty.txt"}
    assert len(rows(db, "SELECT * FROM rejects")) == 3  # history is kept, not rewritten

    (seeds_copy / "notes.pdf").write_bytes(b"%PDF-1.7 again\n")  # back, and rejected again
    _, third = run_ingest(seeds_copy, db)
    assert third.rejected == 1
    listed = {Path(o).name for (o,) in rows(db, "SELECT origin FROM latest_rejects")}
    assert listed == {"empty.txt", "notes.pdf"}
