"""All of newsfacts' network I/O: one shared httpx.AsyncClient, used politely and safely.

Entry points:
- `Fetcher(settings)`: an async context manager owning the client, the robots.txt cache, the
  per-host gates and the SSRF guard for one run. `fetcher.fetch_pages(urls)` yields a
  `FetchedPage` per distinct URL as each completes; `fetcher.discover(sources)` fetches and parses
  feeds/sitemaps/URL lists into candidates; `fetcher.fetch(url)` fetches one URL.
- `fetch_pages(...)`, `fetch_all(...)` and `discover(...)`: the same with a throwaway Fetcher.

Errors are values: every URL yields one FetchedPage, whose `error` says in words what went wrong
("HTTP 404 Not Found", "robots.txt disallows ...", "timed out after 2.0 s reading"). No exception
escapes the iterator. Redirects are followed by hand so that every hop passes the SSRF guard and
robots.txt; the guard is also wired into the client's connection layer, so even a request made
directly on `fetcher.client` cannot reach a refused address, and a second DNS answer cannot
differ from the vetted one.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import functools
import http
import importlib.util
import random
import socket
import ssl
import time
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from config.fetch_settings import FetchSettings, SourceConfig
from tasks.records import Reject
from tasks.sources import (
    Candidate,
    ParsedSource,
    merge_candidates,
    parse_source,
    select_candidates,
    select_sitemaps,
    urls_from_strings,
)
from tasks.urls import (
    AddressPolicy,
    BlockedAddress,
    InvalidUrl,
    SsrfGuard,
    canonical_url,
    host_of,
    origin_of,
    split_http_url,
    try_canonical_url,
    without_fragment,
)

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) as the server sent them
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least the first 500 KiB
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
SOURCE_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/plain;q=0.8,*/*;q=0.5"
)
_SITEMAP_DEPTH = 2  # an index of indexes, and no deeper


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What fetching one URL came to. `error` is None exactly when the fetch succeeded."""

    url: str  # as asked for
    final_url: str  # after redirects
    canonical_url: str  # canonical form of final_url: the dedupe and validator key
    status: int | None  # last HTTP status; None when no response (refused, timed out, robots)
    content_type: str | None  # media type without parameters, lower case
    body: bytes | None  # None on errors and 304s
    etag: str | None
    last_modified: str | None
    bytes: int  # body bytes received (after Content-Encoding)
    elapsed_ms: int  # from the first request sent to the last byte, retries and redirects included
    error: str | None = None
    not_modified: bool = False  # a 304 to our conditional request: nothing new, nothing to extract
    from_source: str | None = None  # SourceConfig.name the URL came from, when known
    charset: str | None = None  # from the Content-Type header, when given
    attempts: int = 0  # requests made for the final hop (1 = no retry)
    redirects: tuple[str, ...] = ()  # hops after the first URL, in order
    http_version: str | None = None  # e.g. "HTTP/1.1", "HTTP/2"

    @property
    def ok(self) -> bool:
        """A body worth extracting: fetched, accepted, and not a 304."""
        return self.error is None and not self.not_modified and self.body is not None


@dataclass(frozen=True, slots=True)
class Discovery:
    """What watching the sources found: candidates to fetch, the source fetches, the problems."""

    candidates: tuple[Candidate, ...]
    fetches: tuple[FetchedPage, ...]  # one per feed/sitemap document fetched (bodies dropped)
    problems: tuple[Reject, ...]  # stage "discover": sources that failed or yielded nothing


# --- the client -----------------------------------------------------------------------------


async def system_resolve(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver (what a plain connection would use)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%", 1)[0] for info in infos]


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer, connecting only to addresses the SSRF guard vetted."""

    def __init__(self, guard: SsrfGuard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._guard.addresses(host, port)
        last_error: Exception | None = None
        for address in addresses:  # TLS still verifies and sends SNI for `host`
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle takes tens of ms."""
    return httpx.create_ssl_context(trust_env=False)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response mapping, HTTP/2), on the guarded backend."""

    def __init__(self, guard: SsrfGuard, *, http2: bool, limits: httpx.Limits) -> None:
        ssl_context = _ssl_context()
        super().__init__(verify=ssl_context, http2=http2, limits=limits, trust_env=False)
        # httpx takes no network backend, so its pool is replaced by an identical one that
        # uses ours; tests check that a request on the client cannot reach a refused address.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=_GuardedBackend(guard),
        )


class _CountedStream(httpx.AsyncByteStream):
    """A response body that tells its pool when it is done, so idle pools can be closed."""

    def __init__(self, stream: httpx.AsyncByteStream, done: Any) -> None:
        self._stream = stream
        self._done = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            done, self._done = self._done, None
            if done is not None:
                done()


class _PerOriginTransport(httpx.AsyncBaseTransport):
    """A small connection pool per origin instead of one big one.

    httpcore walks every pooled connection (polling each idle socket) on every request, so one
    pool of 50 connections costs milliseconds per request; per-origin pools hold only a host's
    few connections. Pools unused for a while are closed, least recently used first, so a run
    over thousands of hosts does not keep thousands of sockets open.
    """

    def __init__(self, guard: SsrfGuard, *, http2: bool, limits: httpx.Limits, max_pools: int):
        self._guard = guard
        self._http2 = http2
        self._limits = limits
        self._max_pools = max_pools
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _GuardedTransport] = OrderedDict()
        self._busy: dict[tuple[bytes, bytes, int | None], int] = defaultdict(int)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = _GuardedTransport(self._guard, http2=self._http2, limits=self._limits)
            self._pools[key] = pool
            await self._evict()
        else:
            self._pools.move_to_end(key)
        self._busy[key] += 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._busy[key] -= 1
            raise

        def done() -> None:
            self._busy[key] -= 1

        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _CountedStream(response.stream, done)
        return response

    async def _evict(self) -> None:
        surplus = len(self._pools) - self._max_pools
        for key in list(self._pools):
            if surplus <= 0:
                break
            if self._busy[key] == 0:
                pool = self._pools.pop(key)
                self._busy.pop(key, None)
                await pool.aclose()
                surplus -= 1

    async def aclose(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await pool.aclose()


def http2_available() -> bool:
    """Whether the h2 package is installed (httpx needs it for HTTP/2).

    It is imported here, when the client is built, rather than lazily on the first connection,
    where its ~50 ms would land on the first request of a run.
    """
    if importlib.util.find_spec("h2") is None:
        return False
    importlib.import_module("h2.connection")
    return True


def build_client(settings: FetchSettings, guard: SsrfGuard) -> httpx.AsyncClient:
    """The one client a run shares: guarded, bounded, with our User-Agent and timeouts."""
    limits = httpx.Limits(  # per origin; the fetcher's own limits keep the totals
        max_connections=settings.max_concurrency,
        max_keepalive_connections=settings.max_concurrency_per_host + 1,
        keepalive_expiry=30.0,
    )
    timeout = httpx.Timeout(
        connect=settings.connect_timeout_seconds,
        read=settings.read_timeout_seconds,
        write=settings.read_timeout_seconds,
        pool=settings.total_timeout_seconds,
    )
    transport = _PerOriginTransport(
        guard,
        http2=settings.http2 and http2_available(),
        limits=limits,
        max_pools=max(8, settings.max_concurrency * 2),
    )
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": settings.user_agent},
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )


# --- politeness -----------------------------------------------------------------------------


class _HostGate:
    """Per-host politeness: a concurrency limit and a least gap between request starts."""

    __slots__ = ("blocked_until", "delay", "next_start", "slots")

    def __init__(self, delay: float, limit: int) -> None:
        self.delay = delay
        self.next_start = 0.0
        self.blocked_until = 0.0
        self.slots = asyncio.Semaphore(limit)

    async def turn(self) -> None:
        """Wait for this host's next free start time, and claim it."""
        start = max(time.monotonic(), self.next_start, self.blocked_until)
        self.next_start = start + self.delay
        while True:  # a Retry-After that arrives while we wait holds us back too
            wait = max(start, self.blocked_until) - time.monotonic()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def defer(self, until: float) -> None:
        """Nothing starts before `until` (a Retry-After applies to the whole host)."""
        self.blocked_until = max(self.blocked_until, until)
        self.next_start = max(self.next_start, until)


@dataclass(slots=True)
class _Robots:
    parser: Protego | None = None
    unreachable: str | None = None  # why robots.txt could not be had: then nothing is fetched


# --- one request ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Exchange:
    """One hop's outcome, after retries."""

    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes | None = None
    error: str | None = None
    attempts: int = 0
    http_version: str | None = None
    retry_after: float | None = None
    retryable: bool = False


@dataclass(slots=True)
class _Clock:
    first_sent: float | None = None

    def start(self) -> None:
        if self.first_sent is None:
            self.first_sent = time.monotonic()

    def elapsed_ms(self) -> int:
        if self.first_sent is None:
            return 0
        return round((time.monotonic() - self.first_sent) * 1000)


def status_text(status: int) -> str:
    """'HTTP 404 Not Found'."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {status} {phrase}".rstrip()


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def seconds(value: float) -> str:
    """2 -> '2.0', 0.25 -> '0.25': how durations read in error messages."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def media_type(content_type: str | None) -> str | None:
    """'text/html' from 'text/HTML; charset=utf-8'."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def content_type_accepted(media: str | None, accepted: Sequence[str]) -> bool:
    """Whether a media type is in the accepted list ('type/*' and '*/*' allowed).

    A response without a Content-Type is accepted: extraction judges the bytes instead.
    """
    if media is None:
        return True
    major = media.split("/", 1)[0]
    return any(a in (media, "*/*", f"{major}/*") for a in accepted)


def _charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, lower case, or None."""
    if not content_type:
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'").lower()
    return None


def _timeout_reason(exc: httpx.TimeoutException, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {seconds(settings.connect_timeout_seconds)} s connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out after {seconds(settings.read_timeout_seconds)} s reading"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out after {seconds(settings.read_timeout_seconds)} s sending the request"
    return f"timed out after {seconds(settings.total_timeout_seconds)} s waiting for a connection"


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset by the server",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
}


def _connect_reason(exc: BaseException) -> str:
    """The root cause of a failed connection in words (anyio wraps it in a generic OSError)."""
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        code = getattr(current, "errno", None)
        if code in _ERRNO_REASONS:
            return _ERRNO_REASONS[code]
        pending.extend(getattr(current, "exceptions", ()))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return f"connection failed: {exc or type(exc).__name__}"


# --- the fetcher ----------------------------------------------------------------------------


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
        self._gates: dict[str, _HostGate] = {}
        self._host_delays: dict[str, float] = dict(settings.host_delays)
        self._robots: dict[str, asyncio.Task[_Robots]] = {}
        self._random = random.Random()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for task in self._robots.values():
            task.cancel()
        await self.client.aclose()

    def set_host_delay(self, host: str, delay: float) -> None:
        """Politeness delay for `host` from now on (a source's own rate)."""
        host = host.lower()
        self._host_delays[host] = delay
        if host in self._gates:
            self._gates[host].delay = delay

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            delay = self._host_delays.get(host, self.settings.per_host_delay_seconds)
            gate = _HostGate(delay, self.settings.max_concurrency_per_host)
            self._gates[host] = gate
        return gate

    # -- many pages --------------------------------------------------------------------------

    async def fetch_pages(
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
        queues: dict[str, list[tuple[str, str | None]]] = {}
        seen: set[str] = set()
        invalid: list[FetchedPage] = []
        for item in urls:
            url, source = (item.url, item.source) if isinstance(item, Candidate) else (item, None)
            key = try_canonical_url(url)
            if key is None:
                invalid.append(self._invalid_page(url, source))
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
            maxsize=self.settings.max_concurrency
        )
        scheduler = asyncio.create_task(self._schedule(queues, results, validators or {}))
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
        self,
        queues: dict[str, list[tuple[str, str | None]]],
        results: asyncio.Queue[FetchedPage | BaseException],
        validators: Mapping[str, Validators],
    ) -> None:
        """Start fetches round-robin over hosts within the per-host and overall limits.

        At most twice max_concurrency fetches are alive (some wait for a host's delay while
        holding no connection), and finished pages wait in a bounded queue: memory stays bounded
        even when the consumer is slow.
        """
        per_host = self.settings.max_concurrency_per_host
        max_alive = self.settings.max_concurrency * 2
        pending = {host: list(reversed(queue)) for host, queue in queues.items()}
        active: dict[str, int] = defaultdict(int)
        tasks: set[asyncio.Task[None]] = set()
        wake = asyncio.Event()

        async def run(url: str, source: str | None) -> None:
            try:
                page = await self.fetch(url, validators=validators, source=source)
            except Exception as exc:  # fetch() already turns errors into values; belt and braces
                page = self._failed_page(url, source, f"unexpected {type(exc).__name__}: {exc}")
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
                if (
                    pending
                    and len(tasks) < max_alive
                    and any(active[h] < per_host for h in pending)
                ):
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
            return self._invalid_page(url, source)
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
            return self._failed_page(url, source, f"unexpected {type(exc).__name__}: {exc}")

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
        clock = _Clock()
        current = without_fragment(url)
        chain = [current]
        for hop in range(limit + 1):
            prefix = "redirect to " if hop else ""
            refusal = await self._vet(current)
            if refusal is not None:
                return self._page(url, chain, None, source, clock=clock, error=prefix + refusal)
            if check_robots and self.settings.obey_robots:
                verdict = await self._robots_verdict(current)
                if verdict is not None:
                    return self._page(url, chain, None, source, clock=clock, error=prefix + verdict)
            sent = self._validators_for(current, validators)
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
                    return self._page(
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
                    return self._page(
                        url, chain, exchange, source, clock=clock, error=f"redirect: {exc}"
                    )
                if target in chain:
                    return self._page(
                        url,
                        chain,
                        exchange,
                        source,
                        clock=clock,
                        error=f"redirect loop at {target}",
                    )
                if hop == limit:
                    return self._page(
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
            return self._page(url, chain, exchange, source, clock=clock, sent=sent)
        raise AssertionError("unreachable: the loop returns on its last hop")

    async def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        *,
        accept: tuple[str, ...],
        max_bytes: int,
        truncate: bool,
        clock: _Clock,
    ) -> _Exchange:
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
                result = _Exchange(error=str(exc))
            except httpx.TimeoutException as exc:
                result = _Exchange(error=_timeout_reason(exc, settings), retryable=True)
            except TimeoutError:
                result = _Exchange(
                    error=f"took longer than {seconds(settings.total_timeout_seconds)} s in total",
                    retryable=True,
                )
            except httpx.ConnectError as exc:
                result = _Exchange(error=_connect_reason(exc), retryable=True)
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
                result = _Exchange(
                    error=f"connection broke off: {exc or type(exc).__name__}", retryable=True
                )
            except httpx.DecodingError as exc:
                result = _Exchange(error=f"body could not be decoded: {exc}")
            except httpx.HTTPError as exc:
                result = _Exchange(error=f"request failed: {exc or type(exc).__name__}")
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
    ) -> _Exchange:
        async with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            result = _Exchange(
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

    # -- guard, robots, validators -----------------------------------------------------------

    async def _vet(self, url: str) -> str | None:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            await self.guard.addresses(parts.hostname or "", port)
        except BlockedAddress as exc:
            return str(exc)
        return None

    async def _robots_verdict(self, url: str) -> str | None:
        """None when robots.txt lets us fetch `url`, else why not."""
        origin = origin_of(url)
        task = self._robots.get(origin)
        if task is None:
            task = asyncio.create_task(self._load_robots(origin))
            self._robots[origin] = task
        # Shielded: one fetch giving up must not cancel robots.txt for the others waiting.
        robots = task.result() if task.done() else await asyncio.shield(task)
        if robots.unreachable is not None:
            return f"robots.txt unreachable ({robots.unreachable}), so not fetched"
        token = self.settings.robots_token
        if robots.parser is not None and not robots.parser.can_fetch(url, token):
            path = urlsplit(url).path or "/"
            return f"robots.txt disallows {path} for {token}"
        return None

    async def _load_robots(self, origin: str) -> _Robots:
        """robots.txt per RFC 9309: 4xx means no rules; 5xx, 429 or no answer means keep out."""
        page = await self._fetch_chain(
            f"{origin}/robots.txt",
            validators={},
            source=None,
            accept=(),
            max_bytes=ROBOTS_MAX_BYTES,
            accept_header="text/plain,*/*;q=0.5",
            truncate=True,
            check_robots=False,
            max_redirects=ROBOTS_MAX_REDIRECTS,
        )
        status = page.status
        if status is not None and 200 <= status < 300 and page.body is not None:
            parser = Protego.parse(page.body.decode("utf-8", errors="replace"))
            delay = parser.crawl_delay(self.settings.robots_token)
            if delay:
                capped = min(float(delay), self.settings.max_crawl_delay_seconds)
                gate = self._gate(host_of(origin))
                gate.delay = max(gate.delay, capped)
            return _Robots(parser=parser)
        if status is not None and 400 <= status < 500 and status != 429:
            return _Robots()
        return _Robots(unreachable=page.error or status_text(status or 0))

    @staticmethod
    def _validators_for(url: str, validators: Mapping[str, Validators]) -> Validators:
        if not validators:
            return (None, None)
        key = try_canonical_url(url)
        found = validators.get(key) if key else None
        return found or validators.get(url) or (None, None)

    # -- records -----------------------------------------------------------------------------

    def _page(
        self,
        url: str,
        chain: list[str],
        exchange: _Exchange | None,
        source: str | None,
        *,
        clock: _Clock | None = None,
        error: str | None = None,
        sent: Validators = (None, None),
    ) -> FetchedPage:
        final = chain[-1]
        headers = exchange.headers if exchange and exchange.headers is not None else httpx.Headers()
        status = exchange.status if exchange else None
        not_modified = (
            status == 304 and error is None and exchange is not None and not exchange.error
        )
        body = exchange.body if exchange and not error and not exchange.error else None
        return FetchedPage(
            url=url,
            final_url=final,
            canonical_url=try_canonical_url(final) or final,
            status=status,
            content_type=media_type(headers.get("content-type")),
            body=None if not_modified else body,
            etag=headers.get("etag") or (sent[0] if not_modified else None),
            last_modified=headers.get("last-modified") or (sent[1] if not_modified else None),
            bytes=len(body) if body else 0,
            elapsed_ms=clock.elapsed_ms() if clock else 0,
            error=error or (exchange.error if exchange else None),
            not_modified=not_modified,
            from_source=source,
            charset=_charset(headers.get("content-type")),
            attempts=exchange.attempts if exchange else 0,
            redirects=tuple(chain[1:]),
            http_version=exchange.http_version if exchange else None,
        )

    def _invalid_page(self, url: str, source: str | None) -> FetchedPage:
        try:
            split_http_url(url)
            reason = "not a usable URL"
        except InvalidUrl as exc:
            reason = str(exc)
        return self._failed_page(url, source, reason)

    @staticmethod
    def _failed_page(url: str, source: str | None, reason: str) -> FetchedPage:
        return FetchedPage(
            url=url,
            final_url=url,
            canonical_url=try_canonical_url(url) or url,
            status=None,
            content_type=None,
            body=None,
            etag=None,
            last_modified=None,
            bytes=0,
            elapsed_ms=0,
            error=reason,
            from_source=source,
        )

    # -- discovery ---------------------------------------------------------------------------

    async def discover(
        self, sources: Sequence[SourceConfig], *, now: datetime | None = None
    ) -> Discovery:
        """Fetch and parse every enabled source; candidates deduped across sources.

        Source documents are fetched unconditionally (a 304 would hide items a failed earlier
        run never fetched); article pages are where conditional requests pay off.
        """
        enabled = [source for source in sources if source.enabled]
        for source in enabled:
            if source.url and source.delay_seconds is not None:
                self.set_host_delay(host_of(source.url), source.delay_seconds)
        outcomes = await asyncio.gather(*(self._discover_one(s, now) for s in enabled))
        return Discovery(
            candidates=tuple(merge_candidates(found for found, _, _ in outcomes)),
            fetches=tuple(page for _, pages, _ in outcomes for page in pages),
            problems=tuple(problem for _, _, problems in outcomes for problem in problems),
        )

    async def _discover_one(
        self, source: SourceConfig, now: datetime | None
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
            found = await self._discover_file(source, source.path, problems)
        else:
            assert source.url is not None
            found = await self._discover_url(source, source.url, fetches, problems, now, depth=0)
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
        self, source: SourceConfig, path: Path, problems: list[Reject]
    ) -> list[Candidate]:
        try:
            size = path.stat().st_size
            if size > self.settings.max_source_bytes:
                problems.append(
                    Reject(
                        str(path),
                        "discover",
                        f"file larger than {self.settings.max_source_bytes:,} bytes cap",
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
            max_bytes=self.settings.max_source_bytes,
        )
        if parsed.error:
            problems.append(Reject(str(path), "discover", parsed.error))
        return list(parsed.candidates)

    async def _discover_url(
        self,
        source: SourceConfig,
        url: str,
        fetches: list[FetchedPage],
        problems: list[Reject],
        now: datetime | None,
        *,
        depth: int,
    ) -> list[Candidate]:
        page = await self.fetch(
            url, source=source.name, accept=(), max_bytes=self.settings.max_source_bytes
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
            max_bytes=self.settings.max_source_bytes,
        )
        if parsed.error:
            problems.append(Reject(url, "discover", parsed.error))
        found = list(parsed.candidates)
        if parsed.sitemaps:
            if depth >= _SITEMAP_DEPTH:
                problems.append(
                    Reject(url, "discover", "sitemap index nested too deep; not followed")
                )
                return found
            children = select_sitemaps(
                parsed.sitemaps,
                limit=source.max_sitemaps,
                max_age_days=source.max_age_days,
                now=now,
            )
            nested = await asyncio.gather(
                *(
                    self._discover_url(source, child.url, fetches, problems, now, depth=depth + 1)
                    for child in children
                )
            )
            for group in nested:
                found.extend(group)
        return found


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


__all__ = [
    "Discovery",
    "FetchedPage",
    "Fetcher",
    "Validators",
    "build_client",
    "canonical_url",
    "content_type_accepted",
    "discover",
    "fetch_all",
    "fetch_pages",
    "parse_retry_after",
    "status_text",
    "system_resolve",
]
