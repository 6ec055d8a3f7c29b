"""Quote speakers on benchmark articles in neither the dev nor the holdout set, judged by hand.

    .venv/bin/python bench/speaker_audit.py [-v]

tests/fixtures/facts/speaker-audit.jsonl holds, per quotation the extractor found in six such
articles (bodies in tests/fixtures/article-extraction/ground-truth.json.gz): the article id, the
quotation's start offset and first words, the right speaker as read in the text (null when the
text names nobody: the author's own words, slogans, titles), and what the extractor before
issue 11's speaker rules assigned, with its verdict. This script runs today's extractor over the
same articles and prints, with the scorer's own comparison (testing.evaluate.same_source):
quotes with the right speaker (of those with a speaker to find), and with a wrong one (of all
judged). The articles were read while the rules were written, after their first run, so the
numbers are a check, not an untouched score. Rows marked "untouched" (six more articles, judged
against the extractor's output before any later rule change) are scored apart: they are not
tuned on, so their before -> after is the honest check.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.facts import ArticleInput, FactExtractor, load_entity_catalog  # noqa: E402
from testing.evaluate import same_source  # noqa: E402

AUDIT = ROOT / "tests" / "fixtures" / "facts" / "speaker-audit.jsonl"
BODIES = ROOT / "tests" / "fixtures" / "article-extraction" / "ground-truth.json.gz"
SLACK = 3  # characters a found quotation's start may differ by (marks, spaces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    rows = [json.loads(x) for x in AUDIT.read_text(encoding="utf-8").splitlines() if x.strip()]
    with gzip.open(BODIES, "rt", encoding="utf-8") as f:
        bodies = {k: v["articleBody"] for k, v in json.load(f).items()}
    ids = list(dict.fromkeys(r["id"] for r in rows))
    extractor = FactExtractor(load_entity_catalog())
    found = extractor.extract_many([ArticleInput(bodies[i]) for i in ids])
    quotes = {
        i: [f for f in result.facts if f.kind == "quote"]
        for i, result in zip(ids, found, strict=True)
    }
    for part in (False, True):
        _score([r for r in rows if bool(r.get("untouched")) == part], quotes, part, args.verbose)


def _score(rows: list[dict], quotes: dict, untouched: bool, verbose: bool) -> None:
    """Print one part's right / wrong speaker now and before."""
    spoken = right = wrong = missing = 0
    before_right = sum(r["verdict_before"] == "right" for r in rows)
    before_wrong = sum(r["verdict_before"] == "wrong" for r in rows)
    for r in rows:
        at, want = r["start_char"], r["speaker"]
        hit = next((q for q in quotes[r["id"]] if abs(q.start_char - at) <= SLACK), None)
        got = hit.source if hit is not None else None
        missing += hit is None
        if want is not None:
            spoken += 1
            right += same_source(want, got)
        if got is not None and not same_source(want, got):
            wrong += 1
        if verbose and not same_source(want, got):
            print(f"  {r['id'][:12]} @{at} {r['start'][:40]!r} want {want!r} got {got!r}")
    n = len(rows)
    ids = {r["id"] for r in rows}
    label = "untouched" if untouched else "tuned-on"
    print(f"speaker audit ({label}): {n} quotes in {len(ids)} articles ({missing} not found now)")
    print(
        f"  right speaker  {right / spoken:.3f} ({right}/{spoken} with a speaker)"
        f"   before: {before_right / spoken:.3f} ({before_right}/{spoken})"
    )
    print(
        f"  wrong speaker  {wrong / n:.3f} ({wrong}/{n})"
        f"   before: {before_wrong / n:.3f} ({before_wrong}/{n})"
    )


if __name__ == "__main__":
    main()
