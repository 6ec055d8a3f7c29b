"""Word lists and tables the tasks read: vocabulary lives here as data, not in code."""

from __future__ import annotations

from importlib import resources


def read_list(name: str) -> tuple[str, ...]:
    """The entries of tasks/data/<name>, one a line, in file order; blank lines and # comments
    are not entries."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#"))
