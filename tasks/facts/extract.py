"""Article bodies in, their counts, amounts, measures, percentages, quotes, dates and entities out.

Only sentences that can hold a fact are parsed (a number, a quotation mark, a reporting verb),
with spaCy's nlp.pipe in batches over every article of a batch at once; identical sentences are
parsed once. Deterministic: the same body, published date, vocabulary and catalogue always give
the same facts (in body order), so fact ids are stable and re-running never duplicates a row.

A body the parser cannot serve (another language, no letters, longer than MAX_WORDS) gets no
facts and a reason in `ExtractedFacts.skipped`; a sentence longer than MAX_SENTENCE_WORDS (a
table or list run together) is not parsed and is counted in `sentences_skipped`.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy
from spacy.attrs import POS, TAG
from spacy.symbols import VERB

from tasks.facts import grammar
from tasks.facts.dates import find_dates
from tasks.facts.entities import EntityCatalog
from tasks.facts.model import load_nlp, tag_to_pos
from tasks.facts.quantities import Quantity, QuantityFinder
from tasks.facts.quotes import QuoteSpan, find_quotes, inside
from tasks.facts.records import ExtractedFacts, Fact, Mention
from tasks.facts.sentences import Sentence, split_sentences
from tasks.facts.vocabulary import Vocabulary, load_vocabulary
from tasks.language import detect_language

# Bump on any change that can change the facts extracted from the same text.
EXTRACTOR_VERSION = "2.0.3"
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


def extractor_id(catalog: EntityCatalog, vocabulary: Vocabulary | None = None) -> str:
    """What facts.extractor records: code version + vocabulary + catalogue (any change
    re-extracts)."""
    vocabulary = vocabulary or load_vocabulary()
    return f"{EXTRACTOR_VERSION}+{vocabulary.fingerprint[:8]}{catalog.fingerprint[:8]}"


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
        unknown = strings.add("X")
        self._pos_ids = numpy.vectorize(
            lambda tag: table.get(int(tag), unknown), otypes=[numpy.uint64]
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
            docs = dict(zip(texts, self._parse(list(texts), plans), strict=True))
        results = []
        for article, plan in zip(articles, plans, strict=True):
            if isinstance(plan, str):
                results.append(ExtractedFacts(self.extractor, skipped=plan))
            else:
                results.append(self._facts(article, plan, docs))
        return results

    def _parse(self, texts: list[str], plans: list[_Plan | str]) -> list[Any]:
        """Tagger and parser over every candidate sentence; POS from the model's tag table and
        lemmas on demand (grammar.lemma); the entity recogniser only over sentences that
        quote or report someone, where names decide speakers and sources."""
        docs = list(self.nlp.pipe(texts, batch_size=BATCH_SIZE, disable=_LATER))
        quoting = {text for plan in plans if isinstance(plan, _Plan) for text in plan.named}
        verbs = self.vocabulary.reporting.verbs | self.vocabulary.reporting.speech_verbs
        named = []
        for doc in docs:
            tags = doc.to_array([TAG])
            doc.from_array([TAG, POS], numpy.stack([tags, self._pos_ids(tags)], axis=1))
            if doc.text in quoting or any(
                (tok.pos == VERB and grammar.lemma(tok) in verbs) or tok.lower_ == "according"
                for tok in doc
            ):
                named.append(doc)
        for _ in self._ner.pipe(named, batch_size=BATCH_SIZE):
            pass
        return docs

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
        bounds = {q.open_at for q in quotes} | {q.close_at for q in quotes}
        candidates, skipped = [], 0
        quantities: dict[int, list[Quantity]] = {}
        named: set[str] = set()
        # who "he" or "she" is beside a quotation is settled by the sentences just before it:
        # its own paragraph's and the last of the paragraph before
        opening = sorted(q.open_at for q in quotes)
        context: set[int] = set()
        for n, sentence in enumerate(sentences):
            nxt = sentences[n + 1] if n + 1 < len(sentences) else None
            here = [o for o in opening if sentence.start <= o < sentence.end]
            if nxt is not None and any(nxt.start <= o < nxt.end for o in opening):
                context.add(sentence.index)
            if here:
                context.update(
                    s.index
                    for s in sentences[max(0, n - 3) : n]
                    if s.paragraph == sentence.paragraph
                )
        for sentence in sentences:
            if len(sentence.text.split()) > MAX_SENTENCE_WORDS:
                skipped += 1
                continue
            touches_quote = any(sentence.start <= b < sentence.end for b in bounds)
            found = self.finder.find(sentence.text) if _CANDIDATE.search(sentence.text) else []
            if found:
                quantities[sentence.start] = found
            reports = self._reports.search(sentence.text) is not None
            near_quote = sentence.index in context
            if touches_quote or reports or near_quote or any(q.rejected is None for q in found):
                candidates.append(sentence)
            if touches_quote or near_quote:
                named.add(sentence.text)
        if sentences and skipped == len(sentences):
            return f"unparseable: every sentence is over {MAX_SENTENCE_WORDS} words"
        return _Plan(
            sentences, candidates, quotes, skipped, [p.start for p in paragraphs], quantities,
            body, named,
        )  # fmt: skip

    def _facts(self, article: ArticleInput, plan: _Plan, docs: dict[str, Any]) -> ExtractedFacts:
        body = article.body
        parsed = [(s, docs[s.text]) for s in plan.candidates]
        catalog_mentions = self.catalog.find_mentions(body)
        names = _NameIndex(parsed, plan, catalog_mentions)
        facts: list[Fact] = []
        speakers = _QuoteSpeakers(body, plan, parsed, names, self.vocabulary)
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
        self, parsed: list[tuple[Sentence, Any]], plan: _Plan, catalogued: list[Mention]
    ) -> None:
        self._catalogued = catalogued
        self._ents: list[tuple[int, int, str, str]] = []  # body start, end, label, text
        self._subjects: list[tuple[int, str]] = []  # people who are a clause's subject
        self._people: set[str] = set()
        self._plan = plan
        for sentence, doc in parsed:
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
        text = doc.text[start:end]
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


class _QuoteSpeakers:
    """Each quotation's speaker from the reporting verb beside it, or None when unsure."""

    def __init__(
        self,
        body: str,
        plan: _Plan,
        parsed: list[tuple[Sentence, Any]],
        names: _NameIndex,
        vocabulary: Vocabulary,
    ) -> None:
        self._found: dict[QuoteSpan, tuple[str | None, str]] = {}
        verbs = vocabulary.reporting.verbs | vocabulary.reporting.speech_verbs
        by_sentence = {s.start: (s, d) for s, d in parsed}
        sentences = plan.sentences
        previous: tuple[int, str] | None = None
        for quote in plan.quotes:
            spanned = [s for s in sentences if s.start <= quote.close_at and quote.open_at < s.end]
            text = body[spanned[0].start : spanned[-1].end] if spanned else quote_text(body, quote)
            speaker = None
            # “…,” X said (after the closing mark), then X said: “…” (before the opening one)
            for s in (spanned[-1:] + spanned[:1]) if spanned else []:
                if s.start not in by_sentence:
                    continue
                sentence, doc = by_sentence[s.start]
                speaker = self._from_verbs(doc, sentence, quote, plan.quotes, verbs, names)
                if speaker is not None:
                    break
            if speaker is None and spanned:
                speaker = self._from_intro(
                    spanned[0], sentences, by_sentence, plan.quotes, verbs, names
                )
            if speaker is None and previous is not None and spanned:
                speaker = self._continued(quote, spanned, previous, body)
            self._found[quote] = (speaker, text)
            if spanned:
                previous = (spanned[-1].paragraph, speaker, quote) if speaker else None

    @staticmethod
    def _continued(quote, spanned, previous, body) -> str | None:
        """“A,” X said. “B.” -- the paragraph goes on quoting X; and a paragraph that is only a
        quotation, right after one that ended quoting X, is X's too."""
        paragraph, speaker, last = previous
        if spanned[0].paragraph == paragraph:
            between = body[last.close_at + 1 : quote.open_at]
            return speaker if not re.search(r"[“\"‘]", between) else None
        whole = body[spanned[0].start : spanned[-1].end].strip()
        only_quote = whole[:1] in "“\"‘'" and quote.close_at + 1 >= spanned[-1].end - 1
        return speaker if spanned[0].paragraph == paragraph + 1 and only_quote else None

    def items(self) -> Iterable[tuple[QuoteSpan, tuple[str | None, str]]]:
        return self._found.items()

    def speaker(self, quote: QuoteSpan) -> str | None:
        return self._found.get(quote, (None, ""))[0]

    def _from_verbs(self, doc, sentence, quote, quotes, verbs, names) -> str | None:
        after, before = [], []
        for tok in doc:
            at = sentence.start + tok.idx
            if (
                grammar.lemma(tok) not in verbs
                or tok.pos_ not in ("VERB", "AUX")
                or inside(quotes, at, at + 1)
            ):
                continue
            subject = grammar._subject(tok)
            if subject is None:
                continue
            sat = sentence.start + subject.idx
            if inside(quotes, sat, sat + 1):
                continue
            if at > quote.close_at:
                after.append((at - quote.close_at, tok, subject))
            elif at < quote.open_at:
                before.append((quote.open_at - at, tok, subject))
        for group in (sorted(after, key=lambda x: x[0]), sorted(before, key=lambda x: x[0])):
            for distance, _verb, subject in group:
                if distance > 200:
                    continue
                return names.source(doc, subject, sentence)
        return None

    def _from_intro(self, first, sentences, by_sentence, quotes, verbs, names) -> str | None:
        """A paragraph that ends "X said:" introduces the quotation that opens the next one."""
        index = first.index
        if index == 0 or first.text[:1] not in "“\"‘'":
            return None
        prev = sentences[index - 1]
        if prev.paragraph != first.paragraph - 1 or not prev.text.rstrip().endswith(":"):
            return None
        if prev.start not in by_sentence:
            return None
        sentence, doc = by_sentence[prev.start]
        for tok in doc:
            if grammar.lemma(tok) in verbs and tok.pos_ == "VERB":
                subject = grammar._subject(tok)
                if subject is not None:
                    return names.source(doc, subject, sentence)
        return None


def quote_text(body: str, quote: QuoteSpan) -> str:
    return body[quote.open_at : quote.close_at + 1]


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
