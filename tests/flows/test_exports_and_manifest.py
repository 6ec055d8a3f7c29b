"""A news-database export and a metadata manifest beside the seeds, through the real flow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.flows.test_ingest import rows, run_ingest

pytestmark = pytest.mark.prefect

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "nexis" / "harbour-export.txt"
NO_PUBLISHER = "001_fb74129c95015117.txt"
OTHER = "002_2435aca23e57e942.txt"


def test_export_documents_and_manifest_overrides_land_and_bad_rows_are_reported_once(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    shutil.copy(EXPORT, seeds_copy / "nexis-download.txt")
    manifest = seeds_copy / "manifest.csv"
    manifest.write_text(
        "file,url,publisher,published_at,title,language\n"
        f"{NO_PUBLISHER},https://wire.example/kim-honours,The Example Wire,2025-08-23,,\n"
        f"{OTHER},,,next week,,\n"
        "gone.txt,,Nobody,,,\n"
        "nexis-download.txt,,,,,fr\n"
    )
    db = tmp_path / "w.duckdb"
    _, summary = run_ingest(seeds_copy, db)
    assert summary.files_seen == 6  # the manifest is not an input
    assert summary.articles_new == 8  # five seeds, three of the export's four documents
    got = rows(
        db,
        "SELECT url, publisher, published_at::DATE::VARCHAR FROM articles"
        f" WHERE origin LIKE '%{NO_PUBLISHER}'",
    )
    assert got == [("https://wire.example/kim-honours", "The Example Wire", "2025-08-23")]
    export = rows(
        db,
        "SELECT publisher, section, declared_words, load_date::VARCHAR, language FROM articles"
        " WHERE origin LIKE '%nexis-download.txt#doc=1'",
    )
    assert export == [("The Example Gazette", "NEWS; Pg. 4", 92, "2024-03-04", "fr")]
    assert summary.manifest_updates == 4  # seed 001 and the export's three documents
    reasons = {
        origin.rsplit("/", 1)[1]: reason
        for origin, reason in rows(db, "SELECT origin, reason FROM rejects ORDER BY origin")
    }
    assert reasons == {
        "manifest.csv#row=2": "published_at 'next week' is not an ISO 8601 date (e.g. "
        "2024-03-03 or 2024-03-03T14:05:00+01:00)",
        "manifest.csv#row=3": f"names {(seeds_copy / 'gone.txt').resolve()}, which is not among "
        "the inputs",
        "nexis-download.txt#doc=3": "document 3 has no body, only its fields",
    }

    _, again = run_ingest(seeds_copy, db)
    assert (again.articles_new, again.rejected, again.manifest_updates) == (0, 0, 0)

    # The date fixed: that row now applies to an article loaded by the first run.
    manifest.write_text(manifest.read_text().replace("next week", "2025-08-24T09:00:00Z"))
    _, fixed = run_ingest(seeds_copy, db)
    assert (fixed.articles_new, fixed.manifest_updates, fixed.rejected) == (0, 1, 1)
    assert rows(db, f"SELECT published_at::VARCHAR FROM articles WHERE origin LIKE '%{OTHER}'") == [
        ("2025-08-24 09:00:00",)
    ]
    still = {o.rsplit("/", 1)[1] for (o,) in rows(db, "SELECT origin FROM latest_rejects")}
    assert still == {"manifest.csv#row=3", "nexis-download.txt#doc=3"}

    # Re-processing re-reads the export from its kept bytes; the manifest's values still win.
    _, redo = run_ingest(seeds_copy, db, reprocess=True)
    assert (redo.reprocessed, redo.articles_changed, redo.manifest_updates) == (6, 0, 0)
    assert rows(db, f"SELECT publisher FROM articles WHERE origin LIKE '%{NO_PUBLISHER}'") == [
        ("The Example Wire",)
    ]
    assert rows(db, "SELECT count(*) FROM articles") == [(8,)]
