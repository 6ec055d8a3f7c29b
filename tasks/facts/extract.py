"""Article bodies in, their counts, amounts, measures, percentages, quotes, dates and entities out.

Only sentences that can hold a fact are parsed (a number phrase, a quotation with words outside
its marks, and reporting or context sentences where a nearby "he"/"she" needs them), with spaCy's
nlp.pipe in batches over every article of a batch at once; identical sentences are parsed once.
Deterministic: the same body, published date, vocabulary and catalogue always give the same facts
(in body order), so fact ids are stable and re-running never duplicates a row.

A body the parser cannot serve (another language, no letters, longer than MAX_WORDS) gets no
facts and a reason in `ExtractedFacts.skipped`; a sentence longer than MAX_SENTENCE_WORDS (a
table or list run together) is not parsed and is counted in `sentences_skipped`.
"""

from __future__ import annotations

import itertools
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy

from tasks.extract.language import detect_language
from tasks.facts import grammar
from tasks.facts.dates import find_dates
from tasks.facts.entities import EntityCatalog
from tasks.facts.model import load_nlp, tag_to_pos
from tasks.facts.quantities import Quantity, QuantityFinder
from tasks.facts.quote_marks import QuoteSpan, find_quotes, inside
from tasks.facts.quotes import QuoteSpeakers, context_sentences
from tasks.facts.records import ExtractedFacts, Fact, Mention
from tasks.facts.sentences import Sentence, split_sentences
from tasks.facts.version import extractor_id
from tasks.facts.vocabulary import Vocabulary, load_vocabulary

MAX_WORDS = 20_000
MAX_SENTENCE_WORDS = 150
BATCH_SIZE = 128
# Components not run in the first pass (tasks/facts/extract.py FactExtractor._parse).
_LATER = ("attribute_ruler", "lemmatizer", "ner")
_LETTER = re.compile(r"[A-Za-z]")
_CANDIDATE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen"
    r"|dozens|hundreds|thousands|millions|third|thirds|quarters|half)\b",
    re.IGNORECASE,
)
_ENTITY_LABELS = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}  # fmt: skip
_SLUG = re.compile(r"[^a-z0-9]+")
_ACCORDING = re.compile(r"\baccording\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    body: str
    published_at: datetime | None = None


class FactExtractor:
    """The parser and vocabulary, loaded once; extract() many articles with it."""

    def __init__(
        self,
        catalog: EntityCatalog,
        vocabulary: Vocabulary | None = None,
        nlp: Any | None = None,
        *,
        check_language: bool = True,
    ) -> None:
        self.catalog = catalog
        self.vocabulary = vocabulary or load_vocabulary()
        self.nlp = nlp or load_nlp()
        self.finder = QuantityFinder(self.vocabulary)
        forms = "|".join(re.escape(f) for f in self.vocabulary.reporting.forms)
        self._reports = re.compile(rf"\b(?:{forms})\b")
        strings = self.nlp.vocab.strings
        table = {strings.add(tag): strings.add(pos) for tag, pos in tag_to_pos(self.nlp).items()}
        # fine tag -> POS as a sorted lookup (numpy.searchsorted), a tag outside it -> X
        self._tag_keys = numpy.array(sorted(table), dtype=numpy.uint64)
        self._tag_pos = numpy.array(
            [table[k] for k in sorted(table)] + [strings.add("X")], dtype=numpy.uint64
        )
        self._ner = self.nlp.get_pipe("ner")
        grammar.use_lemmatizer(self.nlp.get_pipe("lemmatizer"))
        self.extractor = extractor_id(catalog, self.vocabulary)
        self.check_language = check_language
        self._lock = threading.Lock()

    def extract(self, body: str, published_at: datetime | None = None) -> ExtractedFacts:
        return self.extract_many([ArticleInput(body, published_at)])[0]

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[ExtractedFacts]:
        """Every article's facts; sentences of all of them parsed in one nlp.pipe stream."""
        plans = [self._plan(a) for a in articles]
        texts: dict[str, None] = {}
        for plan in plans:
            if isinstance(plan, _Plan):
                for sentence in plan.candidates:
                    texts.setdefault(sentence.text)
        with self._lock:  # one pipeline object; threads of a task runner take turns
            parsed, recognised = self._parse(list(texts), plans)
            docs = dict(zip(texts, parsed, strict=True))
            named = self._full_forms(plans, docs, recognised)
        results = []
        for article, plan in zip(articles, plans, strict=True):
            if isinstance(plan, str):
                results.append(ExtractedFacts(self.extractor, skipped=plan))
            else:
                results.append(self._facts(article, plan, docs, named))
        return results

    def _full_forms(
        self, plans: list[_Plan | str], docs: dict[str, Any], recognised: set[str]
    ) -> dict[str, Any]:
        """The entity recogniser alone (no parse) over the sentences it has not read that hold
        a one-word name it found ("McCormick"), so the article's full form of that name
        ("Jennifer McCormick") is known wherever the article gives it."""
        texts: dict[str, None] = {}
        for plan in plans:
            if not isinstance(plan, _Plan):
                continue
            short: set[str] = set()
            for sentence in plan.candidates:
                for ent in docs[sentence.text].ents:
                    words = [w for w in ent.text.split() if not grammar.is_title(w)]
                    if ent.label_ == "PERSON" and len(words) == 1:
                        short.add(words[0].removesuffix("’s").removesuffix("'s"))
            if not short:
                continue
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(short))) + r")\b")
            for sentence in plan.sentences:
                if (
                    sentence.text not in recognised
                    and len(sentence.text.split()) <= MAX_SENTENCE_WORDS
                    and pattern.search(sentence.text)
                ):
                    texts.setdefault(sentence.text)
        made = [self.nlp.make_doc(text) for text in texts]
        return dict(zip(texts, self._ner.pipe(made, batch_size=BATCH_SIZE), strict=True))

    def _parse(self, texts: list[str], plans: list[_Plan | str]) -> tuple[list[Any], set[str]]:
        """Tagger and parser over every candidate sentence; POS from the model's tag table and
        lemmas on demand (grammar.lemma); the entity recogniser only over sentences that
        quote or report someone and hold a proper noun or capitalised word, where names decide
        speakers and sources (their texts are returned beside the docs)."""
        # spaCy imported where it parses: a run with nothing to extract never loads it.
        from spacy.attrs import POS, TAG
        from spacy.symbols import PROPN, VERB

        docs = list(self.nlp.pipe(texts, batch_size=BATCH_SIZE, disable=_LATER))
        quoting = {text for plan in plans if isinstance(plan, _Plan) for text in plan.named}
        verbs = self.vocabulary.reporting.verbs | self.vocabulary.reporting.speech_verbs
        named, named_texts = [], set()
        for text, doc in zip(texts, docs, strict=True):  # text is doc.text (spaCy keeps it)
            tags = doc.to_array(TAG)
            pos = self._pos_of(tags)
            doc.from_array([TAG, POS], numpy.stack([tags, pos], axis=1))
            if (
                text in quoting
                or _ACCORDING.search(text)
                or any(grammar.lemma(doc[i]) in verbs for i in numpy.flatnonzero(pos == VERB))
            ) and (bool((pos == PROPN).any()) or _capitalised_inside(doc)):
                named.append(doc)
                named_texts.add(text)
            else:  # read for names and holding none: every token outside an entity
                doc.ents = []
        for _ in self._ner.pipe(named, batch_size=BATCH_SIZE):
            pass
        return docs, named_texts

    def _pos_of(self, tags: Any) -> Any:
        """The universal POS of each fine tag (the model's attribute_ruler table)."""
        at = numpy.searchsorted(self._tag_keys, tags)
        known = at < len(self._tag_keys)
        known[known] = self._tag_keys[at[known]] == tags[known]
        at[~known] = len(self._tag_keys)
        return self._tag_pos[at]

    def _plan(self, article: ArticleInput) -> _Plan | str:
        body = article.body
        if not _LETTER.search(body):
            return "no text: no letters to parse"
        words = len(body.split())
        if words > MAX_WORDS:
            return f"too long: {words} words (the parser takes up to {MAX_WORDS})"
        if self.check_language:
            language = detect_language(body)
            if language is not None and language != "en":
                return f"language: {language} (the parser is English)"
        paragraphs, sentences = split_sentences(body)
        quotes = find_quotes(body, paragraphs)
        bounds = sorted({q.open_at for q in quotes} | {q.close_at for q in quotes})
        candidates, skipped = [], 0
        quantities: dict[int, list[Quantity]] = {}
        named: set[str] = set()
        context = context_sentences(sentences, quotes)
        # “Can we go home now?” Sanborn said. -- the splitter cut the frame off after ?”: the
        # sentence right after one that ends closing a quotation, in its paragraph
        closes = {q.close_at for q in quotes}
        tails = {
            b.index
            for a, b in itertools.pairwise(sentences)
            if a.paragraph == b.paragraph and a.end - 1 in closes
        }
        # a sentence that only reports (no figure, no quotation near it) matters only for who
        # "he" or "she" is: it is parsed when a parsed sentence of its paragraph or the next
        # one has such a pronoun
        pronoun_paragraphs: set[int] = set()
        context_only: list[Sentence] = []
        for sentence in sentences:
            if len(sentence.text.split()) > MAX_SENTENCE_WORDS:
                skipped += 1
                continue
            at = bisect_left(bounds, sentence.start)  # the first quotation mark from its start
            touches_quote = at < len(bounds) and bounds[at] < sentence.end
            found = self.finder.find(sentence.text) if _CANDIDATE.search(sentence.text) else []
            if found:
                quantities[sentence.start] = found
            has_fact = any(q.rejected is None for q in found)
            near_quote = sentence.index in context or (
                sentence.index in tails and self._reports.search(sentence.text) is not None
            )
            # a quotation's speaker is read from words outside its marks: a sentence that is
            # all quotation (the middle of a long quote) gives none
            framed = touches_quote and _outside_quotes(sentence, quotes)
            # the sentences just before a quotation settle its speaker (who "he" is, a
            # description used again): always parsed
            # the sentences just before a quotation settle its speaker (who "he" is, "the
            # doctor" described before, "X said" cut off by the splitter): always parsed
            if has_fact or framed or near_quote:
                candidates.append(sentence)
                if _PRONOUN.search(sentence.text):
                    pronoun_paragraphs.add(sentence.paragraph)
            elif self._reports.search(sentence.text) is not None:
                context_only.append(sentence)
            if framed or near_quote:
                named.add(sentence.text)
        if context_only and pronoun_paragraphs:
            candidates.extend(
                s
                for s in context_only
                if s.paragraph in pronoun_paragraphs or s.paragraph + 1 in pronoun_paragraphs
            )
            candidates.sort(key=lambda s: s.index)
        if sentences and skipped == len(sentences):
            return f"unparseable: every sentence is over {MAX_SENTENCE_WORDS} words"
        return _Plan(
            sentences, candidates, quotes, skipped, [p.start for p in paragraphs], quantities,
            body, named,
        )  # fmt: skip

    def _facts(
        self, article: ArticleInput, plan: _Plan, docs: dict[str, Any], named: dict[str, Any]
    ) -> ExtractedFacts:
        body = article.body
        parsed = [(s, docs[s.text]) for s in plan.candidates]
        catalog_mentions = self.catalog.find_mentions(body)
        recognised = parsed + [(s, named[s.text]) for s in plan.sentences if s.text in named]
        names = _NameIndex(recognised, plan, catalog_mentions)
        facts: list[Fact] = []
        speakers = QuoteSpeakers(body, plan.quotes, plan.sentences, parsed, names, self.vocabulary)
        for quote, (speaker, sentence_text) in speakers.items():
            facts.append(
                Fact(
                    kind="quote",
                    text=body[quote.start : quote.end],
                    sentence=sentence_text,
                    start_char=quote.start,
                    end_char=quote.end,
                    extractor=self.extractor,
                    source=speaker,
                )
            )
        blocked = [(m.start_char, m.end_char) for m in catalog_mentions]
        for sentence in plan.sentences:
            for d in find_dates(
                sentence.text, published_at=article.published_at, offset=sentence.start,
                blocked=blocked,
            ):  # fmt: skip
                facts.append(
                    Fact(
                        kind="date",
                        text=body[d.start : d.end],
                        sentence=sentence.text,
                        start_char=d.start,
                        end_char=d.end,
                        extractor=self.extractor,
                        date_value=d.value,
                        date_value_max=d.value_max,
                        qualifier=d.qualifier,
                        unit=d.unit,
                    )
                )
        for sentence, doc in parsed:
            for q in plan.quantities.get(sentence.start, []):
                if q.rejected is not None:
                    continue
                roles = grammar.read_quantity(doc, q, self.vocabulary)
                if roles.rejected is not None:
                    continue
                start, end = sentence.start + roles.start, sentence.start + roles.end
                source = None
                quote = inside(plan.quotes, start, end)
                if quote is not None:
                    source = speakers.speaker(quote)
                elif roles.source_token is not None:
                    source = names.source(doc, doc[roles.source_token], sentence)
                lemma = roles.predicate_lemma
                facts.append(
                    Fact(
                        kind=roles.kind,  # type: ignore[arg-type]
                        text=body[start:end],
                        sentence=sentence.text,
                        start_char=start,
                        end_char=end,
                        extractor=self.extractor,
                        subject=roles.subject,
                        subject_key=roles.subject_key,
                        predicate=self.vocabulary.event_class(lemma),
                        predicate_lemma=lemma,
                        value=q.value,
                        value_max=q.value_max,
                        value_from=q.value_from,
                        qualifier=q.qualifier,
                        hedge=q.hedge,
                        unit=roles.unit,
                        source=source,
                        via=roles.via if quote is None else None,
                    )
                )
        facts.sort(key=lambda f: (f.start_char, f.end_char, f.kind))
        mentions = _merge_mentions(catalog_mentions, names.mentions())
        used = {m.entity_id for m in catalog_mentions}
        entities = tuple(e for e in self.catalog.entities if e.entity_id in used)
        return ExtractedFacts(
            self.extractor, tuple(facts), tuple(mentions), entities,
            sentences_skipped=plan.sentences_skipped,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Plan:
    sentences: list[Sentence]
    candidates: list[Sentence]
    quotes: list[QuoteSpan]
    sentences_skipped: int
    paragraph_starts: list[int]
    quantities: dict[int, list[Quantity]]  # sentence start -> its number phrases
    body: str
    named: set[str]  # sentences the entity recogniser reads (beside or holding a quotation)


class _NameIndex:
    """People and organisations the model found; short forms join the article's full form."""

    def __init__(
        self, recognised: list[tuple[Sentence, Any]], plan: _Plan, catalogued: list[Mention]
    ) -> None:
        """recognised: sentences the entity recogniser read, parsed or not (a sentence read
        only for its names has no dependencies, so none of its people is a subject)."""
        self._catalogued = catalogued
        self._ents: list[tuple[int, int, str, str]] = []  # body start, end, label, text
        self._subjects: list[tuple[int, str]] = []  # people who are a clause's subject
        self._people: set[str] = set()
        self._plan = plan
        for sentence, doc in recognised:
            for ent in doc.ents:
                if ent.label_ not in _ENTITY_LABELS:
                    continue
                text = ent.text
                for suffix in ("’s", "'s"):
                    text = text.removesuffix(suffix)
                start = sentence.start + ent.start_char
                self._ents.append((start, start + len(text), ent.label_, text))
                if ent.label_ != "PERSON":
                    continue
                words = [w for w in text.split() if not grammar.is_title(w)]
                if words:
                    self._people.add(" ".join(words))
                if ent.root.dep_ in ("nsubj", "nsubjpass") and not inside(
                    plan.quotes, start, start + 1
                ):
                    self._subjects.append((start, text))

    def full_name(self, text: str) -> str:
        """ "Osmani", "Mr Osmani" -> "Farid Osmani"; "Kim" -> "Kim Jong Un" when the article
        names exactly one person with that word first or last."""
        words = [w for w in text.split() if not grammar.is_title(w)]
        if len(words) == 1 and not any(f.split()[-1] == words[0] for f in self._people):
            # a full form the model never saw (its sentence was not parsed): "Farid Osmani"
            match = re.search(rf"\b([A-Z][\w’'-]+)\s+{re.escape(words[0])}\b", self._plan.body)
            if match and not grammar.is_title(match.group(1)):
                return f"{match.group(1)} {words[0]}"
        if 1 <= len(words) <= 2:
            fuller = {f for f in self._people if len(f.split()) > len(words) and (
                f.split()[-1] == words[-1] or (len(words) == 1 and f.split()[0] == words[0])
            )}  # fmt: skip
            if len(fuller) == 1:
                return fuller.pop()
            if len(fuller) > 1:  # the longest of one person's forms ("Jose Mourinho", "Jose ...")
                longest = max(fuller, key=len)
                if all(set(f.split()) <= set(longest.split()) for f in fuller):
                    return longest
        return text

    def last_person(self, before: int) -> str | None:
        """He or she: the last person who was a subject in this paragraph, else in the one
        before; else the only person this paragraph names. None when that is not settled."""
        starts = self._plan.paragraph_starts
        p = max(bisect_right(starts, before) - 1, 0)
        here = starts[p]
        earlier = starts[p - 1] if p > 0 else here
        for low, high in ((here, before), (earlier, here)):
            people = [t for at, t in self._subjects if low <= at < high]
            if people:
                return self.full_name(people[-1])
        named = {
            self.full_name(e[3])
            for e in self._ents
            if e[2] == "PERSON"
            and here <= e[0] < before
            and not inside(self._plan.quotes, e[0], e[0] + 1)
        }
        return named.pop() if len(named) == 1 else None

    def source(self, doc: Any, tok: Any, sentence: Sentence) -> str | None:
        if grammar.is_person_pronoun(tok):
            return self.last_person(sentence.start + tok.idx)
        if tok.pos_ == "PRON":
            return None
        start, end = grammar.phrase(doc, tok)
        text = sentence.text[start:end]  # the doc was parsed from sentence.text
        head_at = sentence.start + tok.idx
        for m in self._catalogued:  # the optional catalogue names it: its canonical name
            if m.start_char <= head_at < m.end_char and m.start_char >= sentence.start + start:
                return m.name
        left = doc[tok.left_edge.i : tok.i + 1]
        if tok.ent_type_ == "PERSON" and all(
            t.pos_ == "PROPN" or grammar.is_title(t.text) for t in left
        ):
            return self.full_name(text)
        return text

    def mentions(self) -> list[Mention]:
        found = []
        for start, end, label, text in self._ents:
            name = self.full_name(text) if label == "PERSON" else text.removeprefix("the ")
            slug = _SLUG.sub("-", name.lower()).strip("-")
            found.append(Mention(f"ner:{label.lower()}:{slug}", name, start, end, text, label))
        return found


def _merge_mentions(catalog: list[Mention], found: list[Mention]) -> list[Mention]:
    """Catalogue mentions win where the model's overlap them."""
    taken = [(m.start_char, m.end_char) for m in catalog]
    merged = list(catalog)
    for m in found:
        if not any(s < m.end_char and m.start_char < e for s, e in taken):
            merged.append(m)
            taken.append((m.start_char, m.end_char))
    merged.sort(key=lambda m: (m.start_char, m.end_char))
    return merged


def _capitalised_inside(doc: Any) -> bool:
    """A capitalised word not first in its sentence or quotation ("German", "WeWork"): with no
    proper noun and none of these a sentence has no name for the recogniser to find."""
    return any(
        tok.is_title and tok.text != "I" and doc[tok.i - 1].text not in "“\"‘'(" for tok in doc[1:]
    )


def _outside_quotes(sentence: Sentence, quotes: list[QuoteSpan]) -> bool:
    """Whether some letter of the sentence lies outside every quotation (marks included)."""
    at = sentence.start
    for quote in quotes:
        if quote.close_at < sentence.start or quote.open_at >= sentence.end:
            continue
        if _LETTER.search(sentence.text, at - sentence.start, quote.open_at - sentence.start):
            return True
        at = max(at, quote.close_at + 1)
    return _LETTER.search(sentence.text, at - sentence.start) is not None


def extract_facts(
    body: str,
    *,
    published_at: datetime | None,
    catalog: EntityCatalog,
    extractor: FactExtractor | None = None,
) -> ExtractedFacts:
    """One body's facts (a convenience over FactExtractor, which batches many)."""
    extractor = extractor or _default_extractor(catalog)
    return extractor.extract(body, published_at)


_EXTRACTORS: dict[str, FactExtractor] = {}


def _default_extractor(catalog: EntityCatalog) -> FactExtractor:
    key = catalog.fingerprint
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = FactExtractor(catalog)
    return _EXTRACTORS[key]
