"""Wall and CPU time of `newsfacts run` on unchanged input (the no-op run), with and without a
Prefect server already running.

    .venv/bin/python bench/noop_run.py
    .venv/bin/python bench/noop_run.py --seeds DIR --repeat 5 --json /tmp/noop.json

Copies the input folder (default: the bundled seeds) and loads it once into a fresh warehouse,
then times the same command on the unchanged copy, each in a fresh process as a user runs it:
  - with a server: one `prefect server start` for the whole benchmark (testing/
    prefect_server.py) and PREFECT_API_URL pointing at it, as under `newsfacts serve`;
  - without: no PREFECT_API_URL, so every run starts Prefect's temporary server and stops it
    (its home is warmed by the first load, so no run pays Prefect's own database migration).
Also timed: importing the CLI and the flow (`import flows.cli, flows.ingest`), the share of the
no-op that is Python loading code. CPU is user + sys of the command and every process it waited
for (the temporary server included). Target (issue 14): < 3 s wall with a server. Numbers are
printed, never asserted; wall time on a shared machine is noisy (the fastest of --repeat is
shown next to the median), CPU time less so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from testing.prefect_server import prefect_server  # noqa: E402

NEWSFACTS = Path(sys.executable).parent / "newsfacts"
TARGET_WALL = 3.0  # seconds, with a server running


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (this command and what it waited for) and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def _series(command: list[str], env: dict[str, str], repeat: int, *, noop: bool) -> dict[str, Any]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu, out = _timed(command, env)
        if noop and "nothing new" not in out:
            raise SystemExit(f"not a no-op run:\n{out}")
        walls.append(wall)
        cpus.append(cpu)
    return {
        "wall_min": round(min(walls), 2),
        "wall_median": round(statistics.median(walls), 2),
        "cpu_min": round(min(cpus), 2),
        "cpu_median": round(statistics.median(cpus), 2),
        "runs": repeat,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="input folder")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per mode")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="noop-bench-"))
    try:
        seeds = work / "seeds"
        shutil.copytree(args.seeds, seeds)
        db = work / "w.duckdb"
        run = [str(NEWSFACTS), "run", "--seeds", str(seeds), "--db", str(db)]
        base = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        base["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
        no_server = {**base, "PREFECT_HOME": str(work / "prefect-temporary")}

        wall, cpu, _ = _timed(run, no_server)  # the load, which also warms the temporary home
        results: dict[str, Any] = {
            "seeds": str(args.seeds),
            "first_run": {"wall": round(wall, 2), "cpu": round(cpu, 2)},
            "command": " ".join(["newsfacts", *run[1:]]),
        }
        results["without_server"] = _series(run, no_server, args.repeat, noop=True)
        home = work / "prefect-server"
        home.mkdir()
        with prefect_server(home) as api_url:
            with_server = {**base, "PREFECT_API_URL": api_url}
            _timed(run, with_server)  # the server's first flow run registers the flow
            results["with_server"] = _series(run, with_server, args.repeat, noop=True)
            imports = [sys.executable, "-c", "import flows.cli, flows.ingest"]
            results["imports"] = _series(imports, with_server, args.repeat, noop=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"no-op `newsfacts run` on {args.seeds} (unchanged after one load), fresh process each")
    print(f"  command: .venv/bin/{results['command']}")
    print(
        f"  first load: {results['first_run']['wall']:.2f} s wall, "
        f"{results['first_run']['cpu']:.2f} s CPU"
    )
    for key, label in (
        ("with_server", "no-op, PREFECT_API_URL set (server running)"),
        ("without_server", "no-op, no server (temporary one per run)"),
        ("imports", "import flows.cli, flows.ingest only"),
    ):
        r = results[key]
        print(
            f"  {label:46s} wall {r['wall_min']:5.2f} s (median {r['wall_median']:5.2f}), "
            f"CPU {r['cpu_min']:5.2f} s (median {r['cpu_median']:5.2f}), {r['runs']} runs"
        )
    verdict = "met" if results["with_server"]["wall_min"] < TARGET_WALL else "NOT met"
    print(f"  target < {TARGET_WALL:g} s wall with a server: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
