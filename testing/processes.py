"""The processes below a process, read from /proc: for tests and benchmarks that must see every
child a run started (pool and Dask workers, the temporary Prefect server)."""

from __future__ import annotations

import os
from pathlib import Path


def process_tree(root: int) -> set[int]:
    """`root` and every live process below it (children, their children, ...)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return tree
