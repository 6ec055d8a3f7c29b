"""Fetching: the Fetcher, which carries out the fetches of one run.

This is where one URL is fetched: redirects followed by hand (so every hop passes the SSRF guard
and robots.txt), conditional requests from stored validators, retries with backoff and
Retry-After, and body caps. The Fetcher owns what a run shares (the client from transport.py,
the host gates and robots.txt cache from politeness.py) and hands batches to batch.py and
source watching to discovery.py; every outcome is a FetchedPage (outcomes.py).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from config.fetch_settings import FetchSettings, SourceConfig
from tasks.fetch.batch import fetch_batch
from tasks.fetch.discovery import discover_sources
from tasks.fetch.outcomes import (
    Clock,
    Discovery,
    Exchange,
    FetchedPage,
    Validators,
    chain_page,
    failed_page,
    invalid_page,
    validators_for,
)
from tasks.fetch.politeness import (
    ROBOTS_ACCEPT,
    ROBOTS_MAX_BYTES,
    ROBOTS_MAX_REDIRECTS,
    HostGate,
    Robots,
    RobotsCache,
    read_robots,
)
from tasks.fetch.responses import (
    connect_reason,
    content_type_accepted,
    media_type,
    parse_retry_after,
    seconds,
    status_text,
    timeout_reason,
)
from tasks.fetch.sources import Candidate
from tasks.fetch.transport import build_client, system_resolve
from tasks.fetch.urls import (
    AddressPolicy,
    BlockedAddress,
    InvalidUrl,
    SsrfGuard,
    host_of,
    split_http_url,
    without_fragment,
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
SOURCE_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/plain;q=0.8,*/*;q=0.5"
)


class Fetcher:
    """Fetches for one run: shared client, robots.txt cache, per-host gates, SSRF guard.

    Use as `async with Fetcher(settings) as fetcher:`. `resolver` replaces system DNS (tests).
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        resolver: Any = None,
    ) -> None:
        self.settings = settings
        policy = AddressPolicy.from_allowed(
            settings.allowed_hosts, allow_private=settings.allow_private_addresses
        )
        self.guard = SsrfGuard(policy, resolver or system_resolve)
        self.client = build_client(settings, self.guard)
        self._global = asyncio.Semaphore(settings.max_concurrency)
        self._gates: dict[str, HostGate] = {}
        self._host_delays: dict[str, float] = dict(settings.host_delays)
        self._robots = RobotsCache(self._load_robots, settings.robots_token)
        self._random = random.Random()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._robots.cancel()
        await self.client.aclose()

    def set_host_delay(self, host: str, delay: float) -> None:
        """Politeness delay for `host` from now on (a source's own rate)."""
        host = host.lower()
        self._host_delays[host] = delay
        if host in self._gates:
            self._gates[host].delay = delay

    def _gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            delay = self._host_delays.get(host, self.settings.per_host_delay_seconds)
            gate = HostGate(delay, self.settings.max_concurrency_per_host)
            self._gates[host] = gate
        return gate

    # -- many pages --------------------------------------------------------------------------

    def fetch_pages(
        self,
        urls: Iterable[str | Candidate],
        *,
        validators: Mapping[str, Validators] | None = None,
    ) -> AsyncIterator[FetchedPage]:
        """One FetchedPage per distinct canonical URL, in completion order.

        URLs are fetched at most once per canonical form (first occurrence wins). Hosts are
        served round-robin, so one slow host cannot starve the others. `validators` maps a
        canonical URL (as stored from an earlier FetchedPage.canonical_url) to its (ETag,
        Last-Modified); such URLs are fetched conditionally. Stopping early is fine: wrap in
        `contextlib.aclosing` (or break out of `async for`) and in-flight work is cancelled.
        """
        return fetch_batch(self, urls, validators=validators)

    # -- one page ----------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        validators: Mapping[str, Validators] | None = None,
        source: str | None = None,
        accept: Sequence[str] | None = None,
        max_bytes: int | None = None,
    ) -> FetchedPage:
        """Fetch one URL within the host's limits; never raises (bar cancellation).

        `accept` defaults to settings.accepted_content_types; pass `()` to accept anything.
        """
        try:
            split_http_url(url)
            host = host_of(url)
        except InvalidUrl:
            return invalid_page(url, source)
        accepted = self.settings.accepted_content_types if accept is None else tuple(accept)
        gate = self._gate(host)
        try:
            async with gate.slots:
                return await self._fetch_chain(
                    url,
                    validators=validators or {},
                    source=source,
                    accept=accepted,
                    max_bytes=max_bytes or self.settings.max_body_bytes,
                    accept_header=PAGE_ACCEPT if accept is None else SOURCE_ACCEPT,
                )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug, not a network problem: still a value, with its type
            return failed_page(url, source, f"unexpected {type(exc).__name__}: {exc}")

    async def _fetch_chain(
        self,
        url: str,
        *,
        validators: Mapping[str, Validators],
        source: str | None,
        accept: tuple[str, ...],
        max_bytes: int,
        accept_header: str,
        truncate: bool = False,
        check_robots: bool = True,
        max_redirects: int | None = None,
    ) -> FetchedPage:
        """Follow redirects by hand: every hop is vetted by the guard and robots.txt."""
        limit = self.settings.max_redirects if max_redirects is None else max_redirects
        clock = Clock()
        current = without_fragment(url)
        chain = [current]
        for hop in range(limit + 1):
            prefix = "redirect to " if hop else ""
            refusal = await self._vet(current)
            if refusal is not None:
                return chain_page(url, chain, None, source, clock=clock, error=prefix + refusal)
            if check_robots and self.settings.obey_robots:
                verdict = await self._robots.refusal(current)
                if verdict is not None:
                    return chain_page(url, chain, None, source, clock=clock, error=prefix + verdict)
            sent = validators_for(current, validators)
            headers = {"Accept": accept_header}
            if sent[0]:
                headers["If-None-Match"] = sent[0]
            if sent[1]:
                headers["If-Modified-Since"] = sent[1]
            exchange = await self._exchange(
                current, headers, accept=accept, max_bytes=max_bytes, truncate=truncate, clock=clock
            )
            if exchange.status in REDIRECT_STATUSES and exchange.error is None:
                location = exchange.headers.get("location") if exchange.headers else None
                if not location:
                    return chain_page(
                        url,
                        chain,
                        exchange,
                        source,
                        clock=clock,
                        error=f"{status_text(exchange.status)} without a Location header",
                    )
                target = without_fragment(urljoin(current, location.strip()))
                try:
                    split_http_url(target)
                except InvalidUrl as exc:
                    return chain_page(
                        url, chain, exchange, source, clock=clock, error=f"redirect: {exc}"
                    )
                if target in chain:
                    return chain_page(
                        url,
                        chain,
                        exchange,
                        source,
                        clock=clock,
                        error=f"redirect loop at {target}",
                    )
                if hop == limit:
                    return chain_page(
                        url,
                        chain,
                        exchange,
                        source,
                        clock=clock,
                        error=f"too many redirects (more than {limit})",
                    )
                chain.append(target)
                current = target
                continue
            return chain_page(url, chain, exchange, source, clock=clock, sent=sent)
        raise AssertionError("unreachable: the loop returns on its last hop")

    async def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        *,
        accept: tuple[str, ...],
        max_bytes: int,
        truncate: bool,
        clock: Clock,
    ) -> Exchange:
        """One hop with retries: backoff with jitter, Retry-After honoured host-wide."""
        settings = self.settings
        gate = self._gate(host_of(url))
        attempts = 0
        while True:
            attempts += 1
            await gate.turn()
            try:
                async with self._global:
                    clock.start()
                    async with asyncio.timeout(settings.total_timeout_seconds):
                        result = await self._attempt(url, headers, accept, max_bytes, truncate)
            except BlockedAddress as exc:
                result = Exchange(error=str(exc))
            except httpx.TimeoutException as exc:
                result = Exchange(error=timeout_reason(exc, settings), retryable=True)
            except TimeoutError:
                result = Exchange(
                    error=f"took longer than {seconds(settings.total_timeout_seconds)} s in total",
                    retryable=True,
                )
            except httpx.ConnectError as exc:
                result = Exchange(error=connect_reason(exc), retryable=True)
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
                result = Exchange(
                    error=f"connection broke off: {exc or type(exc).__name__}", retryable=True
                )
            except httpx.DecodingError as exc:
                result = Exchange(error=f"body could not be decoded: {exc}")
            except httpx.HTTPError as exc:
                result = Exchange(error=f"request failed: {exc or type(exc).__name__}")
            result.attempts = attempts
            if not result.retryable:
                return result
            if attempts > settings.max_retries:
                if attempts > 1:
                    result.error = f"{result.error} (gave up after {attempts} attempts)"
                return result
            if result.retry_after is not None:
                if result.retry_after > settings.max_retry_after_seconds:
                    result.error = (
                        f"{result.error} (Retry-After {seconds(result.retry_after)} s is longer "
                        f"than the {seconds(settings.max_retry_after_seconds)} s we wait)"
                    )
                    return result
                gate.defer(time.monotonic() + result.retry_after)
            else:
                await asyncio.sleep(self._backoff(attempts))

    def _backoff(self, attempt: int) -> float:
        """Exponential, capped, with jitter (between half and all of it) so retries spread."""
        settings = self.settings
        ceiling = min(
            settings.backoff_max_seconds, settings.backoff_base_seconds * 2 ** (attempt - 1)
        )
        return ceiling * self._random.uniform(0.5, 1.0)

    async def _attempt(
        self,
        url: str,
        headers: dict[str, str],
        accept: tuple[str, ...],
        max_bytes: int,
        truncate: bool,
    ) -> Exchange:
        async with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            result = Exchange(
                status=status, headers=response.headers, http_version=response.http_version
            )
            if status in self.settings.retry_statuses:
                result.error = status_text(status)
                result.retryable = True
                result.retry_after = parse_retry_after(response.headers.get("retry-after"))
                return result
            if status == 304 or status in REDIRECT_STATUSES:
                return result
            if status >= 400 or status < 200:
                result.error = status_text(status)
                return result
            media = media_type(response.headers.get("content-type"))
            if accept and not content_type_accepted(media, accept):
                result.error = f"content type {media} not accepted"
                return result
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and not truncate:
                result.error = f"body larger than {max_bytes:,} bytes cap"
                return result
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    if truncate:
                        chunks.append(chunk[: max_bytes - (received - len(chunk))])
                        break
                    result.error = f"body larger than {max_bytes:,} bytes cap"
                    return result
                chunks.append(chunk)
            result.body = b"".join(chunks)
            return result

    # -- guard and robots --------------------------------------------------------------------

    async def _vet(self, url: str) -> str | None:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            await self.guard.addresses(parts.hostname or "", port)
        except BlockedAddress as exc:
            return str(exc)
        return None

    async def _load_robots(self, origin: str) -> Robots:
        """Fetch and read an origin's robots.txt; its Crawl-delay (capped) slows the host down."""
        page = await self._fetch_chain(
            f"{origin}/robots.txt",
            validators={},
            source=None,
            accept=(),
            max_bytes=ROBOTS_MAX_BYTES,
            accept_header=ROBOTS_ACCEPT,
            truncate=True,
            check_robots=False,
            max_redirects=ROBOTS_MAX_REDIRECTS,
        )
        robots = read_robots(page, self.settings.robots_token)
        if robots.crawl_delay:
            capped = min(robots.crawl_delay, self.settings.max_crawl_delay_seconds)
            gate = self._gate(host_of(origin))
            gate.delay = max(gate.delay, capped)
        return robots

    # -- discovery ---------------------------------------------------------------------------

    async def discover(
        self, sources: Sequence[SourceConfig], *, now: datetime | None = None
    ) -> Discovery:
        """Fetch and parse every enabled source; candidates deduped across sources.

        Source documents are fetched unconditionally (a 304 would hide items a failed earlier
        run never fetched); article pages are where conditional requests pay off.
        """
        return await discover_sources(self, sources, now=now)


# --- one-shot helpers -----------------------------------------------------------------------


async def fetch_pages(
    urls: Iterable[str | Candidate],
    *,
    settings: FetchSettings,
    validators: Mapping[str, Validators] | None = None,
) -> AsyncIterator[FetchedPage]:
    """Fetcher(settings).fetch_pages(...) with a client that lives as long as the iteration."""
    async with Fetcher(settings) as fetcher:
        async for page in fetcher.fetch_pages(urls, validators=validators):
            yield page


async def fetch_all(
    urls: Iterable[str | Candidate],
    *,
    settings: FetchSettings,
    validators: Mapping[str, Validators] | None = None,
) -> list[FetchedPage]:
    """Every page of fetch_pages, as a list."""
    return [page async for page in fetch_pages(urls, settings=settings, validators=validators)]


async def discover(sources: Sequence[SourceConfig], settings: FetchSettings) -> Discovery:
    """Fetcher(settings).discover(sources) with a throwaway client."""
    async with Fetcher(settings) as fetcher:
        return await fetcher.discover(sources)
