"""Discovery: watching the sources (feeds, sitemaps, URL lists, local files) for pages to fetch.

This is the fetcher's other use: source documents are fetched through the same Fetcher (so the
same guard, politeness and error values apply) and handed to tasks/fetch/sources.py, which parses
them; sitemap indexes are followed here, to a bounded depth. Pages themselves are fetched elsewhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from config.fetch_settings import SourceConfig
from tasks.fetch.outcomes import Discovery, FetchedPage
from tasks.fetch.sources import (
    Candidate,
    ParsedSource,
    merge_candidates,
    parse_source,
    select_candidates,
    select_sitemaps,
    urls_from_strings,
)
from tasks.fetch.urls import host_of
from tasks.records import Reject

if TYPE_CHECKING:  # the Fetcher calls into this module, so only its type is imported here
    from tasks.fetch.fetching import Fetcher

SITEMAP_DEPTH = 2  # an index of indexes, and no deeper


async def discover_sources(
    fetcher: Fetcher, sources: Sequence[SourceConfig], *, now: datetime | None = None
) -> Discovery:
    """Fetch and parse every enabled source; candidates deduped across sources.

    Source documents are fetched unconditionally (a 304 would hide items a failed earlier
    run never fetched); article pages are where conditional requests pay off.
    """
    enabled = [source for source in sources if source.enabled]
    for source in enabled:
        if source.url and source.delay_seconds is not None:
            fetcher.set_host_delay(host_of(source.url), source.delay_seconds)
    outcomes = await asyncio.gather(*(_discover_one(fetcher, s, now) for s in enabled))
    return Discovery(
        candidates=tuple(merge_candidates(found for found, _, _ in outcomes)),
        fetches=tuple(page for _, pages, _ in outcomes for page in pages),
        problems=tuple(problem for _, _, problems in outcomes for problem in problems),
    )


async def _discover_one(
    fetcher: Fetcher, source: SourceConfig, now: datetime | None
) -> tuple[list[Candidate], list[FetchedPage], list[Reject]]:
    fetches: list[FetchedPage] = []
    problems: list[Reject] = []
    origin = source.url or (str(source.path) if source.path else f"source {source.name}")
    if source.urls:
        parsed = urls_from_strings(source.urls, source=source.name)
        found = list(parsed.candidates)
        if parsed.error:
            problems.append(Reject(origin, "discover", f"{source.name}: {parsed.error}"))
    elif source.path is not None:
        found = await _discover_file(fetcher, source, source.path, problems)
    else:
        assert source.url is not None
        found = await _discover_url(fetcher, source, source.url, fetches, problems, now, depth=0)
    kept = select_candidates(
        found,
        include=source.include,
        exclude=source.exclude,
        max_age_days=source.max_age_days,
        max_items=source.max_items,
        now=now,
    )
    return kept, fetches, problems


async def _discover_file(
    fetcher: Fetcher, source: SourceConfig, path: Path, problems: list[Reject]
) -> list[Candidate]:
    try:
        size = path.stat().st_size
        if size > fetcher.settings.max_source_bytes:
            problems.append(
                Reject(
                    str(path),
                    "discover",
                    f"file larger than {fetcher.settings.max_source_bytes:,} bytes cap",
                )
            )
            return []
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        problems.append(Reject(str(path), "discover", f"cannot read: {exc.strerror or exc}"))
        return []
    parsed = await asyncio.to_thread(
        parse_source,
        source.kind,
        data,
        base_url=None,
        source=source.name,
        max_bytes=fetcher.settings.max_source_bytes,
    )
    if parsed.error:
        problems.append(Reject(str(path), "discover", parsed.error))
    return list(parsed.candidates)


async def _discover_url(
    fetcher: Fetcher,
    source: SourceConfig,
    url: str,
    fetches: list[FetchedPage],
    problems: list[Reject],
    now: datetime | None,
    *,
    depth: int,
) -> list[Candidate]:
    page = await fetcher.fetch(
        url, source=source.name, accept=(), max_bytes=fetcher.settings.max_source_bytes
    )
    fetches.append(replace(page, body=None))
    if page.error or page.body is None:
        problems.append(Reject(url, "discover", page.error or "no body"))
        return []
    content_type = page.content_type
    if content_type and page.charset:
        content_type = f"{content_type}; charset={page.charset}"
    parsed: ParsedSource = await asyncio.to_thread(
        parse_source,
        source.kind,
        page.body,
        base_url=page.final_url,
        source=source.name,
        content_type=content_type,
        max_bytes=fetcher.settings.max_source_bytes,
    )
    if parsed.error:
        problems.append(Reject(url, "discover", parsed.error))
    found = list(parsed.candidates)
    if parsed.sitemaps:
        if depth >= SITEMAP_DEPTH:
            problems.append(Reject(url, "discover", "sitemap index nested too deep; not followed"))
            return found
        children = select_sitemaps(
            parsed.sitemaps,
            limit=source.max_sitemaps,
            max_age_days=source.max_age_days,
            now=now,
        )
        nested = await asyncio.gather(
            *(
                _discover_url(fetcher, source, child.url, fetches, problems, now, depth=depth + 1)
                for child in children
            )
        )
        for group in nested:
            found.extend(group)
    return found
