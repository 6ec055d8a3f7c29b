"""`newsfacts serve`: the ingest flow as a scheduled deployment, served from this process.

`flow.serve` is Prefect 3's single-machine way to schedule: it registers a deployment with the
Prefect server and polls it for scheduled runs, executing each in a subprocess. The runner takes
one run at a time (limit=1); a manual `newsfacts run` that overlaps a scheduled one meets the
warehouse run lock instead (it waits `lock_timeout_seconds`, then is skipped, visibly).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from prefect.schedules import Cron, Interval, Schedule
from prefect.types.entrypoint import EntrypointType

from config.settings import Settings
from flows.ingest import ingest


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


def serve_ingest(settings: Settings, *, config_file: Path | None, fetch: bool | None) -> None:
    """Register the scheduled deployment and serve it until Ctrl-C (which pauses the schedule)."""
    schedule = ingest_schedule(settings)
    ingest.serve(
        name=settings.serve.deployment_name,
        schedule=schedule,
        parameters=deployment_parameters(settings, config_file=config_file, fetch=fetch),
        description="Seeds (and, with fetch, new coverage) to articles and facts in DuckDB.",
        tags=["newsfacts"],
        limit=1,
        pause_on_shutdown=True,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
