"""Overlapping runs and a reader: the warehouse stays whole and nobody meets a raw lock error.

One scenario, real `newsfacts` processes against one Prefect server: a first run writes batch by
batch; while it holds the run lock an analyst polls `newsfacts query`, a second run with the
default lock timeout starts, and a third run is given a lock timeout long enough to wait its turn.
The tests below each check one promise about how that scenario ended.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from testing.corpus import write_dispatches
from tests.conftest import REPO_ROOT
from warehouse.db import WarehouseBusyError, connect
from warehouse.lock import lock_path_for

pytestmark = pytest.mark.prefect

DISTINCT = 32  # distinct reports
COPIES = 8  # the first reports again with CRLF line endings: a sighting each, not an article
FILES = DISTINCT + COPIES
NEWSFACTS = Path(sys.executable).with_name("newsfacts")
ANSWER_WITHIN_SECONDS = 8.0  # "within seconds"; `query` gives up on a held file after 10 s
WAITER_LEAD_SECONDS = 1.0  # the waiting run was under way this long before the first finished


@dataclass(frozen=True)
class Outcome:
    returncode: int
    output: str


@dataclass(frozen=True)
class Answer:
    seconds: float
    returncode: int
    output: str
    while_writing: bool  # the first run was still going when this answer came back


@dataclass(frozen=True)
class Overlap:
    db: Path
    api_url: str
    first_pid: int
    first: Outcome
    skipped: Outcome
    waiter: Outcome
    answers: list[Answer]


def make_corpus(folder: Path) -> None:
    """DISTINCT numbered dispatches, then COPIES of the first ones with other line endings."""
    texts = write_dispatches(folder, DISTINCT)
    for number, text in enumerate(texts[:COPIES]):
        (folder / f"zz-copy-{number:03d}.txt").write_bytes(
            text.replace("\n", "\r\n").encode("utf-8")
        )


def committed_inputs(db: Path) -> int:
    """Inputs committed so far; 0 before the first commit or while the writer holds the file."""
    if not db.exists():
        return 0
    try:
        con = connect(db, read_only=True, wait_seconds=0)
    except (WarehouseBusyError, duckdb.Error):
        return 0
    try:
        return int(con.execute("SELECT count(*) FROM inputs").fetchall()[0][0])
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def lock_holder(db: Path) -> str:
    path = lock_path_for(db)
    return path.read_text().strip() if path.exists() else ""


def wait_for(condition: Callable[[], bool], run: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert run.poll() is None, f"the first run ended too soon:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"the first run is stuck:\n{log.read_text()}"
        time.sleep(0.05)


def start_run(
    corpus: Path, db: Path, log: Path, *, lock_timeout: float | None
) -> subprocess.Popen[bytes]:
    """`newsfacts run`, with the default lock timeout unless one is given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFACTS_")}
    if lock_timeout is not None:
        env["NEWSFACTS_LOCK_TIMEOUT_SECONDS"] = str(lock_timeout)
    with log.open("wb") as out:
        return subprocess.Popen(
            [NEWSFACTS, "run", "--seeds", corpus, "--db", db, "--batch-size", "2"],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def finish(proc: subprocess.Popen[bytes], log: Path, *, timeout: float) -> Outcome:
    proc.wait(timeout=timeout)
    return Outcome(proc.returncode, log.read_text(encoding="utf-8", errors="replace"))


def poll_reader(db: Path, writer: subprocess.Popen[bytes], answers: list[Answer]) -> None:
    """Ask `newsfacts query` for the article count, one call after another, while `writer` runs."""
    while writer.poll() is None:
        started = time.monotonic()
        done = subprocess.run(
            [NEWSFACTS, "query", "select count(*) from articles", "--db", db, "-f", "csv"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        answers.append(
            Answer(
                seconds=time.monotonic() - started,
                returncode=done.returncode,
                output=done.stdout + done.stderr,
                while_writing=writer.poll() is None,
            )
        )


@pytest.fixture(scope="module")
def overlap(prefect_api: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Overlap]:
    """Play the scenario once; the tests read what happened."""
    tmp = tmp_path_factory.mktemp("overlap")
    corpus, db = tmp / "corpus", tmp / "w.duckdb"
    make_corpus(corpus)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        first = start_run(corpus, db, tmp / "first.log", lock_timeout=None)
        procs.append(first)
        wait_for(lambda: lock_holder(db) == str(first.pid), first, tmp / "first.log")
        waiter = start_run(corpus, db, tmp / "waiter.log", lock_timeout=300)
        second = start_run(corpus, db, tmp / "second.log", lock_timeout=None)
        procs += [waiter, second]

        wait_for(lambda: committed_inputs(db) >= 1, first, tmp / "first.log")
        answers: list[Answer] = []
        reader = threading.Thread(target=poll_reader, args=(db, first, answers))
        reader.start()

        skipped = finish(second, tmp / "second.log", timeout=120)
        first_outcome = finish(first, tmp / "first.log", timeout=300)
        reader.join(timeout=120)
        yield Overlap(
            db=db,
            api_url=prefect_api,
            first_pid=first.pid,
            first=first_outcome,
            skipped=skipped,
            waiter=finish(waiter, tmp / "waiter.log", timeout=300),
            answers=answers,
        )
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_the_first_run_completes_undisturbed(overlap: Overlap) -> None:
    assert overlap.first.returncode == 0, overlap.first.output
    assert "Traceback" not in overlap.first.output
    assert rows(
        overlap.db, "SELECT status, articles_new, duplicates FROM runs WHERE run_id = 1"
    ) == [("completed", DISTINCT, COPIES)]


def test_a_second_run_with_the_default_lock_timeout_is_skipped_naming_the_writer(
    overlap: Overlap,
) -> None:
    assert overlap.skipped.returncode == 0, overlap.skipped.output
    assert f"skipped: another newsfacts run (pid {overlap.first_pid}) is writing to" in (
        overlap.skipped.output
    )
    assert "Traceback" not in overlap.skipped.output
    assert "lock on file" not in overlap.skipped.output.lower()  # DuckDB's raw lock error
    # A skipped run leaves no trace in the warehouse: only the first run and the waiter are there.
    assert [run_id for (run_id,) in rows(overlap.db, "SELECT run_id FROM runs")] == [1, 2]


def test_a_run_given_a_lock_timeout_waits_its_turn_then_finds_everything_unchanged(
    overlap: Overlap,
) -> None:
    assert overlap.waiter.returncode == 0, overlap.waiter.output
    assert "Traceback" not in overlap.waiter.output
    [(status, new, duplicates, rejected, unchanged, flow_run_id, began, first_finished)] = rows(
        overlap.db,
        "SELECT w.status, w.articles_new, w.duplicates, w.rejected, w.unchanged, w.flow_run_id,"
        " epoch(w.started_at), epoch(f.finished_at)"
        " FROM runs w, runs f WHERE w.run_id = 2 AND f.run_id = 1",
    )
    assert (status, new, duplicates, rejected, unchanged) == ("completed", 0, 0, 0, FILES), (
        overlap.waiter.output
    )
    flow_run = httpx.get(f"{overlap.api_url}/flow_runs/{flow_run_id}", timeout=10).json()
    under_way = datetime.fromisoformat(flow_run["start_time"]).timestamp()
    assert under_way + WAITER_LEAD_SECONDS < first_finished <= began, (
        f"it did not wait: under way {first_finished - under_way:.1f} s before the first run"
        f" finished, writing {began - first_finished:.1f} s after"
    )


def test_an_analyst_query_is_answered_within_seconds_while_a_run_writes(overlap: Overlap) -> None:
    during = [answer for answer in overlap.answers if answer.while_writing]
    assert len(during) >= 3, overlap.answers
    for answer in overlap.answers:
        assert answer.returncode == 0, answer.output
        assert answer.seconds < ANSWER_WITHIN_SECONDS, answer
    counts = [int(answer.output.split()[-1]) for answer in overlap.answers]
    assert counts == sorted(counts), "a reader saw committed articles disappear"
    assert all(1 <= count <= DISTINCT for count in counts)


def test_overlapping_runs_load_every_article_exactly_once(overlap: Overlap) -> None:
    [(articles, hashes, sightings, sighted, orphans, inputs)] = rows(
        overlap.db,
        "SELECT (SELECT count(*) FROM articles),"
        " (SELECT count(DISTINCT content_hash) FROM articles),"
        " (SELECT count(*) FROM sightings), (SELECT count(DISTINCT origin) FROM sightings),"
        " (SELECT count(*) FROM sightings WHERE content_hash NOT IN"
        "   (SELECT content_hash FROM articles)),"
        " (SELECT count(*) FROM inputs WHERE outcome = 'article')",
    )
    assert (articles, hashes) == (DISTINCT, DISTINCT)
    assert (sightings, sighted, orphans, inputs) == (FILES, FILES, 0, FILES)
    per_article = rows(
        overlap.db,
        "SELECT n, count(*) FROM (SELECT count(*) AS n FROM sightings GROUP BY content_hash)"
        " GROUP BY n ORDER BY n",
    )
    assert per_article == [(1, DISTINCT - COPIES), (2, COPIES)]
