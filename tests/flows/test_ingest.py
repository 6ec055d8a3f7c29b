"""The ingest flow against a real Prefect server and a real DuckDB file."""

from __future__ import annotations

import asyncio
import codecs
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.client.schemas.objects import StateType

from flows.ingest import ingest
from flows.summary import REJECTS_ARTIFACT_KEY, SUMMARY_ARTIFACT_KEY, RunSummary

pytestmark = pytest.mark.prefect

CHROME_TOP = "Subscribe now and get unlimited access for $1 a week!\n\n"
CHROME_TAIL = (
    "\n\nSign up for our daily newsletter\n\n"
    "Get the best stories delivered to your inbox every morning.\n\n"
    "Read more\n"
)


def run_ingest(seeds: Path, db: Path, **params: Any) -> tuple[Any, RunSummary]:
    state = asyncio.run(ingest(seeds_dir=str(seeds), db_path=str(db), return_state=True, **params))
    assert state.is_completed(), state.message
    return state, state.result()


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


async def read_back(flow_run_id: str) -> tuple[StateType, dict[str, Any]]:
    async with get_client() as client:
        flow_run = await client.read_flow_run(flow_run_id)
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    assert flow_run.state is not None
    return flow_run.state.type, {a.key: a for a in artifacts}


def test_first_run_loads_the_seeds_and_the_server_has_the_completed_run(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    _, summary = run_ingest(seeds_copy, db)
    assert (summary.files_seen, summary.articles_new, summary.rejected) == (5, 5, 0)

    state_type, artifacts = asyncio.run(read_back(summary.flow_run_id))
    assert state_type == StateType.COMPLETED
    assert SUMMARY_ARTIFACT_KEY in artifacts
    assert '"articles_new": 5' in str(artifacts[SUMMARY_ARTIFACT_KEY].data)

    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(5, 5)]
    assert rows(db, "SELECT status, articles_new, flow_run_id FROM runs") == [
        ("completed", 5, summary.flow_run_id)
    ]


def test_rerun_on_unchanged_input_adds_nothing_and_reads_nothing(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    run_ingest(seeds_copy, db)
    _, again = run_ingest(seeds_copy, db)
    assert (again.articles_new, again.duplicates, again.unchanged) == (0, 0, 5)
    assert "process" not in again.stage_seconds  # no file was even read
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT count(*) FROM sightings") == [(5,)]


def test_touched_but_identical_files_are_read_once_and_skipped(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    run_ingest(seeds_copy, db)
    for path in seeds_copy.iterdir():
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    _, again = run_ingest(seeds_copy, db)
    assert (again.articles_new, again.unchanged) == (0, 5)
    _, third = run_ingest(seeds_copy, db)
    assert "process" not in third.stage_seconds


def test_the_same_article_in_another_encoding_with_extra_chrome_is_one_article_two_sightings(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    original = (seeds_copy / "000_dd9ffad1d557a184.txt").read_text(encoding="utf-8")
    variant = CHROME_TOP + original.replace("\n", "\r\n") + CHROME_TAIL
    (seeds_copy / "mirror").mkdir()
    (seeds_copy / "mirror" / "kbs-copy.txt").write_bytes(codecs.BOM_UTF8 + variant.encode("utf-8"))
    (seeds_copy / "mirror" / "kbs-cp949.txt").write_bytes(variant.encode("cp949"))
    db = tmp_path / "w.duckdb"
    _, summary = run_ingest(seeds_copy, db)
    assert (summary.articles_new, summary.duplicates) == (5, 2)
    sightings = rows(
        db,
        "SELECT s.origin, s.encoding FROM sightings s JOIN articles a USING (content_hash)"
        " WHERE a.origin LIKE '%000_dd9ffad1d557a184.txt' ORDER BY s.origin",
    )
    assert [(Path(o).name, e) for o, e in sightings] == [
        ("000_dd9ffad1d557a184.txt", "utf_8"),
        ("kbs-copy.txt", "utf_8"),
        ("kbs-cp949.txt", "cp949"),
    ]


def test_every_bad_input_is_rejected_with_its_reason_and_good_ones_still_land(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    bad = seeds_copy / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (bad / "nul.txt").write_bytes(b"A report that has a NUL\x00 byte in the middle of it.")
    (bad / "huge.txt").write_bytes(b"word " * 5000)
    (bad / "chrome-only.txt").write_text(
        "Subscribe to our newsletter\n\nSign up now\n\nRead more\n\n12 Comments\n\nShare this"
    )
    (bad / "slides.pdf").write_bytes(b"%PDF-1.7\n")
    (bad / "gone.txt").symlink_to(tmp_path / "does-not-exist")
    db = tmp_path / "w.duckdb"
    config = tmp_path / "small.toml"
    config.write_text("max_file_bytes = 20000\n")
    _, summary = run_ingest(seeds_copy, db, config_file=str(config))
    assert summary.articles_new == 5
    reasons = {
        Path(o).name: (stage, reason)
        for _, o, stage, reason, _ in rows(db, "SELECT * FROM rejects")
    }
    assert reasons["empty.txt"] == ("decode", "empty file")
    assert reasons["image.txt"][0] == "decode" and "binary" in reasons["image.txt"][1]
    assert reasons["nul.txt"][0] == "decode" and "NUL" in reasons["nul.txt"][1]
    assert reasons["huge.txt"] == ("read", "file larger than the 20,000-byte cap (max_file_bytes)")
    assert reasons["chrome-only.txt"][0] == "clean"
    assert reasons["slides.pdf"][0] == "discover" and "'.pdf'" in reasons["slides.pdf"][1]
    assert reasons["gone.txt"][0] == "read" and "cannot stat" in reasons["gone.txt"][1]
    assert summary.rejected == len(reasons) == 7
    _, artifacts = asyncio.run(read_back(summary.flow_run_id))
    assert "empty.txt" in str(artifacts[REJECTS_ARTIFACT_KEY].data)

    _, again = run_ingest(seeds_copy, db, config_file=str(config))
    # Rejected inputs whose bytes did not change are not re-examined; the unreadable one is.
    assert (again.articles_new, again.rejected) == (0, 1)
    still = {Path(o).name for (o,) in rows(db, "SELECT origin FROM latest_rejects")}
    assert still == set(reasons)


def test_a_missing_seeds_folder_fails_the_run_with_a_clear_error(
    prefect_api: str, tmp_path: Path
) -> None:
    state = asyncio.run(
        ingest(
            seeds_dir=str(tmp_path / "nope"), db_path=str(tmp_path / "w.duckdb"), return_state=True
        )
    )
    assert state.is_failed()
    with pytest.raises(FileNotFoundError, match="does not exist"):
        state.result()
    assert rows(tmp_path / "w.duckdb", "SELECT status, error FROM runs")[0][0] == "failed"


def test_facts_are_extracted_once_and_the_600_killed_claim_has_two_independent_sources(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    _, first = run_ingest(seeds_copy, db)
    assert first.facts > 0 and first.fact_failures == 0
    assert rows(db, "SELECT count(*) FROM fact_extractions WHERE error IS NULL") == [(5,)]
    claim = rows(
        db,
        "SELECT corroboration, article_count, publishers, sources FROM claims"
        " WHERE predicate = 'killed' AND value = 600",
    )
    assert len(claim) == 1
    corroboration, article_count, publishers, sources = claim[0]
    # Seed 001 names no outlet anywhere in its text: it counts as a source of its own.
    assert (corroboration, article_count, publishers) == (2, 2, ["The Moscow Times"])
    assert any("Intelligence" in source or "NIS" in source for source in sources)

    _, again = run_ingest(seeds_copy, db)
    assert again.facts == 0 and "facts" not in again.stage_seconds
    assert again.message.startswith("nothing new")
    assert rows(db, "SELECT count(*) FROM facts") == [(first.facts,)]
