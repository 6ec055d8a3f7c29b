"""`newsfacts serve`: the ingest flow as a scheduled deployment, served from this process.

`flow.serve` is Prefect 3's single-machine way to schedule: it registers a deployment with the
Prefect server and polls it for scheduled runs, executing each in a subprocess. The runner takes
one run at a time (limit=1); a manual `newsfacts run` that overlaps a scheduled one meets the
warehouse run lock instead (it waits `lock_timeout_seconds`, then is skipped, visibly).

Shutdown is ours, not `flow.serve`'s: Prefect's runner, on SIGTERM or Ctrl-C, pauses the
deployment and then waits for the run processes it had already spawned (the poller hands a
run to a new process up to `prefetch_seconds` early, and the process takes seconds to import),
so one more scheduled run used to start after "Pausing all deployments". Here the first signal
writes the shutdown file before anything else (flows/lifecycle.py), stops the poller, then
pauses: a run in progress stops at its next batch boundary (`interrupted`, as under
`newsfacts run`), a process that was still starting does no work, and nothing new is spawned.
A second signal stops the run processes at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from prefect.schedules import Cron, Interval, Schedule
from prefect.types.entrypoint import EntrypointType

from config.settings import Settings
from flows.ingest import ingest
from flows.lifecycle import ServeShutdown, serve_shutdown_file, terminate_children


class PrefectServerUnavailable(RuntimeError):
    """No Prefect server answers at the API URL the deployment would be registered with."""


def check_server(api_url: str, *, timeout: float = 5.0) -> None:
    """Fail early, in words, when there is no server to register with."""
    try:
        response = httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout)
    except httpx.HTTPError as exc:
        raise PrefectServerUnavailable(
            f"no Prefect server answers at {api_url} ({type(exc).__name__}); "
            "start one with `prefect server start`, or set PREFECT_API_URL"
        ) from exc
    if response.status_code != 200:
        raise PrefectServerUnavailable(
            f"Prefect server at {api_url} is not healthy: HTTP {response.status_code}"
        )


def deployment_parameters(
    settings: Settings, *, config_file: Path | None, fetch: bool | None
) -> dict[str, Any]:
    """Defaults shown, and overridable per run, in the UI's 'Run' form."""
    return {
        "seeds_dir": str(settings.seeds_dir),
        "db_path": str(settings.db_path),
        "fetch": fetch,
        "config_file": str(config_file.resolve()) if config_file else None,
    }


def ingest_schedule(settings: Settings) -> Schedule:
    serve = settings.serve
    if serve.cron:
        return Cron(serve.cron, timezone=serve.timezone)
    return Interval(serve.interval_seconds, timezone=serve.timezone)


def serve_ingest(
    settings: Settings,
    *,
    config_file: Path | None,
    fetch: bool | None,
    say: Callable[[str], None],
) -> int | None:
    """Register the scheduled deployment and serve it until SIGTERM or Ctrl-C, which pause it.

    Returns the signal that stopped serving (None if the runner ended by itself).
    """
    with serve_shutdown_file() as shutdown:
        return asyncio.run(
            _serve(settings, config_file=config_file, fetch=fetch, shutdown=shutdown, say=say)
        )


async def _serve(
    settings: Settings,
    *,
    config_file: Path | None,
    fetch: bool | None,
    shutdown: ServeShutdown,
    say: Callable[[str], None],
) -> int | None:
    from prefect.runner import Runner

    name = settings.serve.deployment_name
    runner = Runner(name=name, pause_on_shutdown=False, limit=1)
    deployment_id = await runner.aadd_flow(
        ingest,
        name=name,
        schedule=ingest_schedule(settings),
        parameters=deployment_parameters(settings, config_file=config_file, fetch=fetch),
        description="Seeds (and, with fetch, new coverage) to articles and facts in DuckDB.",
        tags=["newsfacts"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    loop = asyncio.get_running_loop()
    received: list[int] = []
    stopping = asyncio.Event()

    def on_signal(signum: int) -> None:
        if received:  # a second signal: stop the run processes now
            terminate_children()
            os._exit(128 + signum)
        received.append(signum)
        try:
            begun = shutdown.request(signum)  # first: no run process begins its work from now
            _stop_polling(runner)
            for process in multiprocessing.active_children():  # the runner's run processes
                if process.pid is not None and process.pid not in begun:
                    with contextlib.suppress(ProcessLookupError):  # it exited meanwhile
                        os.kill(process.pid, signal.SIGURG)  # still starting: exits, no run
        finally:
            stopping.set()

    def install_handlers() -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal, sig)

    install_handlers()
    serving = asyncio.create_task(runner.start())
    # Runner.start replaces the SIGTERM handler (with one that exits before its runs end) as
    # its first step; put ours back once it has.
    for _ in range(1000):
        if serving.done() or getattr(signal.getsignal(signal.SIGTERM), "__self__", None) is runner:
            break
        await asyncio.sleep(0)
    install_handlers()
    waiting = asyncio.create_task(stopping.wait())
    await asyncio.wait({serving, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if not received:
        waiting.cancel()
        await serving
        return None
    signum = received[0]
    say(
        f"{signal.Signals(signum).name}: no new runs start; pausing ingest/{name} "
        "(a run in progress stops at its next batch boundary; signal again to stop it now)"
    )
    await _pause(deployment_id)
    say(f"ingest/{name} paused")
    while multiprocessing.active_children():  # the run processes the runner spawned
        await asyncio.sleep(0.2)
    if runner.started:
        await runner.astop()
    await serving
    await _cancel_unstarted(deployment_id, signum)
    return signum


def _stop_polling(runner: Any) -> None:
    """Stop the runner handing scheduled runs to new processes (what `Runner.astop` does
    first, without its next step: cancelling the runs in progress mid-batch)."""
    runner.stopping = True
    poller = getattr(runner, "_scheduled_run_poller", None)
    if poller is not None:
        poller.stopping = True


async def _pause(deployment_id: UUID) -> None:
    """Pause the deployment and delete its auto-scheduled runs still waiting in Scheduled.

    The server's pause endpoint does both; the client's `pause_deployment` (and so Prefect's
    own pause on shutdown) only sets `paused`, which left a backlog of Scheduled runs for the
    next `serve` to catch up on.
    """
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        response = await client.request(
            "POST", "/deployments/{id}/pause_deployment", path_params={"id": deployment_id}
        )
        response.raise_for_status()


async def _cancel_unstarted(deployment_id: UUID, signum: int) -> None:
    """Runs handed to a process that serve stopped before it began: Cancelled, not left
    Pending (or Running, when Prefect's engine got that far) with no process behind them."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Cancelled

    async with get_client() as client:
        orphans = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING])
                )
            ),
        )
        for orphan in orphans:
            await client.set_flow_run_state(
                orphan.id,
                Cancelled(
                    message=f"not started: newsfacts serve was stopping "
                    f"({signal.Signals(signum).name})"
                ),
                force=True,
            )
