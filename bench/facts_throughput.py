"""Fact-extraction throughput: extract_facts over the seeds and over real-world article bodies.

    .venv/bin/python bench/facts_throughput.py [--repeat 20] [--warmup 1] [--min-pass 0.2]
                                               [--ground-truth FILE] [--published ISO]

Two corpora, each timed on its own in this process (one core, the real code path, nothing mocked):
- seeds: the five seeds/*.txt reports as the flow sees them (tasks.clean_text.clean_text with
  source="text"), with the published date the cleaner found; cleaning is done once, untimed;
- benchmark: the `articleBody` of every article in the article-extraction ground truth (181
  varied outlets and topics), published date --published (default: none, so relative dates stay
  unresolved as they would for an undated page).

Each corpus is run --warmup times untimed, then --repeat timed passes; a pass goes over the
corpus as many times as it takes to last --min-pass seconds (the five seeds take milliseconds,
too short to time alone). Reported per corpus: articles/s and MB/s (UTF-8 bytes of the bodies)
for the best pass and the median pass, by wall clock and by this process's CPU time. The machine
is shared, so wall numbers are noisy: compare best or CPU figures, before and after a change,
from the same command. The pipeline needs >= 300 articles/s end to end for plain text, so
extraction alone should be well above that. Not a test: run it by hand and read the numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.clean_text import clean_text
from tasks.facts import EntityCatalog, extract_facts, load_entity_catalog

REPO_ROOT = Path(__file__).resolve().parent.parent
GROUND_TRUTH = Path("/work/shared/benchmarks/article-extraction/ground-truth.json")


@dataclass(frozen=True, slots=True)
class Article:
    body: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Pass:
    rounds: int  # times over the corpus
    wall: float
    cpu: float


def _seed_articles(seeds_dir: Path) -> list[Article]:
    """The seeds as the flow hands them to the extractor: cleaned plain text."""
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"), source="text")
        articles.append(Article(cleaned.body, cleaned.published_at))
    return articles


def _benchmark_articles(path: Path, published_at: datetime | None) -> list[Article]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [Article(record["articleBody"], published_at) for record in records.values()]


def _extract_all(articles: list[Article], catalog: EntityCatalog, rounds: int) -> None:
    for _ in range(rounds):
        for article in articles:
            extract_facts(article.body, published_at=article.published_at, catalog=catalog)


def _run(
    articles: list[Article], catalog: EntityCatalog, warmup: int, repeat: int, min_pass: float
) -> list[Pass]:
    """Untimed warm-up passes, then `repeat` timed passes of at least `min_pass` seconds."""
    start = time.perf_counter()
    _extract_all(articles, catalog, max(1, warmup))
    once = (time.perf_counter() - start) / max(1, warmup)
    rounds = max(1, math.ceil(min_pass / once)) if once > 0 else 1
    passes = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        _extract_all(articles, catalog, rounds)
        passes.append(Pass(rounds, time.perf_counter() - wall, time.process_time() - cpu))
    return passes


def _report(name: str, articles: list[Article], passes: list[Pass]) -> None:
    rounds = passes[0].rounds
    count = len(articles) * rounds
    megabytes = sum(len(a.body.encode("utf-8")) for a in articles) * rounds / 1e6
    print(
        f"{name:<10} {len(articles)} articles, {megabytes / rounds:.3f} MB; "
        f"{len(passes)} timed passes of {rounds} round(s)"
    )
    for clock in ("wall", "cpu"):
        times = [getattr(p, clock) for p in passes]
        best, median = min(times), statistics.median(times)
        print(
            f"  {clock:<5} best   {count / best:8.0f} articles/s {megabytes / best:7.2f} MB/s"
            f"   median {count / median:8.0f} articles/s {megabytes / median:7.2f} MB/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed passes per corpus")
    parser.add_argument("--warmup", type=int, default=1, help="untimed passes first")
    parser.add_argument(
        "--min-pass", type=float, default=0.2, help="shortest timed pass, seconds (default 0.2)"
    )
    parser.add_argument("--seeds", type=Path, default=REPO_ROOT / "seeds", help="seed folder")
    parser.add_argument(
        "--ground-truth", type=Path, default=GROUND_TRUTH,
        help="article-extraction ground truth JSON ({id: {articleBody, url}})",
    )  # fmt: skip
    parser.add_argument(
        "--published", type=datetime.fromisoformat, default=None,
        help="published date for the benchmark bodies (ISO 8601; default none)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    start = time.perf_counter()
    catalog = load_entity_catalog()
    loaded = time.perf_counter() - start
    print(f"catalogue  {len(catalog.entities)} entities, loaded in {loaded:.3f} s")
    corpora = [("seeds", _seed_articles(args.seeds))]
    if args.ground_truth.is_file():
        corpora.append(("benchmark", _benchmark_articles(args.ground_truth, args.published)))
    else:
        print(f"benchmark  skipped: {args.ground_truth} not found")
    for name, articles in corpora:
        if not articles:
            print(f"{name:<10} no articles")
            continue
        _report(name, articles, _run(articles, catalog, args.warmup, args.repeat, args.min_pass))


if __name__ == "__main__":
    main()
