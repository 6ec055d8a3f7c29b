"""Extraction quality on two labelled page sets, HTML and plain text, against trafilatura.

    .venv/bin/python bench/extraction_quality.py [--set benchmark|fundus|all] [--worst N]
                                                 [--json PATH] [--bootstrap 1000]
                                                 [--update-baseline]

Sets (bench/_quality.py): the 181-page Zyte/ScrapingHub benchmark, which the rules are tuned on,
and the 120 fundus pages (../shared/corpora/fundus-pages), which they are only checked on.

For each set, in this one process, one page after another (so every extractor gets the same
single core, and CPU seconds compare):

- ``html``: tasks.process.build_article(kind="html") on the page bytes as saved;
- ``text-browser`` / ``text-lynx``: build_article(kind="text") on a browser "select all, copy"
  dump and a ``lynx -dump``-style dump of the same page (bench/_page_dumps.py; generated here,
  never stored), and ``raw-*``: those dumps uncleaned;
- ``trafilatura-*``: trafilatura alone, with each of its settings (default, precision, recall,
  comments off). The bar for our HTML path is the best of them in this run.

Score (testing/shingle_score.py, as the benchmark defines it): word 4-gram shingles, macro precision
and recall, F1 from the two means. "lead" is our HTML F1 minus the best trafilatura setting's,
with a 95 % paired-bootstrap interval (--bootstrap resamples). "chrome only" counts pages where a
body was stored of which under 5 % of the shingles are the article's.

Gate (exit 1; bench/_quality.py:gate_failures): the corpus digest must match the one pinned in
bench/extraction_quality_baseline.json, and each gated F1 (html, text-browser, text-lynx) and the
HTML lead must stay within --tolerance of the stored floor. --update-baseline stores this run's
values as the new floors, full set and test sample alike, but refuses (exit 2, nothing written)
if any value would go down or a digest changed: a floor is lowered only by editing the JSON by
hand, in a commit that says why. tests/test_extraction_quality_gate.py runs the same gate on a
sample of each set in the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._quality import (
    BASELINE,
    GATED_MODES,
    PAGE_SETS,
    SAMPLE_EVERY,
    TOLERANCE,
    SetResult,
    all_modes,
    chrome_only_pages,
    evaluate_set,
    gate_failures,
    html_lead,
    raised_baseline,
    read_baseline,
    sample_of,
)
from config.settings import Settings
from testing.shingle_score import PageScore, bootstrap_f1_interval


def _page_f1(score: PageScore) -> float:
    total = score.precision + score.recall
    return 2 * score.precision * score.recall / total if total else 0.0


def _print_set(result: SetResult, *, resamples: int) -> dict[str, Any]:
    print(f"\n== {result.name}: {result.pages} pages, corpus digest {result.digest[:12]}")
    print(f"{'mode':<26}{'precision':>10}{'recall':>10}{'F1':>10}{'empty':>7}{'chrome only':>13}")
    for mode in all_modes():
        scores = result.scores[mode]
        run = result.runs[mode]
        chrome = len(chrome_only_pages(result, mode))
        empty = sum(1 for text in run.predictions.values() if not text)
        print(
            f"{mode:<26}{scores.precision:>10.4f}{scores.recall:>10.4f}{scores.f1:>10.4f}"
            f"{empty:>7}{chrome:>13}"
        )
    best = result.best_trafilatura
    report: dict[str, Any] = {
        "pages": result.pages,
        "digest": result.digest,
        "scores": {mode: vars_of(scores) for mode, scores in result.scores.items()},
        "best_trafilatura": best,
        "html_lead": html_lead(result),
    }
    if resamples > 1:
        interval = bootstrap_f1_interval(
            result.per_page["html"], result.per_page[best], resamples=resamples
        )
        verdict = "above zero" if interval.above_zero else "NOT above zero"
        print(
            f"HTML lead over {best}: {interval.difference:+.4f} "
            f"(95 % interval {interval.low:+.4f} … {interval.high:+.4f}, {verdict})"
        )
        report["html_lead_interval"] = [interval.low, interval.high]
    for mode in ("text-browser", "text-lynx"):
        gain = result.scores[mode].f1 - result.scores[mode.replace("text", "raw")].f1
        print(f"{mode} over its uncleaned dump: {gain:+.4f} F1")
    print(f"{'speed (1 core)':<26}{'CPU s':>10}{'pages/CPU s':>13}")
    speeds = {}
    for mode in ("html", "text-browser", "text-lynx", f"trafilatura-{best.split('-', 1)[1]}"):
        seconds = result.runs[mode].cpu_seconds
        speeds[mode] = result.pages / seconds if seconds else float("inf")
        print(f"{mode:<26}{seconds:>10.2f}{speeds[mode]:>13.1f}")
    report["pages_per_cpu_second"] = speeds
    return report


def vars_of(scores: Any) -> dict[str, float]:
    return {name: getattr(scores, name) for name in ("precision", "recall", "f1", "accuracy")}


def _print_worst(result: SetResult, mode: str, count: int) -> None:
    run = result.runs[mode]
    rows = sorted(
        zip(run.predictions, result.per_page[mode], strict=True), key=lambda r: _page_f1(r[1])
    )
    print(f"worst {count} pages for {mode} (F1, P/R)")
    for page_id, score in rows[:count]:
        note = run.notes.get(page_id, "")
        print(
            f"  {_page_f1(score):.3f} ({score.precision:.2f}/{score.recall:.2f})  {page_id[:40]}"
            f"  {note}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=[*PAGE_SETS, "all"], default="all")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list N worst pages")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write all numbers as JSON")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="resamples")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument(
        "--update-baseline", action="store_true", help="raise the stored floors to this run's"
    )
    args = parser.parse_args()

    names = list(PAGE_SETS) if args.set == "all" else [args.set]
    if args.update_baseline and args.set != "all":
        raise SystemExit("--update-baseline measures both sets: use --set all")
    min_words = Settings.model_fields["min_words"].default
    results: dict[str, SetResult] = {}
    report: dict[str, Any] = {}
    for name in names:
        data = PAGE_SETS[name]
        if not (data / "ground-truth.json").is_file():
            raise SystemExit(f"{name}: no page set at {data} (../shared beside the repo)")
        results[name] = evaluate_set(name, data, min_words=min_words)
        report[name] = _print_set(results[name], resamples=args.bootstrap)
        if args.worst:
            for mode in ("html", "text-browser", "text-lynx"):
                _print_worst(results[name], mode, args.worst)

    baseline = read_baseline(args.baseline)
    samples = {name: sample_of(result) for name, result in results.items()}
    if args.update_baseline:
        updated, refusals = raised_baseline(baseline, results, sample_results=samples)
        if refusals:
            for refusal in refusals:
                print(f"BASELINE NOT UPDATED: {refusal}")
            sys.exit(2)
        args.baseline.write_text(json.dumps(updated, indent=2) + "\n", encoding="utf-8")
        print(f"\nbaseline          floors raised in {args.baseline}")
        baseline = updated
    failures = []
    for name, result in results.items():
        failures += gate_failures(result, baseline, tolerance=args.tolerance)
        failures += gate_failures(samples[name], baseline, sample=True, tolerance=args.tolerance)
        stored = baseline.get("sets", {}).get(name, {}).get("floors", {})
        print(
            f"\n{name} floors: "
            + ", ".join(f"{mode} {stored.get(mode, float('nan')):.4f}" for mode in GATED_MODES)
            + f", html_lead {stored.get('html_lead', float('nan')):+.4f}"
            + f" (test sample: 1 page in {SAMPLE_EVERY})"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for failure in failures:
        print(f"GATE FAILED: {failure}")
    if not failures:
        print(f"gate              passed (digests pinned, within {args.tolerance} of every floor)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
