"""Prefect settings newsfacts needs before Prefect is imported; explicit env vars still win."""

from __future__ import annotations

import os

DEFAULTS = {
    # No telemetry: the pipeline must run with no network but loopback.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary server's first start migrates its SQLite database; on 2 cores that alone can
    # take over 20 s, Prefect's default start-up timeout.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def apply_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
