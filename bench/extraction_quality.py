"""Extraction quality: our whole fetch path vs plain trafilatura on 181 real article pages.

    .venv/bin/python bench/extraction_quality.py [--data ../shared/benchmarks/article-extraction]
                                                 [--worst N] [--json PATH] [--bootstrap 1000]
                                                 [--baseline FILE] [--update-baseline]

Data: the Zyte/ScrapingHub article-extraction benchmark (html/<id>.html.gz + ground-truth.json,
see its README). A child process serves every page on 127.0.0.1 as text/html; charset=utf-8
(tests/support/http_server.py). This process fetches them all with the real Fetcher (SSRF guard
with 127.0.0.1 allowed explicitly, robots.txt, streaming caps) and runs tasks.process.build_article
on each body exactly as a run does: decode, trafilatura, our cleaner, normalisation. A Reject
(too short, nothing found) scores as an empty prediction. The baseline, in the same process on
the same pages, is `trafilatura.extract(html, deduplicate=False, include_comments=False)`:
comments off as in our pipeline and in the benchmark's own trafilatura run (trafilatura's
default keeps comments, which scores about 0.007 F1 lower here and would be a weaker bar).

Score (tasks/shingle_score.py, as the benchmark defines it): word 4-gram shingles per page,
macro precision and recall, F1 from the two means; "sd" is the standard deviation over
--bootstrap resamples of the pages (paired, so it applies to the difference too; upstream prints
1.96 x sd). Speeds: our extraction alone, fetch + extraction, and trafilatura alone, as pages
per wall-clock second and per CPU second of this process (the server's CPU is not counted). On
a shared machine wall time swings with other load; CPU time much less: compare CPU figures,
from the same command. Peak memory is this process's max RSS.

Quality gate (exit 1): our F1 below trafilatura-alone's, or more than --tolerance below the F1
stored in --baseline (bench/extraction_quality_baseline.json). --update-baseline stores this run's
numbers. A fetch failure also exits 1: the bench itself is broken then. Not a test: run by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

from config.fetch_settings import FetchSettings
from config.settings import Settings
from tasks.fetch import FetchedPage, Fetcher
from tasks.process import build_article
from tasks.records import Reject
from tasks.shingle_score import PageScore, Scores, aggregate, bootstrap_spread, score_page
from tests.support.http_server import LocalHTTPServer, Reply

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "benchmarks" / "article-extraction"
DEFAULT_BASELINE = Path(__file__).resolve().parent / "extraction_quality_baseline.json"
DEFAULT_TOLERANCE = 0.002
ROBOTS = "User-agent: *\nAllow: /\n"


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    html: bytes
    truth: str
    original_url: str


@dataclass(frozen=True, slots=True)
class Timing:
    """Wall clock, and this process's CPU time, which other load on the machine disturbs less."""

    wall: float
    cpu: float

    @classmethod
    def since(cls, wall_start: float, cpu_start: float) -> Timing:
        return cls(time.perf_counter() - wall_start, time.process_time() - cpu_start)

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


@dataclass(frozen=True, slots=True)
class Run:
    """One extractor's predictions on every page, with how long it took."""

    predictions: dict[str, str]
    timing: Timing
    notes: dict[str, str]  # page id -> why the prediction is empty (a reject or fetch error)


def load_pages(data: Path) -> list[Page]:
    """Every page of the benchmark, in id order; ids of html files and ground truth must agree."""
    if not (data / "ground-truth.json").is_file():
        raise SystemExit(f"no ground-truth.json in {data} (give the benchmark folder with --data)")
    truth: dict[str, dict[str, str]] = json.loads(
        (data / "ground-truth.json").read_text(encoding="utf-8")
    )
    files = {path.name.removesuffix(".html.gz"): path for path in (data / "html").glob("*.gz")}
    if files.keys() != truth.keys():
        raise SystemExit(f"{data}: html/ and ground-truth.json name different pages")
    return [
        Page(
            page_id=page_id,
            html=gzip.decompress(files[page_id].read_bytes()),
            truth=truth[page_id]["articleBody"],
            original_url=truth[page_id].get("url", ""),
        )
        for page_id in sorted(truth)
    ]


# -- serving ---------------------------------------------------------------------------------


def _serve(data: Path, pipe: Connection) -> None:
    """Child process: serve every page at /<id> until the parent says stop (or goes away)."""
    with LocalHTTPServer() as server:
        server.route("/robots.txt", Reply.text(ROBOTS))
        for page in load_pages(data):
            server.route(f"/{page.page_id}", Reply(body=page.html))
        pipe.send(server.port)
        with contextlib.suppress(EOFError, KeyboardInterrupt):
            pipe.recv()


@contextlib.contextmanager
def serving(data: Path) -> Iterator[str]:
    parent_end, child_end = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(data, child_end), daemon=True)
    server.start()
    try:
        if not parent_end.poll(60):
            raise SystemExit("benchmark server did not start")
        yield f"http://127.0.0.1:{parent_end.recv()}"
    finally:
        with contextlib.suppress(BrokenPipeError):
            parent_end.send("stop")
        server.join(5)
        if server.is_alive():
            server.terminate()
            server.join(5)


# -- the two extractors ----------------------------------------------------------------------


async def _fetch_all(urls: list[str], settings: FetchSettings) -> dict[str, FetchedPage]:
    async with Fetcher(settings) as fetcher:
        return {page.url: page async for page in fetcher.fetch_pages(urls)}


def fetch_pages(
    base_url: str, pages: list[Page], concurrency: int
) -> tuple[dict[str, FetchedPage], Timing]:
    """Every page fetched through the real Fetcher; keyed by page id."""
    settings = FetchSettings(
        user_agent="newsfacts-bench/1.0",
        allowed_hosts=("127.0.0.1",),
        per_host_delay_seconds=0,
        max_concurrency=concurrency,
        max_concurrency_per_host=concurrency,
        max_retries=0,
    )
    urls = {f"{base_url}/{page.page_id}": page.page_id for page in pages}
    wall, cpu = time.perf_counter(), time.process_time()
    fetched = asyncio.run(_fetch_all(list(urls), settings))
    timing = Timing.since(wall, cpu)
    return {urls[url]: page for url, page in fetched.items()}, timing


def run_newsfacts(fetched: dict[str, FetchedPage], pages: list[Page], min_words: int) -> Run:
    """build_article on each fetched body, as a run would; empty text for rejects and failures."""
    predictions: dict[str, str] = {}
    notes: dict[str, str] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        got = fetched.get(page.page_id)
        if got is None or not got.ok or got.body is None:
            predictions[page.page_id] = ""
            notes[page.page_id] = f"fetch failed: {got.error if got else 'never returned'}"
            continue
        result = build_article(
            got.body,
            origin=got.final_url,
            kind="html",
            min_words=min_words,
            url=got.final_url,
            charset_hint=got.charset,
        )
        if isinstance(result, Reject):
            predictions[page.page_id] = ""
            notes[page.page_id] = f"rejected at {result.stage}: {result.reason}"
        else:
            predictions[page.page_id] = result.body
    return Run(predictions, Timing.since(wall, cpu), notes)


def run_trafilatura(pages: list[Page]) -> Run:
    predictions: dict[str, str] = {}
    notes: dict[str, str] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        text = trafilatura.extract(
            page.html.decode("utf-8"), deduplicate=False, include_comments=False
        )
        predictions[page.page_id] = text or ""
        if not text:
            notes[page.page_id] = "trafilatura found nothing"
    return Run(predictions, Timing.since(wall, cpu), notes)


# -- report ----------------------------------------------------------------------------------


def _page_f1(score: PageScore) -> float:
    total = score.precision + score.recall
    return 2 * score.precision * score.recall / total if total else 0.0


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _row(name: str, scores: Scores, spread: Scores | None) -> str:
    sd = f"± {spread.f1:.3f}" if spread else ""
    return (
        f"{name:<18}{scores.precision:>10.4f}{scores.recall:>10.4f}{scores.f1:>10.4f} {sd:<8}"
        f"{scores.accuracy:>10.3f}"
    )


def _print_worst(
    pages: list[Page], ours: list[PageScore], theirs: list[PageScore], notes: dict[str, str], n: int
) -> None:
    losses = sorted(
        zip(pages, ours, theirs, strict=True),
        key=lambda item: _page_f1(item[1]) - _page_f1(item[2]),
    )
    print(f"\nworst {n} pages for us vs trafilatura (per-page F1; P/R in brackets)")
    for page, mine, base in losses[:n]:
        delta = _page_f1(mine) - _page_f1(base)
        if delta >= 0:
            break
        host = urlsplit(page.original_url).hostname or "?"
        print(
            f"  {delta:+.3f}  ours {_page_f1(mine):.3f} ({mine.precision:.2f}/{mine.recall:.2f})"
            f"  trafilatura {_page_f1(base):.3f} ({base.precision:.2f}/{base.recall:.2f})"
            f"  {page.page_id[:12]}  {host}"
        )
        if page.page_id in notes:
            print(f"           {notes[page.page_id]}")


def _print_speeds(
    timings: dict[str, Timing], count: int, concurrency: int
) -> dict[str, dict[str, float]]:
    speeds = {
        name: {"pages_per_second": count / timing.wall, "pages_per_cpu_second": count / timing.cpu}
        for name, timing in timings.items()
    }
    labels = {
        "fetch": f"fetch (x{concurrency})",
        "newsfacts_extraction": "newsfacts",
        "newsfacts_fetch_and_extraction": "newsfacts + fetch",
        "trafilatura_extraction": "trafilatura",
    }
    print(f"{'speed':<18}{'wall s':>10}{'CPU s':>10}{'pages/s':>10}{'per CPU s':>11}")
    for name, timing in timings.items():
        print(
            f"{labels[name]:<18}{timing.wall:>10.2f}{timing.cpu:>10.2f}"
            f"{speeds[name]['pages_per_second']:>10.1f}{speeds[name]['pages_per_cpu_second']:>11.1f}"
        )
    return speeds


def _per_page(
    pages: list[Page], ours: list[PageScore], theirs: list[PageScore], notes: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "id": page.page_id,
            "url": page.original_url,
            "newsfacts": {"precision": mine.precision, "recall": mine.recall},
            "trafilatura": {"precision": base.precision, "recall": base.recall},
            "note": notes.get(page.page_id),
        }
        for page, mine, base in zip(pages, ours, theirs, strict=True)
    ]


def _gate(
    ours: Scores, theirs: Scores, baseline: dict[str, Any] | None, tolerance: float
) -> list[str]:
    failures = []
    if ours.f1 < theirs.f1:
        failures.append(f"our F1 {ours.f1:.4f} is below trafilatura alone ({theirs.f1:.4f})")
    if baseline is None:
        failures.append("no stored baseline to compare with (run with --update-baseline)")
    elif ours.f1 < baseline["newsfacts_f1"] - tolerance:
        failures.append(
            f"our F1 {ours.f1:.4f} is more than {tolerance} below the stored baseline "
            f"{baseline['newsfacts_f1']:.4f}"
        )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="benchmark folder (default: ../shared/benchmarks/article-extraction from the repo)",
    )
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list N worst pages")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write all numbers as JSON")
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="resamples for the sd (0 = skip)",
    )
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--update-baseline", action="store_true", help="store this run's F1s")
    args = parser.parse_args()

    pages = load_pages(args.data)
    truths = {page.page_id: page.truth for page in pages}
    min_words = Settings.model_fields["min_words"].default
    # Untimed warm-up of both extractors, so neither pays for first-call imports and caches.
    build_article(pages[0].html, origin="warm-up", kind="html", min_words=min_words)
    trafilatura.extract(pages[0].html.decode("utf-8"), deduplicate=False, include_comments=False)
    rss_loaded = _max_rss_mib()

    with serving(args.data) as base_url:
        fetched, fetch_timing = fetch_pages(base_url, pages, args.concurrency)
    ours = run_newsfacts(fetched, pages, min_words)
    theirs = run_trafilatura(pages)

    our_pages = [score_page(truths[p.page_id], ours.predictions[p.page_id]) for p in pages]
    their_pages = [score_page(truths[p.page_id], theirs.predictions[p.page_id]) for p in pages]
    our_scores, their_scores = aggregate(our_pages), aggregate(their_pages)
    spread = (
        bootstrap_spread(our_pages, their_pages, resamples=args.bootstrap)
        if args.bootstrap > 1
        else None
    )
    failed = [page_id for page_id, note in ours.notes.items() if note.startswith("fetch failed")]
    received = sum(page.bytes for page in fetched.values())
    count = len(pages)
    rss_peak = _max_rss_mib()

    print(
        f"pages             {count} ({count - len(failed)} fetched, {len(failed)} failed), "
        f"{received / 1e6:.1f} MB"
    )
    print(f"{'':<18}{'precision':>10}{'recall':>10}{'F1':>10} {'sd':<8}{'accuracy':>10}")
    print(_row("newsfacts", our_scores, spread.first if spread else None))
    print(_row("trafilatura", their_scores, spread.second if spread else None))
    difference = Scores(
        precision=our_scores.precision - their_scores.precision,
        recall=our_scores.recall - their_scores.recall,
        f1=our_scores.f1 - their_scores.f1,
        accuracy=our_scores.accuracy - their_scores.accuracy,
    )
    sd = f"± {spread.first_minus_second.f1:.3f}" if spread else ""
    print(
        f"{'difference':<18}{difference.precision:>+10.4f}{difference.recall:>+10.4f}"
        f"{difference.f1:>+10.4f} {sd:<8}{difference.accuracy:>+10.3f}"
    )
    rejected = sum(1 for note in ours.notes.values() if note.startswith("rejected"))
    print(
        f"empty predictions newsfacts {len(ours.notes)} ({rejected} rejected), "
        f"trafilatura {len(theirs.notes)}"
    )
    timings = {
        "fetch": fetch_timing,
        "newsfacts_extraction": ours.timing,
        "newsfacts_fetch_and_extraction": fetch_timing + ours.timing,
        "trafilatura_extraction": theirs.timing,
    }
    speeds = _print_speeds(timings, count, args.concurrency)
    print(f"peak memory       {rss_peak:.1f} MiB max RSS ({rss_loaded:.1f} MiB with pages loaded)")
    for page_id in failed[:5]:
        print(f"  {page_id[:12]}: {ours.notes[page_id]}")
    if args.worst:
        _print_worst(pages, our_pages, their_pages, ours.notes, args.worst)

    baseline = (
        json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline.exists() else None
    )
    measured = {
        "pages": count,
        "newsfacts_f1": round(our_scores.f1, 4),
        "trafilatura_f1": round(their_scores.f1, 4),
        "trafilatura_version": trafilatura.__version__,
        "measured_at": datetime.now(UTC).date().isoformat(),
    }
    if args.json:
        report = {
            "data": str(args.data),
            "pages": count,
            "newsfacts": asdict(our_scores),
            "trafilatura": asdict(their_scores),
            "difference": asdict(difference),
            "bootstrap_sd": asdict(spread) if spread else None,
            "speed": speeds,
            "peak_rss_mib": rss_peak,
            "per_page": _per_page(pages, our_pages, their_pages, ours.notes),
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.update_baseline:
        args.baseline.write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
        print(f"baseline          stored in {args.baseline}")
        baseline = measured
    elif baseline is not None:
        print(
            f"baseline          newsfacts {baseline['newsfacts_f1']:.4f}, trafilatura "
            f"{baseline['trafilatura_f1']:.4f} (trafilatura {baseline['trafilatura_version']}, "
            f"{baseline['measured_at']})"
        )
    failures = _gate(our_scores, their_scores, baseline, args.tolerance)
    if failed:
        failures.append(f"{len(failed)} page(s) could not be fetched")
    for failure in failures:
        print(f"GATE FAILED: {failure}")
    if not failures:
        print(f"gate              passed (>= trafilatura, within {args.tolerance} of baseline)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
