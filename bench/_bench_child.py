"""Child-process runners for bench/pipeline_throughput.py: one measurement per process.

    python bench/_bench_child.py flow --seeds DIR --db PATH --out RESULT.json [--profile OUT]
    python bench/_bench_child.py trafilatura --seeds DIR --out RESULT.json
    python bench/_bench_child.py clean --seeds DIR --out RESULT.json
    python bench/_bench_child.py tree -- COMMAND ...   (wall, process-tree peak RSS)

Each measurement gets its own process so its peak RSS (ru_maxrss) is its own, and imports are
kept out of the timed section (they are reported separately). The flow runner talks to the
Prefect server named by PREFECT_API_URL, so no temporary server start-up is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from testing.processes import process_tree  # noqa: E402  (after the path insert)


def _rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak RSS in MiB: this process's own high-water mark.

    Linux carries ru_maxrss over exec from the parent that spawned us, so a large parent would
    set a floor under every child; VmHWM belongs to this address space alone.
    """
    if who == resource.RUSAGE_SELF:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
        except OSError:
            pass
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


def tree_rss_mib(root: int) -> float:
    """Resident memory of `root` and every process below it, now, in MiB (from /proc).

    Pool workers and a temporary Prefect server are separate processes: a figure for the main
    process alone understates what a run costs the machine.
    """
    tree = process_tree(root)
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return round(total / 2**20, 1)


class TreePeakSampler:
    """Peak of tree_rss_mib(this process), sampled every `interval` s on a daemon thread."""

    def __init__(self, interval: float = 0.25) -> None:
        import threading

        self.peak = 0.0
        self.processes = 0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.peak = max(self.peak, tree_rss_mib(os.getpid()))


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The same files, in the same order, as the pipeline's discovery would read."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(
            Path(dirpath) / name
            for name in sorted(filenames)
            if not name.startswith(".") and name.lower().endswith(suffixes)
        )
    return found


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _plain_decode(data: bytes) -> str:
    """The least a baseline must do to get text: BOM-aware UTF, else UTF-8 with replacement."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="replace")


def run_trafilatura(seeds: Path) -> dict[str, Any]:
    """Baseline for HTML: trafilatura.extract alone over the same pages."""
    import trafilatura

    paths = _files(seeds, (".html", ".htm"))
    import_rss = _rss_mib()
    extracted = 0
    cpu, started = _cpu_seconds(), time.perf_counter()
    for path in paths:
        text = trafilatura.extract(_plain_decode(path.read_bytes()), deduplicate=False)
        extracted += bool(text)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "files": len(paths),
        "extracted": extracted,
        "wall": wall,
        "cpu": cpu,
        "import_rss": import_rss,
    }


def run_clean(seeds: Path) -> dict[str, Any]:
    """Baseline for text: read, decode and clean_text, nothing else."""
    from tasks.clean.text import clean_text

    paths = _files(seeds, (".txt",))
    import_rss = _rss_mib()
    kept = 0
    cpu, started = _cpu_seconds(), time.perf_counter()
    for path in paths:
        kept += bool(clean_text(_plain_decode(path.read_bytes()), source="text").body)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {
        "files": len(paths),
        "extracted": kept,
        "wall": wall,
        "cpu": cpu,
        "import_rss": import_rss,
    }


def run_flow(
    seeds: Path, db: Path, *, batch_size: int | None, profile: Path | None
) -> dict[str, Any]:
    """The real ingest flow, as `newsfacts run` calls it, against the server in PREFECT_API_URL."""
    import flows  # noqa: F401  (Prefect env defaults, before Prefect is imported)
    from flows import ingest as ingest_module

    ingest = ingest_module.ingest
    params: dict[str, Any] = {"seeds_dir": str(seeds), "db_path": str(db)}
    accepted = inspect.signature(ingest.fn).parameters
    if batch_size is not None:
        params["batch_size"] = batch_size
    if "fetch" in accepted:
        params["fetch"] = False  # seeds only: the fetch stage has its own benchmark
    import_rss = _rss_mib()
    profiler = task_profiles = None
    if profile is not None:
        from pyinstrument import Profiler

        # the stages' tasks live in flows/stage_tasks.py (in flows/ingest.py before the split)
        task_modules = [ingest_module, *filter(None, [sys.modules.get("flows.stage_tasks")])]
        task_profiles = _profile_tasks(task_modules)
        profiler = Profiler(async_mode="enabled")
        profiler.start()
    cpu, started = _cpu_seconds(), time.perf_counter()
    with TreePeakSampler() as tree:
        state = asyncio.run(ingest(**params, return_state=True))
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if profiler is not None and task_profiles is not None and profile is not None:
        profiler.stop()
        _write_profiles(profile, profiler.last_session, task_profiles, wall)
    result: dict[str, Any] = {
        "wall": wall,
        "cpu": cpu,  # all threads of this process
        "import_rss": import_rss,
        "tree_peak_rss": tree.peak,  # this process plus its pool workers, sampled
        "state": state.type.value,
    }
    if not state.is_completed():
        result["error"] = str(state.message)
        return result
    summary = state.result()
    result["summary"] = {
        key: value
        for key, value in vars(summary).items()
        if key not in {"rejects"} and isinstance(value, int | float | str | dict | None)
    }
    result["rejects_by_stage"] = _count_by_stage(summary.rejects)
    return result


def _profile_tasks(modules: list[Any]) -> list[Any]:
    """Profile every call of the modules' sync Prefect tasks, in whatever thread runs it.

    pyinstrument samples only the thread it was started in, and the task runner calls tasks in
    worker threads, so each task call gets its own profiler; the sessions are combined later.
    """
    import functools
    import threading

    from prefect import Task
    from pyinstrument import Profiler

    sessions: list[Any] = []
    lock = threading.Lock()

    def wrap(fn: Any) -> Any:
        @functools.wraps(fn)
        def profiled(*args: Any, **kwargs: Any) -> Any:
            profiler = Profiler(async_mode="disabled")
            profiler.start()
            try:
                return fn(*args, **kwargs)
            finally:
                profiler.stop()
                with lock:
                    sessions.append(profiler.last_session)

        return profiled

    tasks = {id(v): v for m in modules for v in vars(m).values() if isinstance(v, Task)}
    for value in tasks.values():
        if not inspect.iscoroutinefunction(value.fn):
            value.fn = wrap(value.fn)
    return sessions


def _write_profiles(path: Path, main: Any, task_sessions: list[Any], wall: float) -> None:
    """Text report (flat hot spots, then trees); with an .html path, HTML views as well."""
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
    from pyinstrument.session import Session

    tasks = None
    for session in task_sessions:
        tasks = session if tasks is None else Session.combine(tasks, session)
    parts = [f"flow wall {wall:.2f} s; {len(task_sessions)} task call(s) profiled\n"]
    if tasks is not None:
        parts.append(f"=== Prefect task calls, all threads combined: {tasks.duration:.2f} s")
        parts.append("--- hottest functions by self time (share of task time)")
        parts.append(
            ConsoleRenderer(unicode=True, flat=True, time="percent_of_total").render(tasks)
        )
        parts.append("--- call tree")
        parts.append(ConsoleRenderer(unicode=True, time="percent_of_total").render(tasks))
    parts.append(f"=== main thread (flow orchestration): {main.duration:.2f} s")
    parts.append(ConsoleRenderer(unicode=True, time="percent_of_total").render(main))
    text = "\n".join(parts)
    if path.suffix == ".html":
        path.with_suffix(".txt").write_text(text, encoding="utf-8")
        path.write_text(HTMLRenderer().render(tasks if tasks is not None else main), "utf-8")
        path.with_suffix(".main.html").write_text(HTMLRenderer().render(main), "utf-8")
    else:
        path.write_text(text, encoding="utf-8")


def _count_by_stage(rejects: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reject in rejects:
        counts[reject.stage] = counts.get(reject.stage, 0) + 1
    return counts


def measure_command(argv: list[str]) -> dict[str, Any]:
    """Run a command; its wall time and the peak resident memory of its whole process tree
    (with a temporary Prefect server and pool workers, when it starts them), and how many
    processes the tree had at most: `python bench/_bench_child.py tree -- newsfacts run ...`."""
    import subprocess

    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peak, most = 0.0, 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mib(proc.pid))
        most = max(most, len(process_tree(proc.pid)))
        time.sleep(0.25)
    return {
        "wall": round(time.perf_counter() - started, 2),
        "returncode": proc.returncode,
        "tree_peak_rss": peak,
        "most_processes": most,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "tree" and sys.argv[2] == "--":
        print(json.dumps(measure_command(sys.argv[3:])))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("flow", "trafilatura", "clean"))
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--profile", type=Path, help="pyinstrument output (.html or .txt)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON result")
    args = parser.parse_args()
    if args.mode == "flow":
        if args.db is None:
            parser.error("flow needs --db")
        result = run_flow(args.seeds, args.db, batch_size=args.batch_size, profile=args.profile)
    elif args.mode == "trafilatura":
        result = run_trafilatura(args.seeds)
    else:
        result = run_clean(args.seeds)
    result["peak_rss"] = _rss_mib()
    result["children_peak_rss"] = _rss_mib(resource.RUSAGE_CHILDREN)
    args.out.write_text(json.dumps(result, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
