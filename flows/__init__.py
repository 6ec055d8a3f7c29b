"""Prefect flows and the CLI: thin wiring over the pure stages in tasks/ and the warehouse."""

from flows.lifecycle import serve_run_process_startup
from flows.prefect_env import apply_defaults

apply_defaults()
serve_run_process_startup()  # first thing in a run process of `newsfacts serve`
