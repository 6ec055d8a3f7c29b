"""Story clusters: reports about the same event, grouped as they arrive.

A report is a weighted bag of terms: content words (stop words and bare numbers dropped, plurals
folded) and the names it mentions (runs of capitalised words, "kim jong un"), weighted 1 + log(tf)
and by inverse document frequency over the independent reports seen so far, so that what every
report on the subject says ("north korea", "troops") counts for little and what one event's
reports share ("coffin", "lyubimova"; "engineer", "regiment") counts for much. A story keeps the
sum of its reports' vectors. A new report joins the story whose vector is most similar to its own
(cosine) if that reaches the threshold and the story has a report published within the date
window of it; otherwise it opens a story of its own. Being published close to a story's reports
raises the score a little: two angles on one ceremony a day apart share fewer words than two
ceremonies months apart, and only the dates tell them apart. Syndicated copies follow their
original into its story and add nothing to its vector or to the term counts, so a wire report
copied a hundred times weighs as one report.

Assignment is greedy and incremental: a report is never moved once placed, and the state needed
to place the next one (story vectors, term counts) is what the caller stores.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from config.cluster_settings import ClusterSettings
from tasks import dates

# Bump when term extraction or scoring changes, so stored story state is rebuilt, not mixed.
ALGORITHM_VERSION = "stories/1"

_PIECE = re.compile(r"[^\W_]+")  # a word between spaces, hyphens and apostrophes
_CAPITAL = "A-ZÀ-ÖØ-ÞА-ЯЁ"  # scripts whose capitals mark names
_NAME_WORD = rf"[{_CAPITAL}][\w'’-]*"
_NAME_RUN = re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)

_STOPWORD_LIST = """
    a about above according across after afterwards again against ago all almost alone along
    already also although always am among amongst an and another any anyone anything are around
    as at back be became because become becomes been before being below beside besides between
    beyond both but by can cannot could did do does doing done down during each either else
    enough even ever every few for former formerly from further had has have having he her here
    hers herself him himself his how however i if in including into is it its itself just last
    least less like many may me meanwhile might more most mostly much must my myself neither
    never nevertheless next no nobody none nor not nothing now of off often on once one only onto
    or other others otherwise our ours ourselves out over own per perhaps rather same several she
    should since so some somehow something sometime sometimes still such than that the their
    theirs them themselves then there thereby therefore these they this those though through
    throughout thus to together too toward towards under until up upon us very via was we well
    were what whatever when whenever where whereas whether which while who whoever whole whom
    whose why will with within without would yet you your yours yourself yourselves
    mr mrs ms dr said says say saying told tell tells according reported reports report reporting
    reporter news new year years month months week weeks day days today yesterday tomorrow time
    times first second third two three four five six seven eight nine ten hundred thousand
    million billion percent earlier later recent recently early late ago including added asked
    am pm gmt utc est edt kst photo photos image images video caption getty reuters ap afp
"""
# Month and weekday names say when, never what: the date grammar's calendar words are stopwords.
STOPWORDS = frozenset(_STOPWORD_LIST.split()) | frozenset([*dates.MONTHS, *dates.WEEKDAY_NAMES])


def _stem(word: str) -> str:
    """Plural folding only: enough to make "coffin"/"coffins" one term, predictable to read."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=500_000)
def _term(piece: str) -> str | None:
    """A folded word as a term, or None: it needs a letter, enough length, and no stop word."""
    if piece in STOPWORDS or not any(c.isalpha() for c in piece):
        return None
    if len(piece) >= 3 or (len(piece) == 2 and not piece.isascii()):
        return _stem(piece)
    return None


def term_counts(body: str, title: str | None = None) -> Counter[str]:
    """Content words and names of a report; the headline's words count once more."""
    text = unicodedata.normalize("NFKC", body)
    counts = Counter(_words(text))
    counts.update(_names(text))
    if title:
        # Headlines are often in title case, where capitals do not mark names.
        counts.update(_words(unicodedata.normalize("NFKC", title)))
    return counts


def _words(text: str) -> list[str]:
    return [t for piece in _PIECE.findall(text.casefold()) if (t := _term(piece)) is not None]


def _names(text: str) -> list[str]:
    """A run of two or more capitalised words is a name, one more term: "kim jong un".

    Leading capitalised stop words are not part of it ("The North Korean" -> "north korean").
    """
    found = []
    for match in _NAME_RUN.finditer(text):
        tokens = match.group().split()
        while tokens and tokens[0].casefold() in STOPWORDS:
            tokens.pop(0)
        if len(tokens) >= 2:
            words = (_POSSESSIVE.sub("", token).casefold() for token in tokens)
            found.append(" ".join(p for word in words for p in _PIECE.findall(word)))
    return found


def weights(counts: Mapping[str, int]) -> dict[str, float]:
    """Sublinear term frequency, so a name repeated ten times is not ten times the evidence."""
    return {term: 1.0 + math.log(n) for term, n in counts.items() if n > 0}


@dataclass(frozen=True, slots=True)
class Report:
    """A report to place. `seen` orders and dates it; `published` is only set when known."""

    article_id: str
    terms: Mapping[str, float]  # weights(term_counts(...))
    seen: datetime
    published: datetime | None


@dataclass(slots=True)
class Story:
    """A story as stored: its term vector and the span of its articles."""

    story_id: str  # the article_id of the report that opened it
    terms: dict[str, float]
    reports: int  # independent reports (copies not counted)
    articles: int  # every member, copies included
    first_seen: datetime
    last_seen: datetime
    first_published: datetime | None = None
    last_published: datetime | None = None

    def gap(self, published: datetime | None) -> timedelta | None:
        """How far a publication time lies outside the span of the story's; None if undated."""
        if published is None or self.first_published is None or self.last_published is None:
            return None
        if published < self.first_published:
            return self.first_published - published
        return max(published - self.last_published, timedelta(0))

    def include(self, seen: datetime, published: datetime | None) -> None:
        self.articles += 1
        self.first_seen = min(self.first_seen, seen)
        self.last_seen = max(self.last_seen, seen)
        if published is not None:
            self.first_published = min(self.first_published or published, published)
            self.last_published = max(self.last_published or published, published)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story a report or copy joined.

    `similarity` is the score it joined with: TF-IDF cosine to the story, raised for a report
    published close to the story's (see ClusterSettings.story_date_boost). None for the report
    that opened the story and for a copy, which follows its original.
    """

    article_id: str
    story_id: str
    similarity: float | None
    opened: bool


@dataclass(slots=True)
class _Run:
    """What a run changed, for the caller to store."""

    stories: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)


class StoryIndex:
    """Stories so far, with the term counts their weights depend on; `assign` places a report.

    Call `count` for every new independent report of a run before assigning any, so that all of
    the run's reports are weighed with the same, up-to-date term counts.
    """

    def __init__(self, settings: ClusterSettings) -> None:
        self.threshold = settings.story_threshold
        self.window = timedelta(days=settings.story_window_days)
        self.date_boost = settings.story_date_boost
        self.kept_terms = settings.story_terms
        self.candidate_terms = settings.candidate_terms
        self.candidate_stories = settings.candidate_stories
        self.label_terms = settings.label_terms
        self.stories: dict[str, Story] = {}
        self.document_frequency: dict[str, int] = {}
        self.reports = 0
        self._postings: dict[str, set[str]] = {}
        self._norms: dict[str, float] = {}
        self._idf: dict[str, float] = {}
        self._of_article: dict[str, str] = {}
        self._changed = _Run()

    def restore(
        self,
        stories: Iterable[Story],
        document_frequency: Mapping[str, int],
        reports: int,
        members: Mapping[str, str] | None = None,
    ) -> None:
        """Put back stored state. `members` maps article ids to stories for copies to follow."""
        self.document_frequency = dict(document_frequency)
        self.reports = reports
        self._norms.clear()
        self._idf.clear()
        for story in stories:
            self.stories[story.story_id] = story
            for term in story.terms:
                self._postings.setdefault(term, set()).add(story.story_id)
        self._of_article.update(members or {})

    def count(self, report: Report) -> None:
        """Add a report to the term counts that weights are computed from."""
        self.reports += 1
        for term in report.terms:
            self.document_frequency[term] = self.document_frequency.get(term, 0) + 1
            self._changed.terms.add(term)
        self._norms.clear()
        self._idf.clear()

    def idf(self, term: str) -> float:
        """Smoothed: a term in every report still weighs a little, an unseen one the most."""
        value = self._idf.get(term)
        if value is None:
            frequency = self.document_frequency.get(term, 0)
            value = math.log((self.reports + 1) / (frequency + 1)) + 1.0
            self._idf[term] = value
        return value

    def story_of(self, article_id: str) -> str | None:
        return self._of_article.get(article_id)

    def assign(self, report: Report) -> Assignment:
        """Join the most similar story at or above the threshold, or open one.

        A story whose reports were all published more than the window away from this one is
        not considered; one published close to it is favoured.
        """
        if report.article_id in self._of_article:
            raise ValueError(f"article {report.article_id} already belongs to a story")
        idf = self.idf
        vector = {term: w * idf(term) for term, w in report.terms.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        squared = {term: v * idf(term) for term, v in vector.items()}  # idf applied twice
        best: tuple[float, str] | None = None
        for story_id, gap in self._candidates(vector, report.published) if norm > 0 else []:
            score = self._cosine(squared, norm, self.stories[story_id])
            if gap is not None:
                score *= 1 + self.date_boost * (1 - gap / self.window)
            if score < self.threshold or (best is not None and best[0] > score):
                continue
            if best is None or score > best[0] or story_id < best[1]:
                best = (score, story_id)  # a tie goes to the lower id: stable
        if best is None:
            story = Story(
                story_id=report.article_id,
                terms={},
                reports=0,
                articles=0,
                first_seen=report.seen,
                last_seen=report.seen,
            )
            self.stories[story.story_id] = story
            assignment = Assignment(report.article_id, story.story_id, None, opened=True)
        else:
            story = self.stories[best[1]]
            assignment = Assignment(report.article_id, story.story_id, round(best[0], 4), False)
        story.include(report.seen, report.published)
        story.reports += 1
        self._absorb(story, report.terms)
        self._of_article[report.article_id] = story.story_id
        self._changed.stories.add(story.story_id)
        return assignment

    def follow(
        self, article_id: str, original: str, seen: datetime, published: datetime | None
    ) -> Assignment:
        """A syndicated copy joins its original's story and changes nothing else about it."""
        story_id = self._of_article[original]
        self.stories[story_id].include(seen, published)
        self._of_article[article_id] = story_id
        self._changed.stories.add(story_id)
        return Assignment(article_id, story_id, None, opened=False)

    def changed_stories(self) -> list[Story]:
        return [self.stories[s] for s in sorted(self._changed.stories)]

    def changed_terms(self) -> dict[str, int]:
        return {t: self.document_frequency[t] for t in sorted(self._changed.terms)}

    def top_terms(self, story: Story, n: int | None = None) -> list[str]:
        """The terms that set the story apart: its weight times how rare the term is elsewhere.

        A term every report uses ranks last however often this story uses it; ties go by term,
        so labels are stable.
        """
        n_reports = self.reports + 1
        ranked = sorted(
            story.terms.items(),
            key=lambda kv: (
                -kv[1] * math.log(n_reports / (self.document_frequency.get(kv[0], 0) + 1)),
                kv[0],
            ),
        )
        return [term for term, _ in ranked[: n or self.label_terms]]

    def _kept(self, story: Story) -> list[str]:
        """The terms worth keeping in the story's vector: highest TF-IDF weight first."""
        ranked = sorted(story.terms.items(), key=lambda kv: (-kv[1] * self.idf(kv[0]), kv[0]))
        return [term for term, _ in ranked[: self.kept_terms]]

    def label(self, story: Story, titles: Sequence[str]) -> str:
        """The headline that best names the story's top terms; its top terms if none does.

        `titles` are its articles' headlines, oldest first: the oldest wins a tie.
        """
        top = {t: w * self.idf(t) for t, w in story.terms.items()}
        best: tuple[float, str] | None = None
        for title in titles:
            terms = set(term_counts("", title))
            if not terms:
                continue
            score = sum(top.get(t, 0.0) for t in terms) / math.sqrt(len(terms))
            if score > 0 and (best is None or score > best[0]):
                best = (score, title)
        return best[1] if best else ", ".join(self.top_terms(story))

    def _candidates(
        self, vector: Mapping[str, float], published: datetime | None
    ) -> list[tuple[str, timedelta | None]]:
        """Stories in the date window that share the report's most telling terms, most shared
        weight first, with how far they are in time: only these are scored, so placing a report
        costs about the same however many stories there are."""
        ranked = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[: self.candidate_terms]
        shared: dict[str, float] = {}
        for term, weight in ranked:
            for story_id in self._postings.get(term, ()):
                shared[story_id] = shared.get(story_id, 0.0) + weight
        found: list[tuple[str, timedelta | None]] = []
        for story_id, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
            gap = self.stories[story_id].gap(published)
            if gap is None or gap <= self.window:
                found.append((story_id, gap))
                if len(found) == self.candidate_stories:
                    break
        return found

    def _cosine(self, vector: Mapping[str, float], norm: float, story: Story) -> float:
        """`vector` is already weighted by idf once; the story's weights get it here."""
        terms = story.terms
        if len(terms) < len(vector):
            dot = sum(w * vector[t] for t, w in terms.items() if t in vector)
        else:
            dot = sum(v * terms[t] for t, v in vector.items() if t in terms)
        if dot == 0:
            return 0.0
        return dot / (norm * self._norm(story))

    def _norm(self, story: Story) -> float:
        cached = self._norms.get(story.story_id)
        if cached is None:
            cached = math.sqrt(sum((w * self.idf(t)) ** 2 for t, w in story.terms.items()))
            self._norms[story.story_id] = cached
        return cached

    def _absorb(self, story: Story, terms: Mapping[str, float]) -> None:
        """Add a report's weights to the story's; keep only its `kept_terms` best terms."""
        for term, w in terms.items():
            story.terms[term] = story.terms.get(term, 0.0) + w
        if len(story.terms) > self.kept_terms:
            keep = self._kept(story)
            dropped = set(story.terms) - set(keep)
            story.terms = {t: story.terms[t] for t in keep}
            for term in dropped:
                postings = self._postings.get(term)
                if postings is not None:
                    postings.discard(story.story_id)
        for term in story.terms:
            self._postings.setdefault(term, set()).add(story.story_id)
        self._norms.pop(story.story_id, None)
