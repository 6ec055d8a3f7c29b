"""Politeness: how hard one host may be asked, and what its robots.txt lets us fetch.

Kept apart from the fetching itself so the rules a crawler owes a site read in one place: a
per-host gate (a concurrency limit, a least gap between request starts, and a Retry-After that
holds back the whole host) and robots.txt per RFC 9309, loaded once per origin per run.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from tasks.fetch.outcomes import FetchedPage
from tasks.fetch.responses import status_text
from tasks.fetch.urls import origin_of

ROBOTS_MAX_BYTES = 500_000  # RFC 9309: parse at least the first 500 KiB
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five
ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"


class HostGate:
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
class Robots:
    """One origin's robots.txt as read: its rules, or why it could not be had."""

    parser: Protego | None = None
    unreachable: str | None = None  # why robots.txt could not be had: then nothing is fetched
    crawl_delay: float | None = None  # the Crawl-delay for our token, uncapped


def read_robots(page: FetchedPage, token: str) -> Robots:
    """robots.txt per RFC 9309: 4xx means no rules; 5xx, 429 or no answer means keep out."""
    status = page.status
    if status is not None and 200 <= status < 300 and page.body is not None:
        parser = Protego.parse(page.body.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(token)
        return Robots(parser=parser, crawl_delay=float(delay) if delay else None)
    if status is not None and 400 <= status < 500 and status != 429:
        return Robots()
    return Robots(unreachable=page.error or status_text(status or 0))


class RobotsCache:
    """robots.txt per origin, loaded once per run and shared by every fetch that waits for it."""

    def __init__(self, load: Callable[[str], Coroutine[Any, Any, Robots]], token: str) -> None:
        self._load = load  # fetches and reads an origin's robots.txt
        self._token = token
        self._tasks: dict[str, asyncio.Task[Robots]] = {}

    async def refusal(self, url: str) -> str | None:
        """None when robots.txt lets us fetch `url`, else why not."""
        origin = origin_of(url)
        task = self._tasks.get(origin)
        if task is None:
            task = asyncio.create_task(self._load(origin))
            self._tasks[origin] = task
        # Shielded: one fetch giving up must not cancel robots.txt for the others waiting.
        robots = task.result() if task.done() else await asyncio.shield(task)
        if robots.unreachable is not None:
            return f"robots.txt unreachable ({robots.unreachable}), so not fetched"
        token = self._token
        if robots.parser is not None and not robots.parser.can_fetch(url, token):
            path = urlsplit(url).path or "/"
            return f"robots.txt disallows {path} for {token}"
        return None

    def cancel(self) -> None:
        """Stop the loads still running (the run is over)."""
        for task in self._tasks.values():
            task.cancel()
