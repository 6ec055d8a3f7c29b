"""Scores of a fact extractor against hand-labelled articles, one labelled set at a time.

    newsfacts eval-facts [--set NAME=DIR ...] [--predictions FILE] [--verbose]

A labelled set is a folder of one JSON file per article in the format of
tests/fixtures/facts/README.md (dev/, holdout/, seeds/). A benchmark article's body comes from
the benchmark's ground truth (by `id`); a seed's (a label file with `seed`, the file's name in
seeds/) is the body the pipeline makes of that file, so positions and sentences are matched the
same way in every set. Sets are scored separately and never pooled: `dev` is the part rules were
tuned on, `holdout` the untouched part, `seeds` the five bundled reports.

Per kind (count, money, measure, percent): recall (labelled facts found with their value) and
precision (extracted facts that are labelled; an extracted fact on a negative, or on no label at
all, is a false fact; one on an `optional` item is neither). Over the matched facts: attribution
accuracy (same source, or both none), subject and predicate agreement. Quotes: found, with the
right speaker, with a wrong speaker (a speaker given where the label has another or none). And
the recall of the labelled headline counts.

Predictions from any extractor can be scored by the same code: a JSON Lines file, one line per
article, {"id": <full id>, "facts": [{"kind", "start_char", "end_char", "value", "source", ...}]}
(quotes are facts of kind "quote"); `start_char`/`end_char` index the article's body, or give
"sentence" and "text" instead.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from tasks.facts.records import NUMERIC_KINDS
from tasks.records import Article
from testing import FIXTURES, SEEDS_DIR
from testing.benchmark import ground_truth

LABEL_DIR = FIXTURES / "facts"
FLOORS_FILE = LABEL_DIR / "floors.json"
DEFAULT_SETS = {name: LABEL_DIR / name for name in ("dev", "holdout", "seeds")}
_SPACES = re.compile(r"\s+")
_QUOTE_SLACK = 3  # characters between a labelled quotation start and the extracted one


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    id: str
    body: str
    published_at: datetime | None
    facts: list[dict[str, Any]]
    optional: list[tuple[int, int]]
    negatives: list[tuple[int, int, str]]
    quotes: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Predicted:
    """One extracted fact, as the scorer needs it (from the extractor or a predictions file)."""

    kind: str
    start: int
    end: int
    value: float | None = None
    source: str | None = None
    subject: str | None = None
    predicate: str | None = None
    text: str = ""


@dataclass(slots=True)
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong_kind: int = 0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


@dataclass(slots=True)
class SetScore:
    name: str
    articles: int = 0
    kinds: dict[str, KindScore] = field(
        default_factory=lambda: {k: KindScore() for k in NUMERIC_KINDS}
    )
    attributed: int = 0
    attribution_right: int = 0
    subject_right: int = 0
    predicate_right: int = 0
    headline: int = 0
    headline_found: int = 0
    quotes: int = 0
    quotes_found: int = 0
    quotes_spoken: int = 0  # found quotes whose label names a speaker
    speaker_right: int = 0
    speaker_wrong: int = 0
    extra_quotes: int = 0
    log: list[str] = field(default_factory=list)

    def numeric(self) -> KindScore:
        total = KindScore()
        for s in self.kinds.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def metrics(self) -> dict[str, float]:
        """The numbers a floor can hold, each higher-is-better except wrong_speaker."""
        n = self.numeric()
        found = self.quotes_found
        out = {
            "numeric_recall": n.recall,
            "numeric_precision": n.precision,
            "headline_count_recall": _ratio(self.headline_found, self.headline),
            "attribution": _ratio(self.attribution_right, self.attributed),
            "quotes_found": _ratio(found, self.quotes),
            "right_speaker": _ratio(self.speaker_right, self.quotes_spoken),
            "wrong_speaker": self.speaker_wrong / found if found else 0.0,
        }
        for kind, s in self.kinds.items():
            out[f"{kind}_recall"] = s.recall
            out[f"{kind}_precision"] = s.precision
        return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


@cache
def benchmark_bodies() -> dict[str, str]:
    """{page id: article body} of the benchmark's ground truth."""
    return {k: v["articleBody"] for k, v in ground_truth().items()}


def _locate(body: str, sentence: str | None, text: str, after: int = 0) -> tuple[int, int] | None:
    """Where `text` (inside `sentence`) sits in the body, whitespace-insensitively."""
    pattern = r"\s+".join(re.escape(w) for w in text.split())
    if not pattern:
        return None
    if sentence:
        s_pattern = r"\s+".join(re.escape(w) for w in sentence.split())
        sm = re.search(s_pattern, body)
        if sm is not None:
            m = re.search(pattern, body[sm.start() : sm.end()])
            if m is not None:
                return sm.start() + m.start(), sm.start() + m.end()
    m = re.compile(pattern).search(body, after)
    return (m.start(), m.end()) if m else None


def seed_article(name: str, seeds_dir: Path = SEEDS_DIR) -> Article:
    """A seed file as the pipeline reads it (decoded, located, cleaned): the text the extractor
    sees for it in `newsfacts run`."""
    from tasks.process import build_article

    path = seeds_dir / name
    built = build_article(path.read_bytes(), origin=str(path), kind="text", min_words=0)
    if not isinstance(built, Article):
        raise ValueError(f"seed {name} gives no article: {built.reason}")
    return built


def _labelled_body(record: dict[str, Any]) -> tuple[str, datetime | None]:
    """The body a label file describes, and its publication time when the input gives one."""
    if "seed" not in record:
        return benchmark_bodies()[record["id"]], None
    article = seed_article(record["seed"])
    expected = record.get("content_hash")
    if expected is not None and expected != article.content_hash:
        raise ValueError(
            f"seed {record['seed']}: the pipeline's body changed since it was labelled "
            f"(content_hash {article.content_hash[:12]}, labels {expected[:12]})"
        )
    return article.body, article.published_at


def load_label_dir(directory: Path) -> list[LabelledArticle]:
    """Every labelled article of a folder (README format), bodies from the benchmark or, for
    the seeds, from the pipeline."""
    articles = []
    for path in sorted(directory.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        body, published_at = _labelled_body(record)
        facts = []
        for fact in record.get("facts", []):
            where = _locate(body, fact.get("sentence"), fact["text"])
            facts.append({**fact, "_span": where})
        optional = [
            w
            for o in record.get("optional", [])
            if (w := _locate(body, o.get("sentence"), o["text"]))
        ]
        negatives = [
            (*w, n.get("why", ""))
            for n in record.get("negatives", [])
            if (w := _locate(body, n.get("sentence"), n["text"]))
        ]
        quotes = []
        cursor = 0
        for quote in record.get("quotes", []):
            where = _locate(body, None, quote["start"], cursor)
            if where is not None:
                cursor = where[0] + 1
            quotes.append({**quote, "_start": where[0] if where else None})
        articles.append(
            LabelledArticle(record["id"], body, published_at, facts, optional, negatives, quotes)
        )
    return articles


def load_set(path: Path) -> list[LabelledArticle]:
    return load_label_dir(path)


def _norm_source(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    return " ".join(words) or None


def same_source(expected: str | None, got: str | None) -> bool:
    """Equal after folding case, articles and punctuation, or one ends the other ("Farid
    Osmani" / "Interior Minister Farid Osmani", "Reuters" / "news agency Reuters"), or two
    capitalised names of two words or more end in the same surname ("President Trump" /
    "Donald Trump")."""
    a, b = _norm_source(expected), _norm_source(got)
    if a is None or b is None:
        return a == b
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    if long[-len(short) :] == short or (long[: len(short)] == short and len(short) >= 2):
        return True
    # one person named with another title or first name: "President Trump" / "Donald Trump"
    names = [w for w in (expected or "").split() + (got or "").split() if w[:1].isalpha()]
    capitalised = all(w[0].isupper() for w in names)
    return capitalised and len(short) >= 2 and short[-1] == long[-1]


def _same_value(expected: Any, got: float | None) -> bool:
    if got is None or expected is None:
        return False
    expected = float(expected)
    return abs(expected - got) <= max(1e-9, abs(expected) * 0.005)


def _overlaps(a: tuple[int, int] | None, start: int, end: int) -> bool:
    return a is not None and a[0] < end and start < a[1]


def score_article(article: LabelledArticle, predicted: list[Predicted], score: SetScore) -> None:
    """Add one article's matches to the set's score (greedy, one label per fact)."""
    score.articles += 1
    numeric = [p for p in predicted if p.kind in NUMERIC_KINDS]
    used: set[int] = set()
    for fact in article.facts:
        kind = fact["kind"]
        span = fact["_span"]
        candidates = [
            (i, p)
            for i, p in enumerate(numeric)
            if i not in used
            and _same_value(fact.get("value"), p.value)
            and (span is None or _overlaps(span, p.start, p.end))
        ]
        hit = next(((i, p) for i, p in candidates if p.kind == kind), None)
        if kind == "count" and fact.get("headline"):
            score.headline += 1
        if hit is None:
            score.kinds[kind].fn += 1
            if candidates:
                score.kinds[kind].wrong_kind += 1
            score.log.append(
                f"{article.id[:12]} MISS {kind} {fact.get('text', fact.get('value'))!r} "
                f"src={fact.get('source')!r}"
            )
            continue
        i, p = hit
        used.add(i)
        score.kinds[kind].tp += 1
        if kind == "count" and fact.get("headline"):
            score.headline_found += 1
        score.attributed += 1
        if same_source(fact.get("source"), p.source):
            score.attribution_right += 1
        else:
            score.log.append(
                f"{article.id[:12]} SOURCE {p.text!r} want {fact.get('source')!r} got {p.source!r}"
            )
        if fact.get("subject") is None or (p.subject or "").lower() == str(fact["subject"]).lower():
            score.subject_right += 1
        if fact.get("predicate") is None or (p.predicate or "") == fact["predicate"]:
            score.predicate_right += 1
    for i, p in enumerate(numeric):
        if i in used or any(s < p.end and p.start < e for s, e in article.optional):
            continue
        score.kinds[p.kind].fp += 1
        negative = next((why for s, e, why in article.negatives if s < p.end and p.start < e), None)
        label = f"NEGATIVE ({negative})" if negative is not None else "EXTRA"
        score.log.append(f"{article.id[:12]} {label} {p.kind} {p.text!r} = {p.value}")
    quotes = [p for p in predicted if p.kind == "quote"]
    taken: set[int] = set()
    for quote in article.quotes:
        score.quotes += 1
        at = quote["_start"]
        hit = None
        if at is not None:
            hit = next(
                (
                    (i, p) for i, p in enumerate(quotes)
                    if i not in taken
                    and (abs(p.start - at) <= _QUOTE_SLACK or p.start <= at < p.start + 12)
                ),
                None,
            )  # fmt: skip
        if hit is None:
            score.log.append(f"{article.id[:12]} MISS quote {quote['start'][:50]!r}")
            continue
        i, p = hit
        taken.add(i)
        score.quotes_found += 1
        speaker = quote.get("speaker")
        if speaker is not None:
            score.quotes_spoken += 1
            if same_source(speaker, p.source):
                score.speaker_right += 1
        if p.source is not None and not same_source(speaker, p.source):
            score.speaker_wrong += 1
        if not same_source(speaker, p.source):
            score.log.append(
                f"{article.id[:12]} SPEAKER {p.text[:40]!r} want {speaker!r} got {p.source!r}"
            )
    score.extra_quotes += len(quotes) - len(taken)


Extractor = Callable[[list[LabelledArticle]], dict[str, list[Predicted]]]


def parser_extractor(catalog_path: Path | None = None) -> Extractor:
    """The project's extractor (tasks/facts), as the scorer calls it."""

    def run(articles: list[LabelledArticle]) -> dict[str, list[Predicted]]:
        from tasks.facts.entities import load_entity_catalog
        from tasks.facts.extract import ArticleInput, FactExtractor

        extractor = FactExtractor(load_entity_catalog(catalog_path))
        found = extractor.extract_many([ArticleInput(a.body, a.published_at) for a in articles])
        return {
            a.id: [
                Predicted(
                    f.kind,
                    f.start_char,
                    f.end_char,
                    f.value,
                    f.source,
                    f.subject_key,
                    f.predicate_lemma,
                    f.text,
                )
                for f in result.facts
            ]
            for a, result in zip(articles, found, strict=True)
        }

    return run


def predictions_extractor(path: Path) -> Extractor:
    """Facts another extractor wrote to a JSON Lines file, scored as if extracted here."""
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    by_id = {x["id"]: x.get("facts", []) for x in lines}

    def run(articles: list[LabelledArticle]) -> dict[str, list[Predicted]]:
        out = {}
        for a in articles:
            facts = []
            for f in by_id.get(a.id, []):
                if "start_char" in f:
                    start, end = f["start_char"], f["end_char"]
                else:
                    where = _locate(a.body, f.get("sentence"), f["text"])
                    if where is None:
                        continue
                    start, end = where
                value = f.get("value")
                facts.append(
                    Predicted(
                        f["kind"],
                        start,
                        end,
                        float(value) if value is not None else None,
                        f.get("source"),
                        f.get("subject"),
                        f.get("predicate_lemma", f.get("predicate")),
                        f.get("text", a.body[start:end]),
                    )
                )
            out[a.id] = facts
        return out

    return run


def evaluate_set(name: str, articles: list[LabelledArticle], extractor: Extractor) -> SetScore:
    score = SetScore(name)
    predicted = extractor(articles)
    for article in articles:
        score_article(article, predicted.get(article.id, []), score)
    return score


def present_sets(sets: dict[str, Path] | None = None) -> dict[str, Path]:
    """The labelled sets on disk (a folder with at least one label file)."""
    sets = sets or DEFAULT_SETS
    return {name: path for name, path in sets.items() if path.is_dir() and any(path.glob("*.json"))}


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def below_floor(score: SetScore, floors: dict[str, float]) -> list[str]:
    """Metrics under their stored floor (wrong_speaker: over its ceiling)."""
    failed = []
    for metric, floor in floors.items():
        value = score.metrics()[metric]
        if metric == "wrong_speaker" and value > floor + 1e-9:
            failed.append(f"{score.name}.{metric} {value:.3f} > {floor:.3f}")
        elif metric != "wrong_speaker" and value < floor - 1e-9:
            failed.append(f"{score.name}.{metric} {value:.3f} < {floor:.3f}")
    return failed


def report(score: SetScore) -> str:
    lines = [f"== {score.name}: {score.articles} article(s)"]
    lines.append(f"  {'kind':<9} {'recall':>7} {'precision':>9} tp   fp   fn  wrong-kind")
    for kind, s in [*score.kinds.items(), ("numeric", score.numeric())]:
        lines.append(
            f"  {kind:<9} {s.recall:7.3f} {s.precision:7.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}  "
            f"{s.wrong_kind:4d}"
        )
    m = score.metrics()
    matched = score.attributed
    lines += [
        f"  headline counts recall  {m['headline_count_recall']:.3f} "
        f"({score.headline_found}/{score.headline})",
        f"  attribution accuracy    {m['attribution']:.3f} ({score.attribution_right}/{matched})",
        f"  subject agreement       {_ratio(score.subject_right, matched):.3f}",
        f"  predicate agreement     {_ratio(score.predicate_right, matched):.3f}",
        f"  quotes found            {m['quotes_found']:.3f} ({score.quotes_found}/{score.quotes}), "
        f"{score.extra_quotes} unlabelled",
        f"  right speaker           {m['right_speaker']:.3f} "
        f"({score.speaker_right}/{score.quotes_spoken} with a labelled speaker)",
        f"  wrong speaker           {m['wrong_speaker']:.3f} "
        f"({score.speaker_wrong}/{score.quotes_found} found)",
    ]
    return "\n".join(lines)


def run(
    sets: dict[str, Path],
    extractor: Extractor,
    *,
    floors: dict[str, dict[str, float]] | None = None,
    verbose: bool = False,
    out: Callable[[str], None] = print,
) -> tuple[dict[str, SetScore], list[str]]:
    """Score every set separately; return the scores and the floors they fall below."""
    floors = load_floors() if floors is None else floors
    scores, failed = {}, []
    for name, path in sets.items():
        score = evaluate_set(name, load_set(path), extractor)
        scores[name] = score
        out(report(score))
        if verbose:
            out("\n".join(f"    {line}" for line in score.log))
        if name in floors:
            failed += below_floor(score, floors[name])
        else:
            out(f"  (no stored floor for {name}: reported, not gated)")
    return scores, failed


def write_floors(
    scores: Iterable[SetScore], path: Path = FLOORS_FILE, margin: float = 0.02
) -> None:
    """Store floors a little under the measured scores. Raising a floor is a deliberate edit,
    so this only writes sets that have none yet; change an existing one by hand."""
    floors = load_floors(path)
    for score in scores:
        if score.name in floors:
            continue
        floors[score.name] = {
            k: round(min(v + margin, 1.0) if k == "wrong_speaker" else max(v - margin, 0.0), 3)
            for k, v in score.metrics().items()
        }
    path.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="newsfacts eval-facts", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a labelled set (repeatable)",
    )
    parser.add_argument("--predictions", type=Path, help="score this JSONL of facts instead")
    parser.add_argument("--catalog", type=Path, help="entity catalogue TOML")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false fact")
    parser.add_argument(
        "--write-floors", action="store_true", help="store floors for sets without one"
    )
    args = parser.parse_args(argv)
    sets = dict(item.split("=", 1) for item in args.set) if args.set else None
    chosen = present_sets({k: Path(v) for k, v in sets.items()} if sets else None)
    if not chosen:
        print("no labelled sets found", file=sys.stderr)
        return 2
    extractor = (
        predictions_extractor(args.predictions)
        if args.predictions
        else parser_extractor(args.catalog)
    )
    scores, failed = run(chosen, extractor, verbose=args.verbose)
    if args.write_floors:
        write_floors(scores.values())
    if failed and not args.predictions:
        print("\nFAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
