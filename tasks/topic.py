"""Is an article about the story? Weighted phrases, required concepts, a minimum score.

Deliberately transparent: a person reading a skipped article's score can see which phrases
matched and which required concept was missing, and tune the config accordingly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from config.fetch_settings import TopicSettings

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2011": "-"})


@dataclass(frozen=True, slots=True)
class TopicScore:
    """The verdict on one article, with the evidence."""

    score: float
    passed: bool
    hits: dict[str, int]  # phrase -> mentions counted (body and title together, before capping)
    missing: tuple[tuple[str, ...], ...] = ()  # required groups with no phrase mentioned

    @property
    def reason(self) -> str:
        """Why an article was skipped, in words; empty when it passed."""
        if self.passed:
            return ""
        if self.missing:
            groups = "; ".join(" / ".join(group) for group in self.missing)
            return f"off-topic: mentions none of {groups}"
        return f"off-topic: score {self.score:g} below minimum"


class TopicMatcher:
    """Compiled once from settings, then scores any number of articles."""

    def __init__(self, settings: TopicSettings) -> None:
        self.settings = settings
        phrases = set(settings.terms)
        for group in settings.required:
            phrases.update(group)
        self._patterns = {phrase: compile_phrase(phrase) for phrase in sorted(phrases)}

    def score(self, text: str, title: str | None = None) -> TopicScore:
        """Score `text` (and its title, which weighs more): each mention of a term adds its
        weight, up to max_hits_per_term mentions; title mentions add title_weight times more.
        """
        settings = self.settings
        if not settings.active:
            return TopicScore(score=0.0, passed=True, hits={})
        body = normalise_for_matching(text)
        heading = normalise_for_matching(title or "")
        body_counts = {p: len(rx.findall(body)) for p, rx in self._patterns.items()}
        title_counts = {
            p: len(rx.findall(heading)) if heading else 0 for p, rx in self._patterns.items()
        }
        total = 0.0
        cap = settings.max_hits_per_term
        for phrase, weight in settings.terms.items():
            in_body = min(body_counts[phrase], cap)
            in_title = min(title_counts[phrase], cap)
            total += weight * (in_body + in_title * (1 + settings.title_weight))
        hits = {
            p: body_counts[p] + title_counts[p]
            for p in self._patterns
            if body_counts[p] + title_counts[p]
        }
        missing = tuple(group for group in settings.required if not any(hits.get(p) for p in group))
        passed = not missing and total >= settings.min_score
        return TopicScore(score=round(total, 3), passed=passed, hits=hits, missing=missing)


def score_topic(text: str, settings: TopicSettings, title: str | None = None) -> TopicScore:
    """One-off scoring; build a TopicMatcher when scoring many articles."""
    return TopicMatcher(settings).score(text, title)


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole-word, case-insensitive pattern.

    Words may be separated by any whitespace or a hyphen ('Kim Jong Un' matches 'Kim Jong-un');
    a trailing '*' lets the last word go on ('Korea*' matches 'Koreans'); a possessive "'s"
    after a phrase still matches.
    """
    text = normalise_for_matching(phrase.strip())
    wildcard = text.endswith("*")
    words = re.split(r"[\s\-]+", text.rstrip("*").strip())
    body = r"[\s\-]+".join(re.escape(word) for word in words if word)
    tail = r"\w*" if wildcard else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)")


def normalise_for_matching(text: str) -> str:
    """Case-folded NFKC text with typographic apostrophes and hyphens made plain."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
