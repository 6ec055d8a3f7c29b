"""Fetching a batch: many URLs through one Fetcher, deduplicated and spread over hosts.

Apart from the fetch of one URL (fetching.py) because it is a scheduler, not a request: it keeps
each canonical URL to one fetch, starts fetches round-robin over hosts within the per-host and
overall limits, and keeps memory bounded (fetches alive, finished pages waiting) however slow
the consumer is. Every URL still comes out as exactly one FetchedPage.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING

from tasks.fetch.outcomes import FetchedPage, Validators, failed_page, invalid_page
from tasks.fetch.sources import Candidate
from tasks.fetch.urls import host_of, try_canonical_url

if TYPE_CHECKING:  # the Fetcher calls into this module, so only its type is imported here
    from tasks.fetch.fetching import Fetcher


async def fetch_batch(
    fetcher: Fetcher,
    urls: Iterable[str | Candidate],
    *,
    validators: Mapping[str, Validators] | None = None,
) -> AsyncIterator[FetchedPage]:
    """What Fetcher.fetch_pages does (its docstring says what it promises): the scheduler
    behind it, apart from the class so fetching one URL and ordering many stay separate.
    """
    queues: dict[str, list[tuple[str, str | None]]] = {}
    seen: set[str] = set()
    invalid: list[FetchedPage] = []
    for item in urls:
        url, source = (item.url, item.source) if isinstance(item, Candidate) else (item, None)
        key = try_canonical_url(url)
        if key is None:
            invalid.append(invalid_page(url, source))
            continue
        if key in seen:
            continue
        seen.add(key)
        queues.setdefault(host_of(url), []).append((url, source))
    for page in invalid:
        yield page
    total = sum(len(queue) for queue in queues.values())
    if not total:
        return
    results: asyncio.Queue[FetchedPage | BaseException] = asyncio.Queue(
        maxsize=fetcher.settings.max_concurrency
    )
    scheduler = asyncio.create_task(_schedule(fetcher, queues, results, validators or {}))
    try:
        for _ in range(total):
            item = await results.get()
            if isinstance(item, BaseException):  # a bug in the scheduler: let it show
                raise RuntimeError("fetch scheduler failed") from item
            yield item
    finally:
        scheduler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await scheduler


async def _schedule(
    fetcher: Fetcher,
    queues: dict[str, list[tuple[str, str | None]]],
    results: asyncio.Queue[FetchedPage | BaseException],
    validators: Mapping[str, Validators],
) -> None:
    """Start fetches round-robin over hosts within the per-host and overall limits.

    At most twice max_concurrency fetches are alive (some wait for a host's delay while
    holding no connection), and finished pages wait in a bounded queue: memory stays bounded
    even when the consumer is slow.
    """
    per_host = fetcher.settings.max_concurrency_per_host
    max_alive = fetcher.settings.max_concurrency * 2
    pending = {host: list(reversed(queue)) for host, queue in queues.items()}
    active: dict[str, int] = defaultdict(int)
    tasks: set[asyncio.Task[None]] = set()
    wake = asyncio.Event()

    async def run(url: str, source: str | None) -> None:
        try:
            page = await fetcher.fetch(url, validators=validators, source=source)
        except Exception as exc:  # fetch() already turns errors into values; belt and braces
            page = failed_page(url, source, f"unexpected {type(exc).__name__}: {exc}")
        await results.put(page)

    def finished(task: asyncio.Task[None], host: str) -> None:
        active[host] -= 1
        tasks.discard(task)
        wake.set()

    try:
        while pending or tasks:
            for host in list(pending):
                if len(tasks) >= max_alive:
                    break
                if active[host] >= per_host:
                    continue
                url, source = pending[host].pop()
                if not pending[host]:
                    del pending[host]
                else:  # to the back of the round
                    pending[host] = pending.pop(host)
                active[host] += 1
                task = asyncio.create_task(run(url, source))
                tasks.add(task)
                task.add_done_callback(lambda t, h=host: finished(t, h))
            wake.clear()
            if pending and len(tasks) < max_alive and any(active[h] < per_host for h in pending):
                continue
            if tasks:
                await wake.wait()
    except Exception as exc:  # never leave the consumer waiting for pages that won't come
        await results.put(exc)
    finally:
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
