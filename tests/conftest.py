"""Shared fixtures: the bundled seeds, and one real Prefect server per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows  # noqa: F401  (applies newsfacts' Prefect env defaults before Prefect loads)

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled seeds that a test may add files to."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `prefect server start` for the whole session; flows in and out of process use it."""
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from testing.prefect_server import prefect_server

    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as api_url:
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api_url  # for CLI subprocesses
        try:
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                yield api_url
                # Send buffered run logs while the server is still up, or the log worker
                # retries against a closed port at exit.
                APILogWorker.drain_all(timeout=10)
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
