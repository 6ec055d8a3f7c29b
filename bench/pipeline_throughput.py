"""End-to-end throughput of `newsfacts run` on a generated corpus, next to a baseline.

    .venv/bin/python bench/pipeline_throughput.py --kind text --n 10000
    .venv/bin/python bench/pipeline_throughput.py --kind text --n 10000,100000 --corpus /tmp/nfc
    .venv/bin/python bench/pipeline_throughput.py --kind html --n 1000 --json /tmp/html.json
    .venv/bin/python bench/pipeline_throughput.py --kind text --n 1000 --profile /tmp/text.html

For each corpus size: make (or reuse, see --corpus) a corpus with bench/make_corpus.py, then, each
in its own child process (bench/_bench_child.py), measure
  - the baseline: text, read + decode + `clean_text` per file; HTML, `trafilatura.extract`
    (deduplicate=False) per page;
  - the real flow (`flows.ingest.ingest`) into a fresh DuckDB file: wall time, RunSummary
    (counts, seconds per stage), peak RSS;
  - the flow again on the unchanged corpus and the same file (the re-run).
One `prefect server` is started for the whole benchmark (testing/prefect_server.py) and
the children use it through PREFECT_API_URL, so the temporary server's start-up is not timed.
Once, `newsfacts run` itself re-runs on the unchanged corpus: the process wall time a user sees
(imports and the Prefect client included).

Targets (issue 6, 2-core machine): HTML pipeline <= 1.5x trafilatura alone; text >= 300
articles/s end to end; unchanged re-run <= 5 % of the first run; peak RSS of the largest size
within 1.2x of the smallest (give two sizes, e.g. --n 10000,100000). "Articles/s" is input files
per second of the flow's wall time (duplicates and rejects are work too). Numbers are printed,
never asserted; timings on a shared machine are noisy (--repeat N keeps the fastest of N).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from make_corpus import GENERATOR_VERSION, read_summary  # noqa: E402

TEXT_MIN_RATE = 300.0  # articles/s end to end
HTML_MAX_RATIO = 1.5  # pipeline wall / trafilatura-alone wall
RERUN_MAX_SHARE = 0.05  # re-run wall / first-run wall
RSS_MAX_GROWTH = 1.2  # peak RSS at the largest size / at the smallest


@dataclass
class SizeResult:
    """Every measurement for one corpus size."""

    n: int
    corpus: str
    corpus_summary: dict[str, Any]
    baseline: dict[str, Any] = field(default_factory=dict)
    first: dict[str, Any] = field(default_factory=dict)
    rerun: dict[str, Any] = field(default_factory=dict)
    first_walls: list[float] = field(default_factory=list)
    warehouse: dict[str, int] = field(default_factory=dict)
    cli: dict[str, Any] = field(default_factory=dict)


class ChildFailed(RuntimeError):
    """A measurement process failed; the message holds the end of its output."""


def _child(mode: str, out_dir: Path, label: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    result_path = out_dir / f"{label}.json"
    log_path = out_dir / f"{label}.log"
    command = [sys.executable, str(BENCH / "_bench_child.py"), mode, "--out", str(result_path)]
    started = time.perf_counter()
    with log_path.open("w") as log:
        proc = subprocess.run(
            [*command, *args], env=env, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    process_wall = time.perf_counter() - started
    if proc.returncode != 0 or not result_path.exists():
        tail = log_path.read_text(errors="replace")[-4000:]
        raise ChildFailed(f"{label} exited {proc.returncode}:\n{tail}")
    result: dict[str, Any] = json.loads(result_path.read_text())
    result["process_wall"] = process_wall
    if "error" in result:
        raise ChildFailed(f"{label}: flow run {result['state']}: {result['error']}")
    return result


def _corpus(kind: str, n: int, seed: int, where: Path) -> dict[str, Any]:
    """Reuse the corpus in `where` when it was made with the same settings, else make it."""
    summary = read_summary(where)
    wanted = {"generator_version": GENERATOR_VERSION, "kind": kind, "n": n, "seed": seed}
    if summary and all(summary.get(key) == value for key, value in wanted.items()):
        print(f"corpus: reusing {where}", file=sys.stderr)
        return summary
    print(f"corpus: making {kind} n={n:,} in {where} ...", file=sys.stderr)
    # In a child process: the generator's memory must not become this process's RSS, which
    # Linux hands down to every measurement child as its starting ru_maxrss.
    command = [sys.executable, str(BENCH / "make_corpus.py"), "--kind", kind, "--n", str(n)]
    subprocess.run(
        [*command, "--out", str(where), "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL
    )
    made = read_summary(where)
    if made is None:
        raise ChildFailed(f"make_corpus.py wrote no summary in {where}")
    return made


def _warehouse_counts(db: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings),"
            " (SELECT count(*) FROM rejects)"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return {"articles": int(row[0]), "sightings": int(row[1]), "rejects": int(row[2])}


def _cli_command() -> list[str]:
    script = Path(sys.executable).parent / "newsfacts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


def _measure(
    args: argparse.Namespace, n: int, corpus: Path, work: Path, env: dict[str, str], cli: bool
) -> SizeResult:
    summary = _corpus(args.kind, n, args.seed, corpus)
    result = SizeResult(n=n, corpus=str(corpus), corpus_summary=summary)
    runs = work / f"runs-{n}"
    runs.mkdir(parents=True, exist_ok=True)
    flow_args = ["--seeds", str(corpus)]
    if args.batch_size:
        flow_args += ["--batch-size", str(args.batch_size)]
    baseline_mode = "trafilatura" if args.kind == "html" else "clean"
    for attempt in range(args.repeat):
        print(f"n={n:,}: baseline ({baseline_mode}) {attempt + 1}/{args.repeat}", file=sys.stderr)
        baseline = _child(baseline_mode, runs, f"baseline-{attempt}", env, "--seeds", str(corpus))
        if not result.baseline or baseline["wall"] < result.baseline["wall"]:
            result.baseline = baseline
    best_db: Path | None = None
    for attempt in range(args.repeat):
        print(f"n={n:,}: flow, first run {attempt + 1}/{args.repeat}", file=sys.stderr)
        db = runs / f"first-{attempt}.duckdb"
        first = _child("flow", runs, f"first-{attempt}", env, *flow_args, "--db", str(db))
        result.first_walls.append(first["wall"])
        if not result.first or first["wall"] < result.first["wall"]:
            result.first, best_db = first, db
    assert best_db is not None
    print(f"n={n:,}: flow, re-run on unchanged input", file=sys.stderr)
    result.rerun = _child("flow", runs, "rerun", env, *flow_args, "--db", str(best_db))
    result.warehouse = _warehouse_counts(best_db)
    if cli:
        print(f"n={n:,}: newsfacts run (CLI), unchanged re-run", file=sys.stderr)
        started = time.perf_counter()
        proc = subprocess.run(
            [*_cli_command(), "run", "--seeds", str(corpus), "--db", str(best_db)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        result.cli = {
            "what": "unchanged re-run",
            "wall": time.perf_counter() - started,
            "exit": proc.returncode,
            "output": (proc.stdout + proc.stderr)[-2000:],
        }
    if args.profile:
        print(f"n={n:,}: flow under pyinstrument -> {args.profile}", file=sys.stderr)
        profiled = runs / "profiled.duckdb"
        _child(
            "flow", runs, "profiled", env, *flow_args, "--db", str(profiled),
            "--profile", str(args.profile),
        )  # fmt: skip
    return result


# ------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _rows(kind: str, r: SizeResult) -> list[tuple[str, str, str, str, str]]:
    """(metric, value, baseline, target, result) rows for one size."""
    first, rerun, base = r.first, r.rerun, r.baseline
    s = first["summary"]
    files = int(s.get("files_seen") or 0)
    wall = float(first["wall"])
    rate = files / wall if wall else 0.0
    base_rate = base["files"] / base["wall"] if base["wall"] else 0.0
    ratio = wall / base["wall"] if base["wall"] else float("inf")
    base_name = "trafilatura.extract" if kind == "html" else "read+clean_text"
    rows: list[tuple[str, str, str, str, str]] = []
    if kind == "text":
        rows.append(
            (
                "articles/s, end to end",
                f"{rate:,.1f}",
                f"{base_rate:,.1f} ({base_name})",
                f">= {TEXT_MIN_RATE:.0f}",
                _verdict(rate >= TEXT_MIN_RATE),
            )
        )
        rows.append(("wall, first run (s)", f"{wall:.2f}", f"{base['wall']:.2f}", "", ""))
        rows.append(("  ratio to baseline", f"{ratio:.2f}x", "1.00x", "info", ""))
    else:
        rows.append(("articles/s, end to end", f"{rate:,.1f}", f"{base_rate:,.1f}", "info", ""))
        rows.append(
            (
                "wall, first run (s)",
                f"{wall:.2f}",
                f"{base['wall']:.2f} ({base_name})",
                "",
                "",
            )
        )
        rows.append(
            (
                "  ratio to baseline",
                f"{ratio:.2f}x",
                "1.00x",
                f"<= {HTML_MAX_RATIO}x",
                _verdict(ratio <= HTML_MAX_RATIO),
            )
        )
    rows.append(
        (
            "CPU time, first run (s)",
            f"{first['cpu']:.2f}",
            f"{base['cpu']:.2f}",
            "less noisy",
            f"{first['cpu'] / base['cpu']:.2f}x" if base["cpu"] else "",
        )
    )
    rows.append(
        (
            "  articles per CPU second",
            f"{files / first['cpu']:,.1f}" if first["cpu"] else "-",
            f"{base['files'] / base['cpu']:,.1f}" if base["cpu"] else "-",
            "info",
            "",
        )
    )
    if len(r.first_walls) > 1:
        walls = ", ".join(f"{w:.2f}" for w in r.first_walls)
        rows.append(("  first-run walls (s)", walls, "", "fastest kept", ""))
    flow_seconds = float(s.get("seconds") or 0.0)
    stages: dict[str, float] = s.get("stage_seconds") or {}
    rows.append(("flow body (RunSummary.seconds)", f"{flow_seconds:.2f}", "", "", ""))
    for stage, seconds in stages.items():
        share = 100 * seconds / wall if wall else 0.0
        rows.append((f"  stage {stage} (s)", f"{seconds:.2f}", f"{share:.0f} % of wall", "", ""))
    other = wall - sum(stages.values())
    rows.append(
        ("  outside stages (s)", f"{other:.2f}", f"{100 * other / wall:.0f} % of wall", "", "")
    )
    rerun_wall = float(rerun["wall"])
    share = rerun_wall / wall if wall else float("inf")
    rows.append(
        (
            "re-run, unchanged input (s)",
            f"{rerun_wall:.2f}",
            f"{100 * share:.1f} % of first",
            f"<= {100 * RERUN_MAX_SHARE:.0f} %",
            _verdict(share <= RERUN_MAX_SHARE),
        )
    )
    rerun_stages = rerun["summary"].get("stage_seconds") or {}
    if rerun_stages:
        detail = ", ".join(f"{k} {v:.2f}" for k, v in rerun_stages.items())
        rows.append(("  re-run stages (s)", detail, "", "", ""))
    rows.append(
        (
            "peak RSS, first run (MiB)",
            f"{first['peak_rss']:.0f}",
            f"{base['peak_rss']:.0f}",
            "see growth",
            "",
        )
    )
    rows.append(
        (
            "  after imports (MiB)",
            f"{first['import_rss']:.0f}",
            f"{base['import_rss']:.0f}",
            "",
            "",
        )
    )
    if first.get("tree_peak_rss"):
        rows.append(("  whole process tree (MiB)", f"{first['tree_peak_rss']:.0f}", "", "", ""))
    if first.get("children_peak_rss"):
        rows.append(("  child processes (MiB)", f"{first['children_peak_rss']:.0f}", "", "", ""))
    rows.append(("peak RSS, re-run (MiB)", f"{rerun['peak_rss']:.0f}", "", "", ""))
    rows.append(
        (
            "process wall, first run (s)",
            f"{first['process_wall']:.2f}",
            f"{base['process_wall']:.2f}",
            "incl. imports",
            "",
        )
    )
    if r.cli:
        rows.append(
            (
                f"newsfacts run CLI, {r.cli['what']} (s)",
                f"{r.cli['wall']:.2f}",
                "",
                "process wall",
                "ok" if r.cli["exit"] == 0 else f"exit {r.cli['exit']}",
            )
        )
    unique = int(r.corpus_summary.get("unique_bodies", 0))
    articles = r.warehouse.get("articles", 0)
    rows.append(
        (
            "distinct articles vs corpus truth",
            f"{articles:,}",
            f"{unique:,} distinct bodies",
            "info",
            f"{articles - unique:+,}",
        )
    )
    return rows


def _details(r: SizeResult) -> list[str]:
    """Counts that do not fit the table: what the runs did."""
    s, rerun = r.first["summary"], r.rerun["summary"]
    keys = ("files_seen", "articles_new", "duplicates", "rejected", "unchanged", "facts")
    lines = [
        "first run: " + ", ".join(f"{key} {s[key]:,}" for key in keys if key in s),
        "re-run:    " + ", ".join(f"{key} {rerun[key]:,}" for key in keys if key in rerun),
    ]
    rejects = r.first.get("rejects_by_stage") or {}
    if rejects:
        lines.append("rejects by stage: " + ", ".join(f"{k} {v:,}" for k, v in rejects.items()))
    lines.append(
        "stage seconds are the flow's time in each stage (waiting on tasks included); with "
        "pipelined tasks they overlap and need not add up to the wall time"
    )
    return lines


def _print_table(title: str, rows: list[tuple[str, str, str, str, str]]) -> None:
    headers = ("metric", "value", "baseline / detail", "target", "result")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _report(args: argparse.Namespace, results: list[SizeResult], server_seconds: float) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nnewsfacts pipeline benchmark: kind={args.kind}, seed={args.seed}, "
        f"batch_size={args.batch_size or 'from config'}, repeat={args.repeat}, "
        f"{os.cpu_count()} CPUs, load average at start {args.load_at_start}, at end {load}"
    )
    print(f"prefect server start-up (not timed below): {server_seconds:.1f} s")
    for r in results:
        c = r.corpus_summary
        variants = ", ".join(f"{k} {v:,}" for k, v in c.get("variants", {}).items())
        print(
            f"\ncorpus {r.corpus}: {c['n']:,} files, {c['bytes'] / 1e6:,.1f} MB, "
            f"{c.get('unique_bodies', 0):,} distinct bodies ({variants})"
        )
        _print_table(f"n = {r.n:,}", _rows(args.kind, r))
        for line in _details(r):
            print(f"  {line}")
    if len(results) > 1:
        small, large = results[0], results[-1]
        growth = large.first["peak_rss"] / small.first["peak_rss"]
        rerun_growth = large.rerun["peak_rss"] / small.rerun["peak_rss"]
        _print_table(
            f"peak RSS growth, n = {large.n:,} vs {small.n:,}",
            [
                (
                    "first run",
                    f"{growth:.2f}x",
                    f"{small.first['peak_rss']:.0f} -> {large.first['peak_rss']:.0f} MiB",
                    f"<= {RSS_MAX_GROWTH}x",
                    _verdict(growth <= RSS_MAX_GROWTH),
                ),
                (
                    "re-run",
                    f"{rerun_growth:.2f}x",
                    f"{small.rerun['peak_rss']:.0f} -> {large.rerun['peak_rss']:.0f} MiB",
                    f"<= {RSS_MAX_GROWTH}x",
                    _verdict(rerun_growth <= RSS_MAX_GROWTH),
                ),
            ],
        )


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("--n wants positive sizes, e.g. 10000 or 10000,100000")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", choices=("text", "html"), required=True)
    parser.add_argument("--n", type=_sizes, required=True, help="size(s), comma-separated")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="corpus folder, kept and reused when it matches (several sizes: DIR/<kind>-<n>)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, help="flow batch size [default: from config]")
    parser.add_argument("--repeat", type=int, default=1, help="first runs and baselines per size")
    parser.add_argument("--no-cli", action="store_true", help="skip the `newsfacts run` timing")
    parser.add_argument("--profile", type=Path, help="also profile one first run (.html/.txt)")
    parser.add_argument("--json", type=Path, help="save every measurement here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (DBs, logs)")
    args = parser.parse_args()
    args.load_at_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())

    work = Path(tempfile.mkdtemp(prefix="nf-bench-"))
    print(f"work folder: {work}", file=sys.stderr)
    results: list[SizeResult] = []
    try:
        from testing.prefect_server import prefect_server

        (work / "prefect-server").mkdir()
        (work / "prefect-client").mkdir()
        started = time.perf_counter()
        with prefect_server(work / "prefect-server") as api_url:
            server_seconds = time.perf_counter() - started
            env = {
                **os.environ,
                "PREFECT_API_URL": api_url,
                "PREFECT_HOME": str(work / "prefect-client"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
                "PYTHONPATH": str(REPO),
            }
            for index, n in enumerate(args.n):
                if args.corpus is None:
                    corpus = work / f"corpus-{args.kind}-{n}"
                elif len(args.n) == 1:
                    corpus = args.corpus
                else:
                    corpus = args.corpus / f"{args.kind}-{n}"
                cli = index == 0 and not args.no_cli
                results.append(_measure(args, n, corpus, work, env, cli))
        _report(args, results, server_seconds)
        if args.json:
            payload = {
                "kind": args.kind,
                "seed": args.seed,
                "batch_size": args.batch_size,
                "repeat": args.repeat,
                "cpus": os.cpu_count(),
                "loadavg_start": args.load_at_start,
                "loadavg_end": os.getloadavg(),
                "prefect_server_seconds": server_seconds,
                "targets": {
                    "text_min_articles_per_s": TEXT_MIN_RATE,
                    "html_max_ratio": HTML_MAX_RATIO,
                    "rerun_max_share": RERUN_MAX_SHARE,
                    "rss_max_growth": RSS_MAX_GROWTH,
                },
                "sizes": [vars(r) for r in results],
            }
            args.json.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
            print(f"\nsaved {args.json}")
    except ChildFailed as exc:
        raise SystemExit(f"benchmark child failed: {exc}") from None
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
