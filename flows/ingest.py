"""The ingestion flow: seed files and fetched pages to clean, deduplicated articles and facts.

Stages, each logged with its counts: seeds (files) → fetch (optional: discover, fetch, extract)
→ facts → clusters (near-duplicates, stories). One Prefect task per batch (task runs cost
milliseconds each); batch arguments are passed in `quote()`, or Prefect would walk every record
in them looking for futures.
Every batch is one warehouse transaction, and inputs are fingerprinted in that same transaction,
so a run killed at any point and run again loads each article exactly once and skips what it had
already loaded. CPU-heavy tasks (process, facts) go to the run's task runner (threads, or Dask
workers) while this process stays the single warehouse writer.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.states import Cancelled

from config.settings import Settings, load_settings
from flows.lifecycle import (
    RunInterrupted,
    claim_serve_run,
    raise_if_stopping,
    stop_at_batch_boundaries,
    terminate_children,
)
from flows.runners import choose_task_runner
from flows.stages import (
    archive_stage,
    cluster_stage,
    discover_seeds,
    fact_stage,
    fetch_stage,
    manifest_stage,
    reprocess_stage,
    seed_stage,
)
from flows.summary import RunSummary, StageTimer, publish_artifacts, wrote_anything
from tasks.inputs.files import input_root
from tasks.inputs.manifest import find_manifest
from tasks.records import InputFile
from warehouse import store
from warehouse.db import migrate, open_writer
from warehouse.lock import RunLockTimeout, run_lock
from warehouse.snapshot import publish_read_copy, read_copy_state


@flow(name="ingest", log_prints=False)
async def ingest(
    seeds_dir: str | None = None,
    db_path: str | None = None,
    fetch: bool | None = None,
    config_file: str | None = None,
    batch_size: int | None = None,
    task_runner: str | None = None,
    manifest_file: str | None = None,
    reprocess: bool = False,
) -> RunSummary:
    """Load the seed folder (and, with fetch, new coverage) into the warehouse, then extract facts.

    Parameters left empty come from settings (config file, NEWSFACTS_* env vars).
    `task_runner` is "auto", "threads", "processes" or "dask". `reprocess` first cleans and
    extracts every stored input again from its kept raw bytes (no original file needed).
    """
    settings = load_settings(
        Path(config_file) if config_file else None,
        seeds_dir=seeds_dir,
        db_path=db_path,
        batch_size=batch_size,
        fetch_enabled=fetch,
        task_runner=task_runner,
        manifest_file=manifest_file,
    )
    logger = get_run_logger()
    started = time.perf_counter()
    try:
        with stop_at_batch_boundaries():
            claim_serve_run()  # a stop asked for already (under serve, too): no work at all
            with run_lock(settings.db_path, wait_seconds=settings.lock_timeout_seconds):
                summary = await _ingest_locked(settings, reprocess=reprocess)
    except RunInterrupted as exc:
        logger.info("%s", exc)
        return Cancelled(name="Interrupted", message=str(exc))
    except RunLockTimeout as exc:
        summary = RunSummary(status="skipped", message=f"skipped: {exc}")
        logger.warning(summary.message)
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.flow_run_id = flow_run.get_id()
    await publish_artifacts(summary)
    return summary


async def _ingest_locked(settings: Settings, *, reprocess: bool = False) -> RunSummary:
    logger = get_run_logger()
    timer = StageTimer()
    with open_writer(settings.db_path) as con:
        migrate(con)
        run_id = store.start_run(
            con, flow_run_id=flow_run.get_id(), source=str(input_root(settings.seeds_dir))
        )
    summary = RunSummary(status="completed", run_id=run_id)
    try:
        with open_writer(settings.db_path) as con:
            known = store.known_inputs(con)
        manifest = settings.manifest_file or find_manifest(settings.seeds_dir)
        pending: list[InputFile] = []
        files: list[InputFile] = []
        if not reprocess or settings.seeds_dir.exists():  # re-processing needs no input folder
            pending, files = discover_seeds(settings, run_id, known, summary, timer, manifest)
        archives = [item for item in pending if item.kind == "warc"]
        pending = [item for item in pending if item.kind != "warc"]
        with choose_task_runner(
            settings, batches=len(pending) // settings.batch_size + len(archives) + reprocess
        ) as runner:
            try:
                if reprocess:
                    reprocess_stage(settings, runner, run_id, summary, timer)
                seed_stage(settings, runner, run_id, pending, known, summary, timer)
                archive_stage(settings, runner, run_id, archives, summary, timer)
                if manifest is not None and files:
                    manifest_stage(settings, run_id, manifest, files, known, summary, timer)
                await fetch_stage(settings, run_id, known, summary, timer)
                fact_stage(settings, runner, run_id, summary, timer)
            except RunInterrupted:
                # Batches still computing are dropped; the next run redoes them.
                terminate_children()
                raise
        raise_if_stopping("clusters")
        cluster_stage(settings, summary, timer)
        with open_writer(settings.db_path) as con:
            store.finish_run(con, run_id=run_id, status="completed", files_seen=summary.files_seen)
            copy_state = read_copy_state(con, settings.db_path)
    except BaseException as exc:
        with open_writer(settings.db_path) as con:
            store.finish_run(
                con,
                run_id=run_id,
                status="interrupted" if isinstance(exc, RunInterrupted) else "failed",
                files_seen=summary.files_seen,
                error=f"{type(exc).__name__}: {exc}",
            )
        raise
    if settings.publish_read_copy and (wrote_anything(summary) or copy_state.stale):
        _publish(settings, summary, timer)
    summary.stage_seconds = timer.totals()
    if not (
        summary.articles_new
        or summary.rejected
        or summary.skipped
        or summary.facts
        or summary.articles_changed
        or summary.manifest_updates
    ):
        nothing_new = (
            f"nothing new: {summary.unchanged} input(s) unchanged or already loaded "
            f"in {sum(summary.stage_seconds.values()):.1f} s"
        )
        logger.info(nothing_new)
        summary.message = "\n".join(filter(None, (nothing_new, summary.message)))
    return summary


def _publish(settings: Settings, summary: RunSummary, timer: StageTimer) -> None:
    """Replace the read copy. The run has committed: no room for a copy is a warning, not a
    failed run, and the next run (or `status`) sees the copy is stale and tries again."""
    logger = get_run_logger()
    try:
        with timer("publish"):
            published = publish_read_copy(settings.db_path)
    except (OSError, duckdb.Error) as exc:
        message = f"warning: read copy not published ({exc}); the warehouse has the run"
        summary.message = f"{summary.message}\n{message}" if summary.message else message
        logger.warning(message)
        return
    logger.info("read copy for long-lived readers published at %s", published)
