"""WARC input: library read speed (FastWARC vs warcio) and the pipeline's records/s and memory.

    .venv/bin/pip install -c constraints.txt -e '.[dev]'   # warcio, for the comparison
    .venv/bin/python bench/warc_throughput.py --n 10000
    .venv/bin/python bench/warc_throughput.py --n 10000,100000 --skip-libraries
    .venv/bin/python bench/warc_throughput.py --n 2000 --json /tmp/warc.json

For each size: write a gzipped WARC (one member per record, as crawlers write them) of N HTTP
responses, the 181 benchmark pages of ../shared/benchmarks/article-extraction repeated with
changed URLs; then, each in its own child process,
  - read every response record and its payload with FastWARC and with warcio (records/s, peak
    RSS): the library baseline, on the same file, in the same run;
  - ingest the folder holding only that WARC with the real flow (bench/_bench_child.py flow)
    into a fresh DuckDB file: response records per second of flow wall time, peak RSS.
Targets (issue 13): peak RSS at the largest size within 1.2x of the smallest (streaming: memory
must not grow with the file). Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO))

PAGES = REPO.parent / "shared" / "benchmarks" / "article-extraction" / "html"
RSS_MAX_GROWTH = 1.2


def write_corpus(path: Path, n: int) -> dict[str, Any]:
    from testing.warc import Response, response_bytes, warcinfo_bytes

    pages = sorted(PAGES.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no benchmark pages in {PAGES}")
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    with path.open("wb") as handle:
        handle.write(gzip.compress(warcinfo_bytes(), compresslevel=6))
        for i in range(n):
            record = response_bytes(
                Response(f"https://bench.example/{i}/page", bodies[i % len(bodies)])
            )
            handle.write(gzip.compress(record, compresslevel=6))
    return {"records": n, "pages": len(bodies), "bytes": path.stat().st_size}


def read_with(library: str, path: Path) -> dict[str, Any]:
    """Every response's URL, date, content type and payload, as the pipeline needs them."""
    records = payload = 0
    started = time.perf_counter()
    if library == "fastwarc":
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with path.open("rb") as handle:
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response):
                _ = (record.headers.get("WARC-Target-URI"), record.record_date)
                _ = (record.http_content_type, record.http_charset, record.stream_pos)
                payload += len(record.reader.read())
                records += 1
    else:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator

        with path.open("rb") as handle:
            iterator = WarcioIterator(handle)
            for record in iterator:
                if record.rec_type != "response":
                    continue
                _ = (record.rec_headers.get_header("WARC-Target-URI"),)
                _ = (record.rec_headers.get_header("WARC-Date"),)
                _ = record.http_headers.get_header("Content-Type")
                payload += len(record.content_stream().read())
                _ = iterator.get_record_offset()  # after the read: before it, it eats the body
                records += 1
    wall = time.perf_counter() - started
    return {
        "library": library,
        "records": records,
        "payload_mb": round(payload / 1e6, 1),
        "wall": round(wall, 2),
        "records_per_s": round(records / wall, 1),
        "peak_rss_mib": _rss_mib(),
    }


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child(args: list[str], env: dict[str, str], out: Path) -> dict[str, Any]:
    log = out.with_suffix(".log")
    with log.open("w") as handle:
        proc = subprocess.run(args, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"{' '.join(args)} failed:\n{log.read_text()[-3000:]}")
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="10000", help="records per WARC, comma-separated sizes")
    parser.add_argument("--batch-size", type=int, default=None, help="records per chunk")
    parser.add_argument("--skip-libraries", action="store_true")
    parser.add_argument("--skip-flow", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--read", nargs=2, metavar=("LIBRARY", "WARC"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read:  # child mode: one library, one file
        result = read_with(args.read[0], Path(args.read[1]))
        args.out.write_text(json.dumps(result))
        return 0

    sizes = [int(x) for x in args.n.split(",")]
    work = Path(tempfile.mkdtemp(prefix="nf-warc-bench-"))
    print(f"work folder: {work}; load {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    results: list[dict[str, Any]] = []
    from testing.prefect_server import prefect_server

    (work / "prefect-server").mkdir()
    (work / "prefect-client").mkdir()
    with prefect_server(work / "prefect-server") as api_url:
        env = {
            **os.environ,
            "PREFECT_API_URL": api_url,
            "PREFECT_HOME": str(work / "prefect-client"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
        }
        for n in sizes:
            folder = work / f"warc-{n}"
            folder.mkdir()
            warc = folder / "bench.warc.gz"
            started = time.perf_counter()
            corpus = write_corpus(warc, n)
            print(
                f"\n{n:,} records: {corpus['bytes'] / 1e6:,.0f} MB gzipped WARC "
                f"(written in {time.perf_counter() - started:.0f} s)"
            )
            entry: dict[str, Any] = {"n": n, "corpus": corpus}
            if not args.skip_libraries:
                for library in ("fastwarc", "warcio"):
                    out = work / f"read-{library}-{n}.json"
                    me = [sys.executable, __file__, "--read", library, str(warc), "--out", str(out)]
                    read = _child(me, env, out)
                    entry[library] = read
                    print(
                        f"  read {library:8s} {read['records_per_s']:>8,.0f} records/s "
                        f"({read['wall']:.1f} s, {read['payload_mb']:,.0f} MB payload), "
                        f"peak RSS {read['peak_rss_mib']:.0f} MiB"
                    )
                ratio = entry["fastwarc"]["records_per_s"] / entry["warcio"]["records_per_s"]
                print(f"  fastwarc / warcio speed: {ratio:.2f}x")
            if not args.skip_flow:
                out = work / f"flow-{n}.json"
                child = [sys.executable, str(BENCH / "_bench_child.py"), "flow"]
                child += ["--seeds", str(folder), "--db", str(work / f"w-{n}.duckdb")]
                child += ["--out", str(out)]
                if args.batch_size:
                    child += ["--batch-size", str(args.batch_size)]
                flow = _child(child, env, out)
                summary = flow["summary"]
                entry["flow"] = flow
                print(
                    f"  flow: {n / flow['wall']:,.1f} records/s ({flow['wall']:.0f} s wall), "
                    f"{summary['articles_new']:,} new, {summary['duplicates']:,} duplicates, "
                    f"{summary['rejected']:,} rejected; peak RSS {flow['peak_rss']:.0f} MiB"
                )
            results.append(entry)
    flows_done = [r for r in results if "flow" in r]
    if len(flows_done) >= 2:
        small, large = flows_done[0], flows_done[-1]
        growth = large["flow"]["peak_rss"] / small["flow"]["peak_rss"]
        verdict = "ok" if growth <= RSS_MAX_GROWTH else "over target"
        print(
            f"\npeak RSS {large['n']:,} vs {small['n']:,} records: {growth:.2f}x "
            f"(target <= {RSS_MAX_GROWTH}x: {verdict})"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
