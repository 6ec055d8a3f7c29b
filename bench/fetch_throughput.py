"""Fetch throughput: 1,000 local pages with 50 ms latency each, against the ideal.

    .venv/bin/python bench/fetch_throughput.py [--pages 1000] [--latency 0.05] [--concurrency 16]
                                               [--hosts 10] [--per-host 2] [--page-bytes 30000]

An asyncio HTTP/1.1 server (keep-alive) runs in a child process on loopback addresses
127.0.0.1 .. 127.0.0.N (one per simulated news site), answering every request after `latency`
seconds. The fetcher runs in this process with the real code path: SSRF guard (127.0.0.0/8
allowed explicitly), robots.txt per host, per-host and global limits, streaming with caps.

Ideal wall time = pages x latency / concurrency, where concurrency is the number of requests that
may really be in flight: min(--concurrency, --hosts x --per-host). The target is within 1.3x.
Defaults are the shipped FetchSettings limits. At much higher concurrency the client's CPU is the
limit, not the network: httpx costs on the order of a millisecond of CPU per request, so
throughput tops out at several hundred pages/s per core whatever the concurrency.
Peak memory is the process's maximum resident set size (ru_maxrss), before and after fetching.
Not a test: run it by hand and read the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import resource
import socket
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.fetch_settings import FetchSettings
from tasks.fetch import Fetcher

ROBOTS = b"User-agent: *\nAllow: /\n"


def _page(size: int) -> bytes:
    paragraph = (
        "<p>North Korean troops deployed to Russia's Kursk region took part in mine-clearing "
        "operations, state media said, in a rare public acknowledgement by Pyongyang.</p>\n"
    )
    body = paragraph * max(1, size // len(paragraph))
    html = f"<html><head><title>Bench</title></head><body><article>{body}</article></body></html>"
    return html.encode()


async def _serve(
    hosts: list[str], port: int, latency: float, page: bytes, ready: object, stats: Any
) -> None:
    in_flight = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal in_flight
        stats[0] += 1  # connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1]
                in_flight += 1
                stats[1] = max(stats[1], in_flight)  # peak requests in flight
                await asyncio.sleep(latency)
                in_flight -= 1
                if path == b"/robots.txt":
                    body, kind = ROBOTS, b"text/plain"
                else:
                    body, kind = page, b"text/html; charset=utf-8"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: " + kind
                    + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )  # fmt: skip
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host=hosts, port=port, backlog=1024)
    ready.send(True)  # type: ignore[attr-defined]
    async with server:
        await server.serve_forever()


def _server_process(
    hosts: list[str], port: int, latency: float, page_bytes: int, ready: object, stats: Any
) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(hosts, port, latency, _page(page_bytes), ready, stats))


def _free_port(hosts: list[str]) -> int:
    """A port free on every loopback address we serve on."""
    for _ in range(20):
        with socket.socket() as probe:
            probe.bind((hosts[0], 0))
            port = int(probe.getsockname()[1])
        try:
            for host in hosts:
                with socket.socket() as check:
                    check.bind((host, port))
            return port
        except OSError:
            continue
    raise SystemExit("no port free on all loopback addresses")


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


async def _fetch(urls: list[str], settings: FetchSettings) -> tuple[int, int, list[str], float]:
    ok = 0
    received = 0
    errors: list[str] = []
    async with Fetcher(settings) as fetcher:
        start = time.perf_counter()
        async for page in fetcher.fetch_pages(urls):
            if page.ok:
                ok += 1
                received += page.bytes
            else:
                errors.append(f"{page.url}: {page.error}")
        wall = time.perf_counter() - start
    return ok, received, errors, wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    shipped = FetchSettings()
    parser.add_argument(
        "--concurrency", type=int, default=shipped.max_concurrency,
        help="global requests in flight (default: the shipped max_concurrency)",
    )  # fmt: skip
    parser.add_argument("--hosts", type=int, default=10, help="loopback addresses 127.0.0.1..N")
    parser.add_argument(
        "--per-host", type=int, default=shipped.max_concurrency_per_host,
        help="requests in flight per host (default: the shipped max_concurrency_per_host)",
    )  # fmt: skip
    parser.add_argument("--page-bytes", type=int, default=30_000)
    args = parser.parse_args()

    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    port = _free_port(hosts)
    parent_end, child_end = multiprocessing.Pipe()
    stats = multiprocessing.Array("l", 2, lock=False)  # connections, peak in flight
    server = multiprocessing.Process(
        target=_server_process,
        args=(hosts, port, args.latency, args.page_bytes, child_end, stats),
        daemon=True,
    )
    server.start()
    if not parent_end.poll(10):
        raise SystemExit("benchmark server did not start")
    parent_end.recv()

    urls = [f"http://{hosts[i % len(hosts)]}:{port}/article/{i}" for i in range(args.pages)]
    settings = FetchSettings(
        user_agent="newsfacts-bench/1.0",
        allowed_hosts=("127.0.0.0/8",),
        per_host_delay_seconds=0,
        max_concurrency=args.concurrency,
        max_concurrency_per_host=min(args.per_host, args.concurrency),
        max_retries=0,
    )
    rss_before = _max_rss_mib()
    try:
        ok, received, errors, wall = asyncio.run(_fetch(urls, settings))
    finally:
        server.terminate()
        server.join(5)
    rss_after = _max_rss_mib()

    in_flight = min(args.concurrency, args.hosts * settings.max_concurrency_per_host)
    ideal = args.pages * args.latency / in_flight
    ratio = wall / ideal
    print(
        f"pages             {args.pages} ({ok} ok, {len(errors)} failed), {received / 1e6:.1f} MB"
    )
    print(
        f"setup             {args.hosts} hosts x {settings.max_concurrency_per_host} per host, "
        f"global {args.concurrency} -> {in_flight} in flight; latency {args.latency * 1000:.0f} ms"
    )
    print(f"ideal wall time   {ideal:.3f} s  (pages x latency / concurrency)")
    print(f"wall time         {wall:.3f} s  (robots.txt per host included)")
    verdict = "met" if ratio <= 1.3 else "MISSED"
    print(f"ratio             {ratio:.2f}x ideal  (target <= 1.30x: {verdict})")
    print(f"throughput        {ok / wall:.0f} pages/s")
    print(f"server saw        {stats[0]} connections, at most {stats[1]} requests in flight")
    print(f"peak memory       {rss_after:.1f} MiB max RSS ({rss_before:.1f} MiB before fetching)")
    for line in errors[:5]:
        print("  error:", line)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
