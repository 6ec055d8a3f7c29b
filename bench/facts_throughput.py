"""Fact-extraction throughput and memory: the parser-based extractor vs spaCy's obvious way.

    .venv/bin/python bench/facts_throughput.py [--repeat 3] [--batch 32] [--workers 2]

Corpus: the 181 article bodies of the article-extraction benchmark
(tests/fixtures/article-extraction/ground-truth.json.gz). Both sides run in this process, one
after the other, on one core each (BLAS and thinc threads pinned to 1 before anything loads),
with the model loaded once and untimed:

- extractor: tasks.facts.FactExtractor.extract_many over the bodies in batches of --batch
  (what one flow task does): sentence split, candidate sentences only through nlp.pipe, all
  fact kinds, quotes, dates and entities;
- baseline: spaCy's full en_core_web_sm pipeline (every default component) over every whole body
  with nlp.pipe, the obvious way, producing nothing beyond the parse.

Reported: articles/s per core by CPU time (best of --repeat passes; wall time beside it, noisy on
a shared machine), the ratio extractor / baseline (targets: >= 30 articles/s per core, >= 3x),
and resident memory: this process after loading, and per worker of a --workers process pool
whose initializer loads the model once per worker (spawned processes; 0: skip the pool).
Not a test: run it by hand and read the numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy loads: one core per side
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.facts import ArticleInput, FactExtractor, load_entity_catalog  # noqa: E402
from tasks.facts.model import MODEL_PACKAGE  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
BODIES = REPO_ROOT / "tests" / "fixtures" / "article-extraction" / "ground-truth.json.gz"


def bodies() -> list[str]:
    with gzip.open(BODIES, "rt", encoding="utf-8") as fh:
        return [v["articleBody"] for _, v in sorted(json.load(fh).items())]


def rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process, MB (Linux /proc)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def timed(work, repeat: int) -> tuple[float, float]:
    """Best CPU seconds and best wall seconds of `repeat` runs of work()."""
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


_WORKER: dict[str, FactExtractor] = {}


def _init_worker() -> None:
    _WORKER["x"] = FactExtractor(load_entity_catalog())


def _work(chunk: list[str]) -> tuple[int, int, float, float]:
    found = _WORKER["x"].extract_many([ArticleInput(b) for b in chunk])
    rss, peak = rss_mb()
    return os.getpid(), sum(len(f.facts) for f in found), rss, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    import spacy

    texts = bodies()
    n = len(texts)
    base_rss = rss_mb()[0]
    extractor = FactExtractor(load_entity_catalog())
    loaded_rss = rss_mb()[0]
    batches = [texts[i : i + args.batch] for i in range(0, n, args.batch)]

    def run_extractor() -> None:
        for chunk in batches:
            extractor.extract_many([ArticleInput(b) for b in chunk])

    full = spacy.load(MODEL_PACKAGE)

    def run_full() -> None:
        for _doc in full.pipe(texts, batch_size=args.batch):
            pass

    run_extractor()  # warm-up, untimed
    ex_cpu, ex_wall = timed(run_extractor, args.repeat)
    full_cpu, full_wall = timed(run_full, args.repeat)
    facts = sum(
        len(f.facts) for c in batches for f in extractor.extract_many([ArticleInput(b) for b in c])
    )
    after_rss, peak = rss_mb()
    print(f"corpus: {n} benchmark bodies, {sum(len(t.split()) for t in texts):,} words")
    print(f"extractor {extractor.extractor}: {facts} facts")
    print(
        f"  extractor   {n / ex_cpu:7.1f} articles/s per core "
        f"(CPU {ex_cpu:.2f} s; wall {n / ex_wall:.1f}/s)"
    )
    print(
        f"  full spaCy  {n / full_cpu:7.1f} articles/s per core "
        f"(CPU {full_cpu:.2f} s; wall {n / full_wall:.1f}/s)"
    )
    print(f"  ratio       {full_cpu / ex_cpu:7.2f}x (targets: >= 30 articles/s per core, >= 3x)")
    print(
        f"memory: {base_rss:.0f} MB before the model, {loaded_rss:.0f} MB with it loaded, "
        f"{after_rss:.0f} MB after both runs (peak {peak:.0f} MB, both pipelines in one process)"
    )
    if args.workers > 0:
        chunks = [texts[i : i + 8] for i in range(0, n, 8)]
        w0 = time.perf_counter()
        # spawned, not forked: a forked worker would share (and count) this process's pages,
        # both pipelines included
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(args.workers, spawn, initializer=_init_worker) as pool:
            results = list(pool.map(_work, chunks))
        wall = time.perf_counter() - w0
        per_worker: dict[int, tuple[float, float]] = {}
        for pid, _count, rss, wpeak in results:
            per_worker[pid] = (rss, max(wpeak, per_worker.get(pid, (0, 0))[1]))
        print(
            f"pool of {args.workers} worker(s), model loaded once per worker: {n / wall:.1f} "
            f"articles/s wall including start-up"
        )
        for pid, (rss, wpeak) in sorted(per_worker.items()):
            print(f"  worker {pid}: RSS {rss:.0f} MB (peak {wpeak:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
