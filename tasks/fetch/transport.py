"""The one httpx client a run shares, wired so that it can only reach public addresses.

Why a module of its own: the SSRF guard (tasks/fetch/urls.py decides which addresses are refused) is
enforced here at httpx's connection layer, so even a request made directly on the client cannot
reach a refused address, and the address connected to is the one the guard vetted (a second DNS
answer cannot differ). It also keeps one small connection pool per origin, because one big
httpcore pool costs milliseconds per request.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import socket
import ssl
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpcore
import httpx

from config.fetch_settings import FetchSettings
from tasks.fetch.urls import BlockedAddress, SsrfGuard


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
