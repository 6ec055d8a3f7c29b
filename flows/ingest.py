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

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import duckdb
from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import Cancelled
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from config.cluster_settings import ClusterSettings
from config.fetch_settings import SourceConfig, load_sources_file
from config.settings import Settings, load_settings
from flows.lifecycle import (
    RunInterrupted,
    claim_serve_run,
    pool_worker_init,
    raise_if_stopping,
    stop_at_batch_boundaries,
    terminate_children,
)
from tasks.article_facts import ArticleText, FactBatch, extract_batch
from tasks.batch import is_unchanged_by_stat, process_files
from tasks.discover import discover_files, input_root, is_under
from tasks.facts import EntityCatalog, extractor_id, load_entity_catalog
from tasks.fetch import Discovery, FetchedPage, Fetcher, Validators
from tasks.inputs.manifest import find_manifest, is_manifest, manifest_for_inputs
from tasks.inputs.warc import archive_chunks, process_chunk
from tasks.pages import process_pages, source_records
from tasks.raw_store import raw_store_dir
from tasks.records import (
    ArchiveChunk,
    BatchResult,
    InputFile,
    InputOutcome,
    KnownInput,
    RawInput,
    Reject,
)
from tasks.reprocess import reprocess_inputs
from tasks.sources import Candidate
from tasks.topic import TopicMatcher
from warehouse import facts as fact_store
from warehouse import store
from warehouse.clusters import ClusterCounts, update_clusters
from warehouse.db import WarehouseBusyError, migrate, open_writer
from warehouse.lock import RunLockTimeout, run_lock
from warehouse.snapshot import publish_read_copy, read_copy_state

# trafilatura logs each page it cannot parse at ERROR, without the file's name; the page's row
# in `rejects` says which file and why.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

SUMMARY_ARTIFACT_KEY = "ingest-summary"
REJECTS_ARTIFACT_KEY = "ingest-rejects"
# Log-record attribute feeding the CLI's progress bars: (stage, batches done, batches total).
PROGRESS_KEY = "newsfacts_progress"
_MAX_REJECTS_LISTED = 200
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class RunSummary:
    """What a run did, as printed by the CLI and published as the run's artifact."""

    status: str  # completed | skipped
    run_id: int | None = None
    flow_run_id: str | None = None
    files_seen: int = 0
    urls_seen: int = 0  # article URLs discovery found (0 when fetching is off)
    pages_fetched: int = 0  # article pages asked for, whatever came back
    not_modified: int = 0  # 304s to conditional requests
    articles_new: int = 0
    duplicates: int = 0
    rejected: int = 0
    unchanged: int = 0
    skipped: int = 0  # off-topic pages: neither stored nor rejected
    facts: int = 0  # facts written by this run (new articles, or re-extracted ones)
    near_duplicates: int = 0  # new articles that are copies of another report (syndication)
    stories_opened: int = 0
    stories_joined: int = 0
    fact_failures: int = 0  # articles the extractor failed on (recorded in fact_extractions)
    records_skipped: dict[str, int] = field(default_factory=dict)  # WARC records, per reason
    manifest_updates: int = 0  # articles whose metadata the manifest changed
    reprocessed: int = 0  # stored inputs cleaned again (--reprocess)
    articles_changed: int = 0  # by re-processing: a new text (hash), or metadata updated
    articles_removed: int = 0  # by re-processing: texts no stored input gives any more
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    message: str = ""

    def add(self, counts: store.LoadCounts) -> None:
        self.articles_new += counts.articles_new
        self.duplicates += counts.duplicates
        self.rejected += counts.rejected
        self.unchanged += counts.unchanged
        self.skipped += counts.skipped


# --- tasks: thin wrappers over tasks/ and warehouse/ ------------------------------------------


def _writer_task(name: str) -> Any:
    """A task that writes the warehouse: retried only when the file was busy.

    A bad batch will not improve by retrying; another process holding the file will let go.
    """
    return task(
        name=name,
        cache_policy=NO_CACHE,
        retries=3,
        retry_delay_seconds=[1, 5, 15],
        retry_condition_fn=lambda _task, _run, state: _is_busy(state),
    )


@task(name="discover-inputs", cache_policy=NO_CACHE)
def discover_inputs(seeds_dir: Path) -> list[InputFile | Reject]:
    return list(discover_files(seeds_dir))


@task(name="process-batch", cache_policy=NO_CACHE)
def process_batch(
    items: list[InputFile], known: dict[str, KnownInput], settings: Settings
) -> BatchResult:
    return process_files(
        items,
        known=known,
        max_file_bytes=settings.max_file_bytes,
        min_words=settings.min_words,
        raw_dir=raw_store_dir(settings.db_path),
    )


@task(name="process-archive-chunk", cache_policy=NO_CACHE)
def process_archive_chunk(chunk: ArchiveChunk, settings: Settings) -> BatchResult:
    return process_chunk(
        chunk, min_words=settings.min_words, raw_dir=raw_store_dir(settings.db_path)
    )


@task(name="reprocess-batch", cache_policy=NO_CACHE)
def reprocess_batch(items: list[RawInput], settings: Settings) -> BatchResult:
    return reprocess_inputs(
        items, raw_dir=raw_store_dir(settings.db_path), min_words=settings.min_words
    )


@_writer_task("reload-batch")
def reload_batch(db_path: Path, batch: BatchResult, run_id: int) -> store.ReprocessCounts:
    with open_writer(db_path) as con:
        return store.reload_batch(con, batch, run_id=run_id)


@task(name="discover-sources", cache_policy=NO_CACHE)
async def discover_sources(fetcher: Fetcher, sources: tuple[SourceConfig, ...]) -> Discovery:
    """Feeds, sitemaps and URL lists to candidate article URLs (the fetcher retries requests)."""
    return await fetcher.discover(sources)


@task(name="fetch-batch", cache_policy=NO_CACHE)
async def fetch_batch(
    fetcher: Fetcher, candidates: list[Candidate], validators: dict[str, Validators]
) -> list[FetchedPage]:
    """One batch of article pages; retries with backoff happen per request, inside the fetcher.

    Pages arrive in completion order; they are put back in discovery order so that, when two
    URLs serve the same article, the one discovered first is its origin on every run.
    """
    place = {candidate.url: number for number, candidate in enumerate(candidates)}
    pages = [page async for page in fetcher.fetch_pages(candidates, validators=validators)]
    return sorted(pages, key=lambda page: place.get(page.url, len(place)))


@task(name="extract-pages", cache_policy=NO_CACHE)
def extract_pages(
    pages: list[FetchedPage],
    known: dict[str, KnownInput],
    settings: Settings,
    topic: TopicMatcher | None,
) -> BatchResult:
    return process_pages(
        pages,
        known=known,
        min_words=settings.min_words,
        topic=topic,
        raw_dir=raw_store_dir(settings.db_path),
    )


@_writer_task("load-batch")
def load_batch(db_path: Path, batch: BatchResult, run_id: int) -> store.LoadCounts:
    with open_writer(db_path) as con:
        return store.load_batch(con, batch, run_id=run_id)


@task(name="extract-facts", cache_policy=NO_CACHE)
def extract_facts_batch(articles: list[ArticleText], catalog: EntityCatalog) -> FactBatch:
    return extract_batch(articles, catalog)


@_writer_task("load-facts")
def load_facts(db_path: Path, batch: FactBatch, run_id: int) -> int:
    with open_writer(db_path) as con:
        return fact_store.replace_facts(con, batch, run_id=run_id)


def _is_busy(state: object) -> bool:
    try:
        state.result()  # type: ignore[attr-defined]
    except WarehouseBusyError:
        return True
    except Exception:
        return False
    return False


# --- the flow ---------------------------------------------------------------------------------


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
    await _publish_artifacts(summary)
    return summary


async def _ingest_locked(settings: Settings, *, reprocess: bool = False) -> RunSummary:
    logger = get_run_logger()
    timer = _StageTimer()
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
            pending, files = _discover_seeds(settings, run_id, known, summary, timer, manifest)
        archives = [item for item in pending if item.kind == "warc"]
        pending = [item for item in pending if item.kind != "warc"]
        with _task_runner(
            settings, batches=len(pending) // settings.batch_size + len(archives) + reprocess
        ) as runner:
            try:
                if reprocess:
                    _reprocess_stage(settings, runner, run_id, summary, timer)
                _seed_stage(settings, runner, run_id, pending, known, summary, timer)
                _archive_stage(settings, runner, run_id, archives, summary, timer)
                if manifest is not None and files:
                    _manifest_stage(settings, run_id, manifest, files, known, summary, timer)
                await _fetch_stage(settings, run_id, known, summary, timer)
                _fact_stage(settings, runner, run_id, summary, timer)
            except RunInterrupted:
                # Batches still computing are dropped; the next run redoes them.
                terminate_children()
                raise
        raise_if_stopping("clusters")
        _cluster_stage(settings, summary, timer)
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
    if settings.publish_read_copy and (_changed(summary) or copy_state.stale):
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


def _publish(settings: Settings, summary: RunSummary, timer: _StageTimer) -> None:
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


def _changed(summary: RunSummary) -> bool:
    """Whether the run wrote anything a reader could see besides its own `runs` row."""
    return any(
        (
            summary.articles_new,
            summary.duplicates,
            summary.rejected,
            summary.skipped,
            summary.facts,
            summary.fact_failures,
            summary.pages_fetched,
            summary.articles_changed,
            summary.manifest_updates,
        )
    )


def _unwalked(runner: TaskRunner[Any], value: T) -> T:
    """`value` marked so Prefect does not walk it for futures (seconds per big batch).

    Not for Dask: `quote` is a tuple, and Dask takes tuples in task arguments apart.
    """
    if isinstance(runner, ThreadPoolTaskRunner | ProcessPoolTaskRunner):
        return quote(value)  # type: ignore[return-value]
    return value


def _task_runner(settings: Settings, *, batches: int) -> TaskRunner[Any]:
    """Where the CPU-heavy batch tasks run; this process stays the only warehouse writer.

    "auto" takes a process pool (both cores) when at least two full batches wait, and threads
    otherwise: starting worker processes costs seconds, which a small run would not win back.
    """
    choice = settings.task_runner
    if choice == "auto":
        choice = "processes" if batches >= 2 and settings.workers > 1 else "threads"
    if choice == "dask":
        from prefect_dask import DaskTaskRunner  # imports dask: only when asked for

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "preload": ["flows.lifecycle"],  # workers die with the run (dask_setup)
            }
        )
    if choice == "processes":
        return ProcessPoolTaskRunner(
            max_workers=settings.workers, initializer=pool_worker_init, initargs=(os.getpid(),)
        )
    return ThreadPoolTaskRunner(max_workers=settings.workers)


def _discover_seeds(
    settings: Settings,
    run_id: int,
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: _StageTimer,
    manifest: Path | None = None,
) -> tuple[list[InputFile], list[InputFile]]:
    """Files to process (discovered, minus those unchanged by size and mtime), and every file
    found; the manifest is not an input."""
    logger = get_run_logger()
    with timer("discover"):
        found = discover_inputs(settings.seeds_dir)
    cleared = _cleared_rejects(settings, found)
    if manifest is not None:
        found = [item for item in found if not is_manifest(item.origin, manifest)]
    files = [item for item in found if isinstance(item, InputFile)]
    stat_rejects = [item for item in found if isinstance(item, Reject)]
    pending = [item for item in files if not is_unchanged_by_stat(item, known.get(item.origin))]
    skipped = len(files) - len(pending)
    summary.files_seen = len(found)
    logger.info(
        "seeds: %d file(s) in %s, %d unchanged since the last run, %d to process",
        len(found),
        settings.seeds_dir,
        skipped,
        len(pending),
    )
    if cleared:
        logger.info(
            "seeds: %d input(s) rejected before are no longer there (or readable again)",
            len(cleared),
        )
    if stat_rejects or cleared:
        _load(
            settings,
            BatchResult(rejects=tuple(stat_rejects), outcomes=tuple(cleared)),
            run_id,
            summary,
            timer,
        )
    summary.unchanged += skipped
    with open_writer(settings.db_path) as con:
        store.add_skipped(con, run_id=run_id, unchanged=skipped)
    return pending, files


def _cleared_rejects(settings: Settings, found: list[InputFile | Reject]) -> list[InputOutcome]:
    """Inputs under the seeds folder still listed as rejected that this discovery did not meet:
    deleted files, folders readable again. Marked so `latest_rejects` stops listing them."""
    root = input_root(settings.seeds_dir)
    with open_writer(settings.db_path) as con:
        listed = store.open_rejects_under(con, str(root), str(root).rstrip(os.sep) + os.sep)
    present = {item.origin for item in found}
    unreadable = [Path(item.origin) for item in found if isinstance(item, Reject)]
    return [
        InputOutcome(
            origin, 0, 0, "", "cleared", reason="no longer in the input folder, or readable again"
        )
        for origin in listed
        # a part of a file (`crawl.warc.gz#offset=N`, `export.txt#doc=3`, `manifest.csv#row=2`)
        # stays rejected while its file is there
        if origin not in present
        and origin.split("#", 1)[0] not in present
        and not any(is_under(origin, folder) for folder in unreadable)
    ]


def _seed_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    pending: list[InputFile],
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    logger = get_run_logger()
    batches = _chunks(pending, settings.batch_size)
    results = _pipelined(
        lambda items: runner.submit(
            process_batch,
            {
                "items": _unwalked(runner, items),
                "known": _unwalked(runner, _known_subset(known, (i.origin for i in items))),
                "settings": settings,
            },
        ),
        batches,
        window=settings.workers,
        timer=timer,
        stage="process",
    )
    for number, batch in enumerate(results, start=1):
        counts = _load(settings, batch, run_id, summary, timer)
        raise_if_stopping(f"seeds, after batch {number}/{len(batches)}")
        logger.info(
            "seeds batch %d/%d: %d new, %d duplicate(s), %d rejected, %d unchanged",
            number,
            len(batches),
            counts.articles_new,
            counts.duplicates,
            counts.rejected,
            counts.unchanged,
            extra={PROGRESS_KEY: ("seeds", number, len(batches))},
        )


def _archive_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    archives: list[InputFile],
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    """WARC files, streamed in chunks of `batch_size` records; a crash resumes after the last
    loaded chunk (same size and mtime), a changed file is read again from the start."""
    if not archives:
        return
    logger = get_run_logger()
    with open_writer(settings.db_path) as con:
        progress = store.archive_progress(con)
    for item in archives:
        previous = progress.get(item.origin)
        start = 0
        if previous and (previous.size, previous.mtime_ns) == (item.size, item.mtime_ns):
            start = previous.next_offset
            logger.info("archive %s: resuming at offset %d", item.origin, start)
        chunks = archive_chunks(
            item,
            start_offset=start,
            chunk_records=settings.batch_size,
            max_record_bytes=settings.max_file_bytes,
        )
        results = _pipelined(
            lambda chunk: runner.submit(
                process_archive_chunk,
                {"chunk": _unwalked(runner, chunk), "settings": settings},
            ),
            chunks,
            window=settings.workers,
            timer=timer,
            stage="archives",
        )
        for number, batch in enumerate(results, start=1):
            counts = _load(settings, batch, run_id, summary, timer)
            assert batch.archive is not None
            for reason, records in batch.archive.skipped:
                summary.records_skipped[reason] = summary.records_skipped.get(reason, 0) + records
            logger.info(
                "archive %s chunk %d: %d new, %d duplicate(s), %d rejected, next offset %d",
                item.origin,
                number,
                counts.articles_new,
                counts.duplicates,
                counts.rejected,
                batch.archive.next_offset,
            )
            raise_if_stopping(f"archives, after {item.origin} chunk {number}")


def _reprocess_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    """Every stored input cleaned again from its raw bytes; what changed replaces what was."""
    logger = get_run_logger()
    with open_writer(settings.db_path) as con:
        stored = store.raw_inputs(con)
    batches = _chunks(stored, settings.batch_size)
    results = _pipelined(
        lambda items: runner.submit(
            reprocess_batch, {"items": _unwalked(runner, items), "settings": settings}
        ),
        batches,
        window=settings.workers,
        timer=timer,
        stage="reprocess",
    )
    for number, batch in enumerate(results, start=1):
        with timer("load"):
            counts = reload_batch(settings.db_path, quote(batch), run_id)
        summary.reprocessed += counts.inputs
        summary.articles_new += counts.articles_new
        summary.articles_changed += counts.changed
        summary.articles_removed += counts.articles_removed
        summary.rejected += counts.rejected
        summary.rejects.extend(batch.rejects)
        logger.info(
            "reprocess batch %d/%d: %d input(s), %d new text(s), %d updated, %d gone, %d rejected",
            number,
            len(batches),
            counts.inputs,
            counts.articles_new,
            counts.articles_updated,
            counts.articles_removed,
            counts.rejected,
            extra={PROGRESS_KEY: ("reprocess", number, len(batches))},
        )
        raise_if_stopping(f"reprocess, after batch {number}/{len(batches)}")
    with open_writer(settings.db_path) as con:
        summary.manifest_updates += store.reapply_manifest(con)
    logger.info(
        "reprocess: %d stored input(s), %d article(s) changed",
        summary.reprocessed,
        summary.articles_changed,
    )


def _manifest_stage(
    settings: Settings,
    run_id: int,
    manifest: Path,
    files: list[InputFile],
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    """Apply the manifest to the articles of the files it names (new and earlier ones alike).

    Its bad rows are reported when the manifest is new or changed, not again on every run.
    """
    logger = get_run_logger()
    with timer("manifest"):
        reading = manifest_for_inputs(manifest, files)
    fingerprint = reading.fingerprint
    previous = known.get(str(manifest))
    if fingerprint is None or previous is None or previous.bytes_sha256 != fingerprint.bytes_sha256:
        outcomes = (fingerprint,) if fingerprint else ()
        _load(
            settings,
            BatchResult(rejects=reading.rejects, outcomes=outcomes),
            run_id,
            summary,
            timer,
        )
    with timer("manifest"), open_writer(settings.db_path) as con:
        summary.manifest_updates = store.apply_manifest(
            con, manifest=str(manifest), entries=list(reading.entries), run_id=run_id
        )
    logger.info(
        "manifest %s: %d row(s) for %d input(s), %d rejected, %d article(s) updated",
        manifest,
        len(reading.entries) + len(reading.rejects),
        len(reading.entries),
        len(reading.rejects),
        summary.manifest_updates,
    )


async def _fetch_stage(
    settings: Settings,
    run_id: int,
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    logger = get_run_logger()
    sources_file = load_sources_file(settings.sources_file)
    enabled = settings.fetch_enabled
    if enabled is None:
        enabled = sources_file.enabled
    if not enabled:
        logger.info("fetch: off (turn on with --fetch or enabled = true in the sources file)")
        return
    sources = sources_file.active_sources
    topic = TopicMatcher(sources_file.topic) if sources_file.topic.active else None
    async with Fetcher(settings.fetch) as fetcher:
        with timer("discover"):
            discovery = await discover_sources(fetcher, sources)
        summary.urls_seen = len(discovery.candidates)
        for problem in discovery.problems:
            logger.warning("source problem %s: %s", problem.origin, problem.reason)
        _load(
            settings,
            BatchResult(rejects=discovery.problems, fetches=source_records(discovery.fetches)),
            run_id,
            summary,
            timer,
        )
        logger.info(
            "fetch: %d source(s) read, %d article URL(s) found, %d problem(s)",
            len(discovery.fetches),
            len(discovery.candidates),
            len(discovery.problems),
        )
        with open_writer(settings.db_path) as con:
            validators = store.page_validators(con)
        batches = _chunks(list(discovery.candidates), settings.fetch_batch_size)
        for number, candidates in enumerate(batches, start=1):
            raise_if_stopping(f"fetch, before batch {number}/{len(batches)}")
            with timer("fetch"):
                pages = await fetch_batch(fetcher, quote(candidates), quote(validators))
            with timer("extract"):
                batch = extract_pages(
                    pages,
                    {
                        p.canonical_url: known[p.canonical_url]
                        for p in pages
                        if p.canonical_url in known
                    },
                    settings,
                    topic,
                )
            counts = _load(settings, batch, run_id, summary, timer)
            not_modified = sum(1 for page in pages if page.not_modified)
            summary.pages_fetched += len(pages)
            summary.not_modified += not_modified
            logger.info(
                "fetch batch %d/%d: %d page(s), %d not modified, %d new, %d duplicate(s), "
                "%d rejected, %d off-topic, %d unchanged",
                number,
                len(batches),
                len(pages),
                not_modified,
                counts.articles_new,
                counts.duplicates,
                counts.rejected,
                counts.skipped,
                counts.unchanged - not_modified,
                extra={PROGRESS_KEY: ("fetch", number, len(batches))},
            )


def _fact_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    summary: RunSummary,
    timer: _StageTimer,
) -> None:
    logger = get_run_logger()
    catalog = load_entity_catalog(settings.entities_file)
    extractor = extractor_id(catalog)
    with open_writer(settings.db_path) as con:
        stale = fact_store.stale_article_ids(con, extractor=extractor)
        if stale:
            fact_store.replace_entities(con, catalog.entity_rows())
    if not stale:
        logger.info("facts: every article is current (extractor %s)", extractor)
        return
    batches = _chunks(stale, settings.batch_size)

    def submit(article_ids: list[str]) -> PrefectFuture[FactBatch]:
        with open_writer(settings.db_path) as con:
            articles = fact_store.articles_by_id(con, article_ids)
        return runner.submit(
            extract_facts_batch,
            {"articles": _unwalked(runner, articles), "catalog": _unwalked(runner, catalog)},
        )

    results = _pipelined(submit, batches, window=settings.workers, timer=timer, stage="facts")
    for number, batch in enumerate(results, start=1):
        with timer("load"):
            written = load_facts(settings.db_path, quote(batch), run_id)
        summary.facts += written
        summary.fact_failures += len(batch.failures)
        raise_if_stopping(f"facts, after batch {number}/{len(batches)}")
        for failure in batch.failures:
            logger.warning(
                "facts failed for article %s: %s", failure["article_id"], failure["error"]
            )
        for skipped in batch.skipped:
            logger.info(
                "facts skipped for article %s: %s", skipped["article_id"], skipped["skipped"]
            )
        logger.info(
            "facts batch %d/%d: %d article(s), %d fact(s)",
            number,
            len(batches),
            len(batch.extractions),
            written,
            extra={PROGRESS_KEY: ("facts", number, len(batches))},
        )
    logger.info(
        "facts: %d article(s) extracted with %s, %d fact(s), %d failure(s)",
        len(stale),
        extractor,
        summary.facts,
        summary.fact_failures,
    )


@_writer_task("cluster-articles")
def cluster_articles(db_path: Path, settings: ClusterSettings) -> ClusterCounts:
    """Link new articles to the reports they copy, and place them in stories (incremental)."""
    with open_writer(db_path) as con:
        return update_clusters(con, settings)


def _cluster_stage(settings: Settings, summary: RunSummary, timer: _StageTimer) -> None:
    with timer("clusters"):
        counts = cluster_articles(settings.db_path, settings.clusters)
    summary.near_duplicates = counts.near_duplicates
    summary.stories_opened = counts.stories_opened
    summary.stories_joined = counts.stories_joined
    if counts.articles:
        get_run_logger().info(
            "clusters: %d article(s) placed%s: %d near-duplicate(s), %d new stor%s, "
            "%d joined an existing one",
            counts.articles,
            " (settings changed: rebuilt from every article)" if counts.rebuilt else "",
            counts.near_duplicates,
            counts.stories_opened,
            "y" if counts.stories_opened == 1 else "ies",
            counts.stories_joined,
        )


def _load(
    settings: Settings, batch: BatchResult, run_id: int, summary: RunSummary, timer: _StageTimer
) -> store.LoadCounts:
    with timer("load"):
        counts = load_batch(settings.db_path, quote(batch), run_id)
    summary.add(counts)
    summary.rejects.extend(batch.rejects)
    for reject in batch.rejects:
        get_run_logger().warning("rejected %s (%s): %s", reject.origin, reject.stage, reject.reason)
    return counts


def _pipelined(
    submit: Callable[[T], PrefectFuture[R]],
    items: Iterable[T],
    *,
    window: int,
    timer: _StageTimer,
    stage: str,
) -> Iterator[R]:
    """Results in submission order, keeping up to `window` tasks in flight.

    The caller loads each result while later batches are still being computed, so with a
    parallel task runner the single writer overlaps with the workers.
    """
    in_flight: deque[PrefectFuture[R]] = deque()
    for item in items:
        in_flight.append(submit(item))
        if len(in_flight) > window:
            with timer(stage):
                result = in_flight.popleft().result()
            yield result
    while in_flight:
        with timer(stage):
            result = in_flight.popleft().result()
        yield result


class _StageTimer:
    """Wall seconds per pipeline stage, summed over batches."""

    def __init__(self) -> None:
        self._totals: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self._totals[stage] = self._totals.get(stage, 0.0) + elapsed

    def totals(self) -> dict[str, float]:
        return {stage: round(seconds, 3) for stage, seconds in self._totals.items()}


def _known_subset(known: dict[str, KnownInput], origins: Iterable[str]) -> dict[str, KnownInput]:
    """Only what a batch needs, so a task's arguments stay small (and cheap to ship to workers)."""
    return {origin: known[origin] for origin in origins if origin in known}


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


async def _publish_artifacts(summary: RunSummary) -> None:
    row: dict[str, Any] = {
        key: value
        for key, value in asdict(summary).items()
        if key not in {"rejects", "stage_seconds", "message", "records_skipped"}
    }
    row.update({f"seconds_{stage}": secs for stage, secs in summary.stage_seconds.items()})
    row["records_skipped"] = "; ".join(
        f"{count} {reason}" for reason, count in sorted(summary.records_skipped.items())
    )
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
