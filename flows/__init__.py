"""Prefect flows and the CLI: thin wiring over the pure stages in tasks/ and the warehouse."""

from flows.prefect_env import apply_defaults

apply_defaults()
