"""Precision of numeric facts on benchmark articles that are in neither labelled set.

    .venv/bin/python bench/facts_precision_audit.py            # score against the judgements
    .venv/bin/python bench/facts_precision_audit.py --draft N  # add unjudged rows: first N articles

The audit (tests/fixtures/facts/precision-audit.jsonl) is a reader's judgement of every numeric
fact the extractor gave on ~25 benchmark articles outside tests/fixtures/facts/split.json's dev
and holdout: one row per fact (article id, sentence, text, kind, value, counted noun, predicate,
source as extracted when judged) with a verdict -- correct, false fact, wrong counted noun,
wrong predicate, wrong source, or borderline (vague amounts, relative time spans, multipliers:
neither counted nor penalised, as the labelled sets' `optional`) -- a reason, and for a real
figure the counted noun lemma and source a reader would give (`want_subject`, `want_source`).
It is tuning data, reported apart from dev and holdout and never pooled with them.

    .venv/bin/python bench/facts_precision_audit.py \
        --out tests/fixtures/facts/precision-audit-untouched.jsonl

scores the untouched batch: six number-rich benchmark articles (in no labelled set) judged by
hand before any rule was changed for them (drafted with --draft 6 --ids LIST); report it before
and after a change, never tune on it.

Scoring runs today's extractor on the same articles and looks each numeric fact up by (id,
sentence, text, kind, value): precision = facts judged real figures / judged facts found (a
false fact is a number that is not a figure a reader wants); beside it the share with the
wanted counted noun and source, real figures judged before whose words no longer give a fact,
and facts never judged (listed with -v, to judge and add).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.extract.language import detect_language
from tasks.facts import ArticleInput, FactExtractor, load_entity_catalog
from tasks.facts.records import NUMERIC_KINDS
from testing.evaluate import LABEL_DIR, benchmark_bodies, same_source

AUDIT_FILE = LABEL_DIR / "precision-audit.jsonl"
REAL = "correct", "wrong counted noun", "wrong predicate", "wrong source"
VERDICTS = (*REAL, "false fact", "borderline")  # borderline: neither, like `optional`


def audit_ids(count: int) -> list[str]:
    """Benchmark ids outside dev and holdout, in a fixed hash order, English bodies only."""
    split = json.loads((LABEL_DIR / "split.json").read_text(encoding="utf-8"))
    taken = set(split["dev"]) | set(split["holdout"])
    bodies = benchmark_bodies()
    order = sorted(
        (i for i in bodies if i not in taken),
        key=lambda i: hashlib.sha256(f"newsfacts-precision-audit:{i[:12]}".encode()).hexdigest(),
    )
    chosen = []
    for i in order:
        body = bodies[i]
        if len(body.split()) < 150 or detect_language(body) not in (None, "en"):
            continue
        chosen.append(i)
        if len(chosen) == count:
            break
    return chosen


def extract(ids: list[str]) -> dict[str, list]:
    bodies = benchmark_bodies()
    extractor = FactExtractor(load_entity_catalog())
    results = extractor.extract_many([ArticleInput(bodies[i]) for i in ids])
    return {
        i: [f for f in r.facts if f.kind in NUMERIC_KINDS]
        for i, r in zip(ids, results, strict=True)
    }


def _key(article: str, sentence: str, text: str, kind: str, value: float | None) -> tuple:
    """A judgement holds for the same words read as the same kind and value: "two-thirds"
    judged as the count 2 says nothing of "two-thirds" read as 66.67 percent."""
    return article, sentence, text, kind, None if value is None else round(value, 4)


def row_of(article: str, fact) -> dict:
    return {
        "id": article,
        "sentence": fact.sentence,
        "text": fact.text,
        "kind": fact.kind,
        "value": fact.value,
        "counted": fact.subject_key,
        "predicate": fact.predicate_lemma,
        "source": fact.source,
        "verdict": None,
        "reason": None,
        "want_subject": fact.subject_key,
        "want_source": fact.source,
    }


def load_audit(path: Path = AUDIT_FILE) -> list[dict]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    bad = [r for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        raise SystemExit(f"{path}: {len(bad)} row(s) without a verdict in {VERDICTS}")
    return rows


def score(rows: list[dict], verbose: bool) -> dict[str, float]:
    ids = sorted({r["id"] for r in rows})
    judged = {_key(r["id"], r["sentence"], r["text"], r["kind"], r["value"]): r for r in rows}
    found = extract(ids)
    hits = real = subject_ok = source_ok = 0
    unjudged, false_facts, seen = [], [], set()
    for article, facts in found.items():
        for f in facts:
            key = _key(article, f.sentence, f.text, f.kind, f.value)
            row = judged.get(key)
            if row is None:
                unjudged.append(row_of(article, f))
                continue
            seen.add(key)
            if row["verdict"] == "borderline":
                continue
            hits += 1
            if row["verdict"] == "false fact":
                false_facts.append(row)
                continue
            real += 1
            subject_ok += f.subject_key == row["want_subject"]
            source_ok += same_source(row["want_source"], f.source)
    said = {k[:3] for k in seen} | {(a, f.sentence, f.text) for a, fs in found.items() for f in fs}
    lost = [
        r for r in rows if r["verdict"] in REAL and (r["id"], r["sentence"], r["text"]) not in said
    ]
    metrics = {
        "articles": len(ids),
        "judged_found": hits,
        "precision": real / hits if hits else 1.0,
        "counted_noun_right": subject_ok / real if real else 1.0,
        "source_right": source_ok / real if real else 1.0,
        "real_figures_lost": len(lost),
        "unjudged": len(unjudged),
    }
    print("== precision audit (tuning data; not dev, not holdout)")
    for name, value in metrics.items():
        print(f"  {name:<20} {value:.3f}" if isinstance(value, float) else f"  {name:<20} {value}")
    if verbose:
        for r in false_facts:
            print(f"  FALSE {r['text']!r} ({r['reason']}) in: {r['sentence'][:120]}")
        for r in lost:
            print(f"  LOST  {r['text']!r} in: {r['sentence'][:120]}")
        for r in unjudged:
            print(f"  NEW   {json.dumps(r, ensure_ascii=False)}")
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--draft",
        type=int,
        metavar="N",
        help="append unjudged rows for the first N articles not yet judged",
    )
    parser.add_argument(
        "--ids",
        type=Path,
        metavar="JSON",
        help="with --draft: draft these benchmark ids (a JSON list), N of them, not the hash order",
    )
    parser.add_argument("--out", type=Path, default=AUDIT_FILE)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.draft:
        judged = {r["id"] for r in load_audit(args.out)} if args.out.exists() else set()
        pool = (
            json.loads(args.ids.read_text(encoding="utf-8"))[: args.draft]
            if args.ids
            else audit_ids(args.draft)
        )
        found = extract([i for i in pool if i not in judged])
        with args.out.open("a", encoding="utf-8") as fh:
            for article, facts in found.items():
                for f in facts:
                    fh.write(json.dumps(row_of(article, f), ensure_ascii=False) + "\n")
        print(f"wrote {sum(len(v) for v in found.values())} rows for {len(found)} articles")
        return 0
    score(load_audit(args.out), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
