"""The flow's stages, one function each: what it reads, which batch tasks it submits, what it
loads and logs. Each batch is loaded in its own warehouse transaction by this (writer) process.
A stage imports what only its work needs (the WARC reader, the fetcher) when it has work."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from prefect import get_run_logger
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner
from prefect.utilities.annotations import quote

from config.fetch_settings import load_sources_file
from config.settings import Settings
from flows.lifecycle import raise_if_stopping
from flows.runners import chunked, pipelined, unwalked
from flows.stage_tasks import (
    cluster_articles,
    discover_inputs,
    discover_sources,
    extract_facts_batch,
    extract_pages,
    fetch_batch,
    load_batch,
    load_facts,
    process_archive_chunk,
    process_batch,
    reload_batch,
    reprocess_batch,
)
from flows.summary import RunSummary, StageTimer
from tasks.batch import is_unchanged_by_stat
from tasks.facts import extractor_id, load_entity_catalog
from tasks.facts.articles import FactBatch
from tasks.inputs.files import input_root, is_under
from tasks.inputs.manifest import is_manifest, manifest_for_inputs
from tasks.records import (
    BatchResult,
    InputFile,
    InputOutcome,
    KnownInput,
    Reject,
)
from warehouse import facts as fact_store
from warehouse import store
from warehouse.db import open_writer

# Log-record attribute feeding the CLI's progress bars: (stage, batches done, batches total).
PROGRESS_KEY = "newsfacts_progress"


def discover_seeds(
    settings: Settings,
    run_id: int,
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: StageTimer,
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


def seed_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    pending: list[InputFile],
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: StageTimer,
) -> None:
    logger = get_run_logger()
    batches = chunked(pending, settings.batch_size)
    results = pipelined(
        lambda items: runner.submit(
            process_batch,
            {
                "items": unwalked(runner, items),
                "known": unwalked(runner, _known_subset(known, (i.origin for i in items))),
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


def archive_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    archives: list[InputFile],
    summary: RunSummary,
    timer: StageTimer,
) -> None:
    """WARC files, streamed in chunks of `batch_size` records; a crash resumes after the last
    loaded chunk (same size and mtime), a changed file is read again from the start."""
    if not archives:
        return
    from tasks.inputs.warc import archive_chunks  # the WARC reader: only when there are archives

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
        results = pipelined(
            lambda chunk: runner.submit(
                process_archive_chunk,
                {"chunk": unwalked(runner, chunk), "settings": settings},
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


def reprocess_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    summary: RunSummary,
    timer: StageTimer,
) -> None:
    """Every stored input cleaned again from its raw bytes; what changed replaces what was."""
    logger = get_run_logger()
    with open_writer(settings.db_path) as con:
        stored = store.raw_inputs(con)
    batches = chunked(stored, settings.batch_size)
    results = pipelined(
        lambda items: runner.submit(
            reprocess_batch, {"items": unwalked(runner, items), "settings": settings}
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


def manifest_stage(
    settings: Settings,
    run_id: int,
    manifest: Path,
    files: list[InputFile],
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: StageTimer,
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


async def fetch_stage(
    settings: Settings,
    run_id: int,
    known: dict[str, KnownInput],
    summary: RunSummary,
    timer: StageTimer,
) -> None:
    logger = get_run_logger()
    sources_file = load_sources_file(settings.sources_file)
    enabled = settings.fetch_enabled
    if enabled is None:
        enabled = sources_file.enabled
    if not enabled:
        logger.info("fetch: off (turn on with --fetch or enabled = true in the sources file)")
        return
    from tasks.fetch import Fetcher  # httpx, feed and sitemap parsers: only when fetching
    from tasks.pages import source_records
    from tasks.topic import TopicMatcher

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
        batches = chunked(list(discovery.candidates), settings.fetch_batch_size)
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


def fact_stage(
    settings: Settings,
    runner: TaskRunner[Any],
    run_id: int,
    summary: RunSummary,
    timer: StageTimer,
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
    batches = chunked(stale, settings.batch_size)

    def submit(article_ids: list[str]) -> PrefectFuture[FactBatch]:
        with open_writer(settings.db_path) as con:
            articles = fact_store.articles_by_id(con, article_ids)
        return runner.submit(
            extract_facts_batch,
            {"articles": unwalked(runner, articles), "catalog": unwalked(runner, catalog)},
        )

    results = pipelined(submit, batches, window=settings.workers, timer=timer, stage="facts")
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


def cluster_stage(settings: Settings, summary: RunSummary, timer: StageTimer) -> None:
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
    settings: Settings, batch: BatchResult, run_id: int, summary: RunSummary, timer: StageTimer
) -> store.LoadCounts:
    with timer("load"):
        counts = load_batch(settings.db_path, quote(batch), run_id)
    summary.add(counts)
    summary.rejects.extend(batch.rejects)
    for reject in batch.rejects:
        get_run_logger().warning("rejected %s (%s): %s", reject.origin, reject.stage, reject.reason)
    return counts


def _known_subset(known: dict[str, KnownInput], origins: Iterable[str]) -> dict[str, KnownInput]:
    """Only what a batch needs, so a task's arguments stay small (and cheap to ship to workers)."""
    return {origin: known[origin] for origin in origins if origin in known}
