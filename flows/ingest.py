"""The ingestion flow: seed files to clean, deduplicated articles in DuckDB.

One Prefect task per batch (task runs cost milliseconds each). Every batch is one warehouse
transaction, and inputs are fingerprinted in that same transaction, so a run killed at any point
and run again loads each article exactly once and skips what it had already loaded.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from config.settings import Settings, load_settings
from tasks.batch import is_unchanged_by_stat, process_files
from tasks.discover import discover_files
from tasks.records import BatchResult, InputFile, KnownInput, Reject
from warehouse import store
from warehouse.db import WarehouseBusyError, migrate, open_writer
from warehouse.lock import RunLockTimeout, run_lock

SUMMARY_ARTIFACT_KEY = "ingest-summary"
PROGRESS_KEY = "newsfacts_progress"  # log-record attribute: (batches done, batches total)
REJECTS_ARTIFACT_KEY = "ingest-rejects"
_MAX_REJECTS_LISTED = 200


@dataclass
class RunSummary:
    """What a run did, as printed by the CLI and published as the run's artifact."""

    status: str  # completed | skipped
    run_id: int | None = None
    flow_run_id: str | None = None
    files_seen: int = 0
    articles_new: int = 0
    duplicates: int = 0
    rejected: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    message: str = ""

    def add(self, counts: store.LoadCounts) -> None:
        self.articles_new += counts.articles_new
        self.duplicates += counts.duplicates
        self.rejected += counts.rejected
        self.unchanged += counts.unchanged


@task(name="discover-inputs", cache_policy=NO_CACHE)
def discover_inputs(seeds_dir: Path) -> list[InputFile | Reject]:
    return list(discover_files(seeds_dir))


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(
    items: list[InputFile], known: dict[str, KnownInput], settings: Settings
) -> BatchResult:
    return process_files(
        items, known=known, max_file_bytes=settings.max_file_bytes, min_words=settings.min_words
    )


@task(
    name="load-batch",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[1, 5, 15],
    retry_condition_fn=lambda _task, _run, state: _is_busy(state),
)
def load_batch(db_path: Path, batch: BatchResult, run_id: int) -> store.LoadCounts:
    with open_writer(db_path) as con:
        return store.load_batch(con, batch, run_id=run_id)


def _is_busy(state: object) -> bool:
    """Retry a load only when the file was busy; a bad batch will not improve by retrying."""
    try:
        state.result()  # type: ignore[attr-defined]
    except WarehouseBusyError:
        return True
    except Exception:
        return False
    return False


@flow(name="ingest", log_prints=False)
async def ingest(
    seeds_dir: str | None = None,
    db_path: str | None = None,
    config_file: str | None = None,
    batch_size: int | None = None,
) -> RunSummary:
    """Load the seed folder into the warehouse; parameters left empty come from settings."""
    settings = load_settings(
        Path(config_file) if config_file else None,
        seeds_dir=seeds_dir,
        db_path=db_path,
        batch_size=batch_size,
    )
    logger = get_run_logger()
    started = time.perf_counter()
    try:
        with run_lock(settings.db_path, wait_seconds=settings.lock_timeout_seconds):
            summary = await _ingest_locked(settings)
    except RunLockTimeout as exc:
        summary = RunSummary(status="skipped", message=f"skipped: {exc}")
        logger.warning(summary.message)
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.flow_run_id = flow_run.get_id()
    await _publish_artifacts(summary)
    return summary


async def _ingest_locked(settings: Settings) -> RunSummary:
    logger = get_run_logger()
    timer = _StageTimer()
    with open_writer(settings.db_path) as con:
        migrate(con)
        run_id = store.start_run(con, flow_run_id=flow_run.get_id(), source=str(settings.seeds_dir))
    summary = RunSummary(status="completed", run_id=run_id)
    try:
        with open_writer(settings.db_path) as con:
            known = store.known_inputs(con)
        with timer("discover"):
            found = discover_inputs(settings.seeds_dir)
        files = [item for item in found if isinstance(item, InputFile)]
        stat_rejects = [item for item in found if isinstance(item, Reject)]
        pending = [item for item in files if not is_unchanged_by_stat(item, known.get(item.origin))]
        skipped = len(files) - len(pending)
        summary.files_seen = len(found)
        logger.info(
            "discover: %d file(s) in %s, %d unchanged since the last run, %d to process",
            len(found),
            settings.seeds_dir,
            skipped,
            len(pending),
        )
        if stat_rejects:
            summary.add(
                load_batch(settings.db_path, BatchResult(rejects=tuple(stat_rejects)), run_id)
            )
            summary.rejects.extend(stat_rejects)
        batches = _chunks(pending, settings.batch_size)
        for number, items in enumerate(batches, start=1):
            with timer("process"):
                batch = process_batch(
                    items, {i.origin: known[i.origin] for i in items if i.origin in known}, settings
                )
            with timer("load"):
                counts = load_batch(settings.db_path, batch, run_id)
            summary.add(counts)
            summary.rejects.extend(batch.rejects)
            for reject in batch.rejects:
                logger.warning("rejected %s (%s): %s", reject.origin, reject.stage, reject.reason)
            logger.info(
                "batch %d/%d: %d new, %d duplicate(s), %d rejected, %d unchanged",
                number,
                len(batches),
                counts.articles_new,
                counts.duplicates,
                counts.rejected,
                counts.unchanged,
                extra={PROGRESS_KEY: (number, len(batches))},
            )
        summary.unchanged += skipped
        with open_writer(settings.db_path) as con:
            store.add_skipped(con, run_id=run_id, unchanged=skipped)
            store.finish_run(con, run_id=run_id, status="completed", files_seen=summary.files_seen)
    except BaseException as exc:
        with open_writer(settings.db_path) as con:
            store.finish_run(
                con,
                run_id=run_id,
                status="failed",
                files_seen=summary.files_seen,
                error=f"{type(exc).__name__}: {exc}",
            )
        raise
    summary.stage_seconds = timer.totals()
    if summary.articles_new == 0 and summary.rejected == 0:
        logger.info("nothing new: %d input(s) unchanged or already loaded", summary.files_seen)
    return summary


class _StageTimer:
    """Wall seconds per pipeline stage, summed over batches."""

    def __init__(self) -> None:
        self._totals: dict[str, float] = {}

    def __call__(self, stage: str) -> _StageTimer:
        self._stage = stage
        return self

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self._start
        self._totals[self._stage] = self._totals.get(self._stage, 0.0) + elapsed

    def totals(self) -> dict[str, float]:
        return {stage: round(seconds, 3) for stage, seconds in self._totals.items()}


def _chunks(items: list[InputFile], size: int) -> list[list[InputFile]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


async def _publish_artifacts(summary: RunSummary) -> None:
    row = {
        key: value
        for key, value in asdict(summary).items()
        if key not in {"rejects", "stage_seconds", "message"}
    }
    row.update({f"seconds_{stage}": secs for stage, secs in summary.stage_seconds.items()})
    await acreate_table_artifact(
        table=[row],
        key=SUMMARY_ARTIFACT_KEY,
        description=summary.message or f"ingest run {summary.run_id}: {summary.status}",
    )
    if summary.rejects:
        lines = [f"# Rejected inputs ({len(summary.rejects)})", ""]
        lines += [
            f"- `{r.origin}` — **{r.stage}**: {r.reason}"
            for r in summary.rejects[:_MAX_REJECTS_LISTED]
        ]
        if len(summary.rejects) > _MAX_REJECTS_LISTED:
            lines.append(
                f"- … and {len(summary.rejects) - _MAX_REJECTS_LISTED} more (see `rejects`)"
            )
        await acreate_markdown_artifact(
            markdown="\n".join(lines), key=REJECTS_ARTIFACT_KEY, description="Rejected inputs"
        )
