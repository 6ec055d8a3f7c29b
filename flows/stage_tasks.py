"""The stages' Prefect tasks: thin wrappers over tasks/ and warehouse/, one task run per batch.

Workers of a process pool or Dask cluster import this module to run a task, so what it sets
at import (the trafilatura log level) holds there too. What only a stage with work needs
(trafilatura and the cleaners, the WARC reader, the fetcher's parsers) is imported in the task
that uses it, so a run with nothing to do does not pay for loading it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from config.cluster_settings import ClusterSettings
from config.fetch_settings import SourceConfig
from config.settings import Settings
from tasks.facts import EntityCatalog
from tasks.facts.articles import ArticleText, FactBatch, extract_batch
from tasks.inputs.files import discover_files
from tasks.inputs.raw_store import raw_store_dir
from tasks.records import (
    ArchiveChunk,
    BatchResult,
    InputFile,
    KnownInput,
    RawInput,
    Reject,
)
from warehouse import facts as fact_store
from warehouse import store
from warehouse.clusters import ClusterCounts, update_clusters
from warehouse.db import WarehouseBusyError, open_writer

if TYPE_CHECKING:
    from tasks.fetch import Discovery, FetchedPage, Fetcher, Validators
    from tasks.fetch.sources import Candidate
    from tasks.topic import TopicMatcher

# trafilatura logs each page it cannot parse at ERROR, without the file's name; the page's row
# in `rejects` says which file and why.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


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
    from tasks.batch import process_files

    return process_files(
        items,
        known=known,
        max_file_bytes=settings.max_file_bytes,
        min_words=settings.min_words,
        raw_dir=raw_store_dir(settings.db_path),
    )


@task(name="process-archive-chunk", cache_policy=NO_CACHE)
def process_archive_chunk(chunk: ArchiveChunk, settings: Settings) -> BatchResult:
    from tasks.inputs.warc import process_chunk

    return process_chunk(
        chunk, min_words=settings.min_words, raw_dir=raw_store_dir(settings.db_path)
    )


@task(name="reprocess-batch", cache_policy=NO_CACHE)
def reprocess_batch(items: list[RawInput], settings: Settings) -> BatchResult:
    from tasks.reprocess import reprocess_inputs

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
    from tasks.pages import process_pages

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


@_writer_task("cluster-articles")
def cluster_articles(db_path: Path, settings: ClusterSettings) -> ClusterCounts:
    """Link new articles to the reports they copy, and place them in stories (incremental)."""
    with open_writer(db_path) as con:
        return update_clusters(con, settings)
