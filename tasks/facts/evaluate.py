"""Precision and recall of the extractor against the labelled set, per fact kind.

    python -m tasks.facts.evaluate [--labelled DIR] [--verbose] [--catalog FILE]

The labelled set is JSON Lines, one text per line (tests/tasks/facts/labelled/*.jsonl):
    {"id", "text" | "seed" (+ how to cut the seed's page chrome), "published_at",
     "counts": [{predicate, value, value_max, qualifier, unit, source, [subject_key], [via]}],
     "quotes": [{text, source}], "dates": [{text, value, value_max}],
     ["mentions": [{text, entity}]]}
Files: paragraphs.jsonl (the development set the rules were tuned on), holdout.jsonl and
blind.jsonl (written before the extractor was run on them, to measure how it generalises) and
seeds.jsonl (the five seed reports, fully labelled).
Every listed field must equal the extracted one for a strict match (subject_key and via only when
listed). Lenient matching asks only predicate+value (counts) or text (quotes, dates). Extracted
facts a text's labels do not list are false positives, so the non-counts in the set (years,
ordinals, prices, phone numbers, ...) cost precision when they slip through. Mentions are scored
only for texts that list them.

Exit status 1 when, over the whole set, any kind's strict precision is below 0.80 or its strict
recall below 0.70 (MIN_PRECISION / MIN_RECALL); these floors sit under the measured values so a
regression fails the build while the labels stay demanding.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tasks.facts.entities import EntityCatalog, load_entity_catalog
from tasks.facts.extract import extract_facts
from tasks.facts.records import ExtractedFacts, Fact

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LABELLED = REPO_ROOT / "tests" / "tasks" / "facts" / "labelled"
SEEDS_DIR = REPO_ROOT / "seeds"
KINDS = ("count", "quote", "date", "mention")
MIN_PRECISION = 0.80
MIN_RECALL = 0.70
_COUNT_FIELDS = ("predicate", "value", "value_max", "qualifier", "unit", "source")


@dataclass(frozen=True, slots=True)
class LabelledText:
    id: str
    file: str
    body: str
    published_at: datetime | None
    labels: dict[str, Any]


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses.extend(other.misses)


def seed_body(record: dict[str, Any], seeds_dir: Path = SEEDS_DIR) -> str:
    """A seed file's report text: its non-blank lines, page chrome cut as the record says."""
    lines = [
        line.strip()
        for line in (seeds_dir / record["seed"]).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines = lines[record.get("drop_first", 0) : len(lines) - record.get("drop_last", 0)]
    if "from_line" in record:
        lines = lines[next(i for i, x in enumerate(lines) if x.startswith(record["from_line"])) :]
    if "until_line" in record:
        lines = lines[: next(i for i, x in enumerate(lines) if x.startswith(record["until_line"]))]
    drop = set(record.get("drop_lines", []))
    return "\n\n".join(line for line in lines if line not in drop)


def load_labelled(directory: Path = DEFAULT_LABELLED) -> list[LabelledText]:
    """Every labelled text in `directory`, files in name order."""
    texts: list[LabelledText] = []
    for path in sorted(directory.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            body = seed_body(record) if "seed" in record else record["text"]
            published = record.get("published_at")
            texts.append(
                LabelledText(
                    id=record.get("id", f"{path.stem}:{n}"),
                    file=path.name,
                    body=body,
                    published_at=datetime.fromisoformat(published) if published else None,
                    labels=record,
                )
            )
    return texts


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _count_matches(expected: dict[str, Any], fact: Fact, strict: bool) -> bool:
    fields = [*_COUNT_FIELDS, *(k for k in ("subject_key", "via") if k in expected)]
    if not strict:
        fields = ["predicate", "value"]
    return all(getattr(fact, name) == expected.get(name) for name in fields)


def _quote_matches(expected: dict[str, Any], fact: Fact, strict: bool) -> bool:
    same_text = _norm(fact.text) == _norm(expected["text"])
    return same_text and (not strict or fact.source == expected.get("source"))


def _date_matches(expected: dict[str, Any], fact: Fact, strict: bool) -> bool:
    same_text = _norm(fact.text) == _norm(expected["text"])
    if not strict:
        return same_text
    return (
        same_text
        and fact.value == expected.get("value")
        and fact.value_max == expected.get("value_max")
    )


_MATCHERS = {"count": _count_matches, "quote": _quote_matches, "date": _date_matches}
_LABEL_KEYS = {"count": "counts", "quote": "quotes", "date": "dates"}


def _describe(fact: Fact) -> str:
    if fact.kind == "count":
        return (
            f"{fact.predicate} {fact.value}-{fact.value_max} q={fact.qualifier} unit={fact.unit} "
            f"src={fact.source!r} key={fact.subject_key!r} via={fact.via!r} [{fact.text}]"
        )
    if fact.kind == "quote":
        return f"{fact.text[:60]!r} src={fact.source!r}"
    return f"{fact.text!r} -> {fact.value}..{fact.value_max}"


def score_text(
    text: LabelledText, found: ExtractedFacts, kind: str, *, strict: bool = True
) -> Score:
    """Greedy one-to-one matching of expected to extracted facts of one kind."""
    score = Score()
    if kind == "mention":
        if "mentions" not in text.labels:
            return score
        predicted = [(m.text, m.name) for m in found.mentions]
        for item in text.labels["mentions"]:
            key = (item["text"], item["entity"])
            if key in predicted:
                predicted.remove(key)
                score.tp += 1
            else:
                score.fn += 1
                score.misses.append(f"{text.id}: missed mention {key}")
        score.fp += len(predicted)
        score.misses.extend(f"{text.id}: extra mention {p}" for p in predicted)
        return score
    predicted = found.by_kind(kind)  # type: ignore[arg-type]
    matcher = _MATCHERS[kind]
    for expected in text.labels.get(_LABEL_KEYS[kind], []):
        hit = next((f for f in predicted if matcher(expected, f, strict)), None)
        if hit is None:
            score.fn += 1
            score.misses.append(f"{text.id}: missed {kind} {expected}")
        else:
            predicted.remove(hit)
            score.tp += 1
    score.fp += len(predicted)
    score.misses.extend(f"{text.id}: extra {kind} {_describe(f)}" for f in predicted)
    return score


def evaluate(
    texts: Iterable[LabelledText], catalog: EntityCatalog
) -> tuple[dict[str, dict[str, Score]], dict[str, Score]]:
    """Strict scores per file and kind, and lenient scores per kind."""
    per_file: dict[str, dict[str, Score]] = {}
    lenient = {kind: Score() for kind in KINDS}
    for text in texts:
        found = extract_facts(text.body, published_at=text.published_at, catalog=catalog)
        scores = per_file.setdefault(text.file, {kind: Score() for kind in KINDS})
        for kind in KINDS:
            scores[kind].add(score_text(text, found, kind))
            if kind != "mention":
                lenient[kind].add(score_text(text, found, kind, strict=False))
    return per_file, lenient


def throughput(texts: list[LabelledText], catalog: EntityCatalog, seconds: float = 2.0) -> float:
    """Articles per second of extract_facts over the texts, single process."""
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            extract_facts(text.body, published_at=text.published_at, catalog=catalog)
        done += len(texts)
    return done / (time.perf_counter() - start)


def _row(s: Score) -> str:
    return f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d}{s.fp:4d}{s.fn:4d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tasks.facts.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--labelled", type=Path, default=DEFAULT_LABELLED, help="folder of *.jsonl")
    parser.add_argument("--catalog", type=Path, default=None, help="entity catalogue TOML")
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    parser.add_argument(
        "--speed", type=float, default=2.0, help="seconds of throughput timing (0: skip)"
    )
    args = parser.parse_args(argv)

    catalog = load_entity_catalog(args.catalog)
    texts = load_labelled(args.labelled)
    if not texts:
        print(f"no labelled texts in {args.labelled}", file=sys.stderr)
        return 2
    per_file, lenient = evaluate(texts, catalog)
    total = {kind: Score() for kind in KINDS}
    print(f"labelled texts: {len(texts)} from {args.labelled}")
    print(f"{'file':<18} {'kind':<8} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for name, scores in per_file.items():
        for kind in KINDS:
            s = scores[kind]
            total[kind].add(s)
            if s.tp + s.fp + s.fn:
                print(f"{name:<18} {kind:<8} {_row(s)}")
    print()
    print(
        f"{'ALL (strict)':<18} {'kind':<8} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn   lenient P / R"
    )
    failed = []
    for kind in KINDS:
        s = total[kind]
        extra = ""
        if kind in lenient:
            extra = f"   {lenient[kind].precision:.3f} / {lenient[kind].recall:.3f}"
        print(f"{'':<18} {kind:<8} {_row(s)}{extra}")
        if kind != "mention" and (s.precision < MIN_PRECISION or s.recall < MIN_RECALL):
            failed.append(kind)
    if args.verbose:
        print()
        for kind in KINDS:
            for line in total[kind].misses:
                print(line)
    if args.speed > 0:
        rate = throughput(texts, catalog, args.speed)
        print(f"\nextraction speed: {rate:,.0f} texts/s (one process, {len(texts)} labelled texts)")
    if failed:
        print(
            f"\nFAIL: {', '.join(failed)} below precision {MIN_PRECISION} or recall {MIN_RECALL}",
            file=sys.stderr,
        )
        return 1
    print(f"\nOK: every kind at or above precision {MIN_PRECISION} and recall {MIN_RECALL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
