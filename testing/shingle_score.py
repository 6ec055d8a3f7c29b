"""How close an extracted article body is to a hand-checked one, as the Zyte/ScrapingHub
article-extraction benchmark scores it.

Texts are compared as multisets of word 4-grams ("shingles"), so a dropped or added paragraph
costs in proportion to its length while punctuation, whitespace and line breaks cost nothing.
Each page's counts are normalised to sum to 1 before averaging, so a 7,000-word feature weighs
no more than a 70-word brief. Precision is averaged only over pages where something was
predicted; recall over every page. F1 comes from the two averages, not from per-page F1s.
This follows the benchmark's README and its `evaluate.py` (scrapinghub/article-extraction-
benchmark), edge cases included, so our numbers compare with the published ones.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]


def tokens(text: str | None) -> list[str]:
    """Runs of word characters, case kept: punctuation and spacing never count."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Every window of `size` consecutive tokens, counted; a shorter text is one short shingle."""
    words = tokens(text)
    if not words:
        return Counter()
    return Counter(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's shingle counts as shares of TP+FP+FN (all zero only if both texts are empty)."""

    true_positive: float
    false_positive: float
    false_negative: float
    exact: bool  # the prediction's token sequence equals the ground truth's

    @property
    def predicted(self) -> bool:
        """Whether the prediction had any shingles: only then does the page count for precision."""
        return self.true_positive + self.false_positive > 0

    @property
    def expected(self) -> bool:
        return self.true_positive + self.false_negative > 0

    @property
    def precision(self) -> float:
        if self.false_positive == self.false_negative == 0:
            return 1.0
        if not self.predicted:
            return 0.0
        return self.true_positive / (self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        if self.false_positive == self.false_negative == 0:
            return 1.0
        if not self.expected:
            return 0.0
        return self.true_positive / (self.true_positive + self.false_negative)


def score_page(truth: str, prediction: str | None, size: int = SHINGLE_SIZE) -> PageScore:
    """Shingles both texts share (each counted as often as both have it), and the leftovers."""
    true_counts = shingles(truth, size)
    predicted_counts = shingles(prediction, size)
    true_positive = sum((true_counts & predicted_counts).values())
    false_positive = sum((predicted_counts - true_counts).values())
    false_negative = sum((true_counts - predicted_counts).values())
    total = true_positive + false_positive + false_negative
    scale = 1 / total if total else 0.0
    return PageScore(
        true_positive=true_positive * scale,
        false_positive=false_positive * scale,
        false_negative=false_negative * scale,
        exact=tokens(truth) == tokens(prediction),
    )


@dataclass(frozen=True, slots=True)
class Scores:
    """Macro-averaged scores over a set of pages."""

    precision: float
    recall: float
    f1: float
    accuracy: float


def aggregate(pages: Sequence[PageScore]) -> Scores:
    """Macro averages; pages with an empty prediction count for recall (as 0) but not precision."""
    if not pages:
        raise ValueError("no pages to score")
    precisions = [page.precision for page in pages if page.predicted]
    recalls = [page.recall for page in pages if page.expected]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(page.exact for page in pages) / len(pages)
    return Scores(precision=precision, recall=recall, f1=f1, accuracy=accuracy)


@dataclass(frozen=True, slots=True)
class Spread:
    """Bootstrap standard deviations of two extractors' scores and of their difference."""

    first: Scores
    second: Scores
    first_minus_second: Scores


def bootstrap_spread(
    first: Sequence[PageScore],
    second: Sequence[PageScore],
    *,
    resamples: int = 1000,
    seed: int = 0,
) -> Spread:
    """How much each score would move on another sample of pages like these.

    Both extractors are scored on the same resampled pages (a paired bootstrap), so the spread
    of the difference says whether one really beats the other rather than got easier pages.
    """
    if len(first) != len(second):
        raise ValueError("both extractors must be scored on the same pages")
    if resamples < 2:
        raise ValueError("a spread needs at least two resamples")
    rng = random.Random(seed)
    count = len(first)
    first_samples: list[Scores] = []
    second_samples: list[Scores] = []
    for _ in range(resamples):
        picks = [rng.randrange(count) for _ in range(count)]
        first_samples.append(aggregate([first[pick] for pick in picks]))
        second_samples.append(aggregate([second[pick] for pick in picks]))
    differences = [
        _minus(mine, theirs) for mine, theirs in zip(first_samples, second_samples, strict=True)
    ]
    return Spread(
        first=_spread(first_samples),
        second=_spread(second_samples),
        first_minus_second=_spread(differences),
    )


def _minus(left: Scores, right: Scores) -> Scores:
    return Scores(
        precision=left.precision - right.precision,
        recall=left.recall - right.recall,
        f1=left.f1 - right.f1,
        accuracy=left.accuracy - right.accuracy,
    )


def _spread(values: Sequence[Scores]) -> Scores:
    def sd(name: str) -> float:
        return statistics.stdev(getattr(value, name) for value in values)

    return Scores(
        precision=sd("precision"), recall=sd("recall"), f1=sd("f1"), accuracy=sd("accuracy")
    )


@dataclass(frozen=True, slots=True)
class Interval:
    """A paired-bootstrap percentile interval of one score difference (first minus second)."""

    difference: float  # on the pages as given
    low: float
    high: float

    @property
    def above_zero(self) -> bool:
        return self.low > 0


def bootstrap_f1_interval(
    first: Sequence[PageScore],
    second: Sequence[PageScore],
    *,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> Interval:
    """The F1 difference first − second and its percentile interval over paired resamples.

    A lead whose interval includes zero is not a lead: another sample of pages like these could
    reverse it. Both extractors are scored on the same resampled pages.
    """
    if len(first) != len(second):
        raise ValueError("both extractors must be scored on the same pages")
    if resamples < 2:
        raise ValueError("an interval needs at least two resamples")
    rng = random.Random(seed)
    count = len(first)
    differences = []
    for _ in range(resamples):
        picks = [rng.randrange(count) for _ in range(count)]
        mine = aggregate([first[pick] for pick in picks]).f1
        theirs = aggregate([second[pick] for pick in picks]).f1
        differences.append(mine - theirs)
    differences.sort()
    tail = (1 - level) / 2
    low = differences[int(tail * (resamples - 1))]
    high = differences[round((1 - tail) * (resamples - 1))]
    return Interval(difference=aggregate(first).f1 - aggregate(second).f1, low=low, high=high)
