"""Where the CPU-heavy batch tasks run (threads, a process pool or Dask), and how batches
are kept in flight there while this process loads finished ones."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from prefect.futures import PrefectFuture
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from config.settings import Settings
from flows.lifecycle import pool_worker_init
from flows.summary import StageTimer

T = TypeVar("T")
R = TypeVar("R")


def unwalked(runner: TaskRunner[Any], value: T) -> T:
    """`value` marked so Prefect does not walk it for futures (seconds per big batch).

    Not for Dask: `quote` is a tuple, and Dask takes tuples in task arguments apart.
    """
    if isinstance(runner, ThreadPoolTaskRunner | ProcessPoolTaskRunner):
        return quote(value)  # type: ignore[return-value]
    return value


def choose_task_runner(settings: Settings, *, batches: int) -> TaskRunner[Any]:
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


def pipelined(
    submit: Callable[[T], PrefectFuture[R]],
    items: Iterable[T],
    *,
    window: int,
    timer: StageTimer,
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


def chunked(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
