"""Quote speakers: who said each quotation, from the parse, or None when the text does not
settle it. The quotations themselves are found by tasks/facts/quote_marks.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from tasks import dates
from tasks.facts import grammar
from tasks.facts.quote_marks import WORD, QuoteSpan, find_quotes, inside, quote_text
from tasks.facts.sentences import Sentence
from tasks.facts.vocabulary import Vocabulary

__all__ = ["QuoteSpan", "QuoteSpeakers", "context_sentences", "find_quotes", "inside", "quote_text"]

_DATA = Path(__file__).resolve().parents[1] / "data"
_TITLES_FILE = _DATA / "gendered_titles.tsv"
_NOT_QUOTE_VERBS_FILE = _DATA / "not_quote_verbs.txt"
_FRAME_ONLY_VERBS_FILE = _DATA / "frame_only_verbs.txt"
_PRONOUN_GENDER = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_AGE_DESCRIPTION = re.compile(r"^the\s+\d+\s*-\s*year\s*-\s*old$", re.IGNORECASE)
_OPENING = "“\"‘'"
_FRAME_GAP = re.compile(r"^[\s,;:—–-]*$")  # between “…,” and "X said": punctuation only
_DEFINITE = ("the", "this", "that")
_INDEFINITE = ("a", "an", "one")  # "A doctor" / "one legal expert" said ... "the expert" said
CONTEXT_SENTENCES = 4
_COMPLEMENTS = ("dobj", "ccomp", "xcomp")
_MAX_TAIL_TOKENS = (
    40  # "X, the former director for China at the IMF, said at a Nov. 6 event in Washington."
)
_Found = tuple[str | None] | None  # (speaker,) when a rule decided, None to try the next rule
# "— Neil Gaiman", or an embedded post's author line: "— Jane Doe (@janedoe) May 1, 2024"
# (an emoji may follow the name; the handle and the date are the platform's).
_POST_AUTHOR = (
    r"(?:\s+[^\w\s(]+)?\s*\(@[\w.]+\)(?:\s+"
    + dates.month_day_year(dates.month(dot="optional"))
    + ")?"
)
_CREDIT = re.compile(
    r"^[\s,.]*[—–]\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})(?:" + _POST_AUTHOR + r")?\s*$"
)
_CHAIN = "\0chain"  # _about: a subject "he"/"she" of the same person, look further back
_MAX_CHAIN = 3  # paragraphs before the quotation's that a chain of "he ... he" may reach
_MAX_BEFORE_GAP = 60  # "X said in a statement on Monday: “…" -- the frame's words before a mark


@cache
def not_quote_verbs() -> frozenset[str]:
    """Reporting verbs that never introduce a quotation (tasks/data/not_quote_verbs.txt)."""
    lines = _NOT_QUOTE_VERBS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@cache
def frame_only_verbs() -> frozenset[str]:
    """Verbs that introduce only a quotation right beside them (tasks/data/frame_only_verbs.txt)."""
    lines = _FRAME_ONLY_VERBS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@cache
def gendered_titles() -> dict[str, str]:
    """Title -> "m" | "f" (tasks/data/gendered_titles.tsv)."""
    found = {}
    for line in _TITLES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            title, gender = line.split("\t")
            found[title.strip()] = gender.strip()
    return found


class Names(Protocol):
    """What the speaker finder asks of the article's name index (tasks/facts/extract.py)."""

    def full_name(self, text: str) -> str: ...

    def source(self, doc: Any, tok: Any, sentence: Sentence) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _Person:
    at: int  # body offset of the mention
    name: str  # the article's fullest form
    root: int  # index of the mention's root token in its doc
    first: int  # its first token
    last: int  # one past its last token


class QuoteSpeakers:
    """Each quotation's speaker, by the grammar of the attribution beside it.

    In order: a reporting verb in the quotation's own sentence whose clause holds the quotation
    or which sits right against it (“…,” X said / “…,” said X / X said: “…” / X told Y “…”); the
    speaker of the quotation just before in the same paragraph, when nothing came between but
    its attribution (“A,” X said. “B.”); the speaker of a sentence just before that is itself an
    attribution; a paragraph "X said:" introducing the next; a paragraph that is only a
    quotation, right after one that ended quoting X. He/she resolves to the person the sentences
    just before are about, when one person fits; "the doctor" to the fuller description used
    before ("A doctor on the scene"). Anything else -- a bare quotation, competing candidates, a
    sentence the parser did not read -- leaves the speaker None: a wrong speaker is worse than
    none.
    """

    def __init__(
        self,
        body: str,
        quotes: list[QuoteSpan],
        sentences: list[Sentence],
        parsed: list[tuple[Sentence, Any]],
        names: Names,
        vocabulary: Vocabulary,
    ) -> None:
        self._body = body
        self._quotes = quotes
        self._sentences = sentences
        self._docs = {s.index: (s, d) for s, d in parsed}
        self._names = names
        self._vocabulary = vocabulary
        self._verbs = (
            vocabulary.reporting.verbs | vocabulary.reporting.speech_verbs
        ) - not_quote_verbs()
        self._people: dict[int, list[_Person]] = {}  # sentence index -> people named outside quotes
        self._gender: dict[str, dict[str, int]] = {}
        self._nominal: list[tuple[int, str, str]] = []  # at, phrase, head lemma of "the X said"
        self._known = list(  # people the model recognised in the article, fullest forms, in order
            dict.fromkeys(
                self._names.full_name(_bare(ent.text))
                for _, doc in parsed
                for ent in doc.ents
                if ent.label_ == "PERSON"
            )
        )
        for sentence, doc in parsed:
            self._read(sentence, doc)
        self._found: dict[QuoteSpan, tuple[str | None, str]] = {}
        self._framed: dict[int, str] = {}  # body offset of a frame's subject -> the speaker
        self._vetoed: set[int] = set()  # sentences whose "he"/"she" is not who it resolves to
        self._attributed_after: int | None = None  # a sentence "X said." after the last quote
        previous: tuple[QuoteSpan, list[Sentence], str] | None = None
        # sentences are in body order and do not overlap: the ones a quotation spans are a run
        starts, ends = [s.start for s in sentences], [s.end for s in sentences]
        for quote in quotes:
            spanned = sentences[
                bisect_right(ends, quote.open_at) : bisect_right(starts, quote.close_at)
            ]
            text = body[spanned[0].start : spanned[-1].end] if spanned else quote_text(body, quote)
            self._attributed_after = None
            speaker = self._find(quote, spanned, previous) if spanned else None
            self._found[quote] = (speaker, text)
            if spanned and speaker and self._attributed_after is not None:
                spanned = [*spanned, self._sentences[self._attributed_after]]
            previous = (quote, spanned, speaker) if spanned and speaker else None

    def items(self) -> Iterable[tuple[QuoteSpan, tuple[str | None, str]]]:
        return self._found.items()

    def speaker(self, quote: QuoteSpan) -> str | None:
        return self._found.get(quote, (None, ""))[0]

    # -- reading the article's people ---------------------------------------------------------

    def _outside(self, sentence: Sentence, tok: Any) -> bool:
        at = sentence.start + tok.idx
        return inside(self._quotes, at, at + 1) is None

    def _read(self, sentence: Sentence, doc: Any) -> None:
        """People named outside quotations, what "he"/"she" says of their gender, and the
        descriptions that speak ("A doctor on the scene told ...")."""
        titles = gendered_titles()
        people = []
        if doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if not self._outside(sentence, ent.root):
                    continue
                name = self._person(ent)
                if name is None:
                    continue
                people.append(
                    _Person(sentence.start + ent.start_char, name, ent.root.i, ent.start, ent.end)
                )
                before = [ent[0]] + ([doc[ent.start - 1]] if ent.start > 0 else [])
                for tok in before:
                    gender = titles.get(tok.lower_.rstrip("."))
                    if gender:
                        self._vote(name, gender, 3)
            people.extend(self._unrecognised_surnames(sentence, doc))
            for sent in doc.sents:
                # "McDowell still laughs at the memory of hearing his mom": the one person
                # named, the sentence's subject, and pronouns of one gender after them
                here = [p for p in people if sent.start <= p.root < sent.end]
                subject = next((c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS), None)
                if (
                    len({p.name for p in here}) != 1
                    or subject is None
                    or not self._covers(doc, here[0], subject)
                ):
                    continue
                first = min(p.root for p in here)
                genders = {
                    _PRONOUN_GENDER[t.lower_]
                    for t in doc[first + 1 : sent.end]
                    if t.lower_ in _PRONOUN_GENDER
                    and t.pos_ == "PRON"
                    and self._outside(sentence, t)
                    and not (t.dep_ in _SUBJECT_DEPS and self._speaks(t.head))
                    and not _object_of(t, subject.head)
                }
                if len(genders) == 1:
                    self._vote(here[0].name, genders.pop(), 1)
        self._people[sentence.index] = people
        for tok in doc:
            if (
                tok.dep_ in _SUBJECT_DEPS
                and tok.pos_ == "NOUN"
                and self._speaks(tok.head)
                and self._outside(sentence, tok)
            ):
                start, end = grammar.phrase(doc, tok)
                self._nominal.append(
                    (sentence.start + tok.idx, doc.text[start:end], grammar.lemma(tok))
                )

    def _unrecognised_surnames(self, sentence: Sentence, doc: Any) -> list[_Person]:
        """A lone proper noun the model did not tag ("Young would push ...") that is a
        clause's subject and the last name of exactly one person the article names in full."""
        found = []
        for tok in doc:
            if (
                tok.tag_ != "NNP"
                or tok.ent_type_
                or tok.dep_ not in _SUBJECT_DEPS
                or any(c.dep_ in ("compound", "det", "poss") for c in tok.children)
                or not self._outside(sentence, tok)
            ):
                continue
            full = self._full_form(tok.text)
            if full is not None:
                found.append(_Person(sentence.start + tok.idx, full, tok.i, tok.i, tok.i + 1))
        return found

    def _person(self, ent: Any) -> str | None:
        """The person an entity names: a PERSON, or a lone surname the model took for
        something else ("McKinley said", tagged ORG) when the article names that person in full."""
        text = _bare(ent.text)
        if ent.start > 0 and (
            ent.doc[ent.start - 1].lower_ == "the" or ent.doc[ent.start - 1].tag_ == "``"
        ):
            return None  # "the Gateway", a title “Glasgow …”: a person's name takes neither
        if ent.label_ == "PERSON":
            return self._names.full_name(text)
        if ent.label_ not in ("ORG", "GPE", "NORP") or len(ent) != 1 or ent.root.pos_ != "PROPN":
            return None
        return self._full_form(text)

    def _full_form(self, surname: str) -> str | None:
        """The one person the article names in full with this last name ("Jr." and the like
        aside); of several forms of one name ("Patrick Carlineo Jr.", "Patrick W. Carlineo")
        the first used."""
        fuller = [
            k for k in self._known
            if len(k.split()) > 1 and _surname(k) == surname
        ]  # fmt: skip
        if not fuller or len({k.split()[0] for k in fuller}) != 1:
            return None
        return fuller[0]

    def _vote(self, name: str, gender: str, weight: int) -> None:
        votes = self._gender.setdefault(name, {"m": 0, "f": 0})
        votes[gender] += weight

    def _fits(self, name: str, gender: str | None) -> bool:
        votes = self._gender.get(name)
        if gender is None or votes is None:
            return True
        other = "f" if gender == "m" else "m"
        return votes[other] <= votes[gender]

    def _subject(self, verb: Any, sentence: Sentence) -> Any:
        """Who a reporting verb's words are: its subject outside quotations (“The roof held,”
        Ole Brandt said -- the parser may take "roof" for a second subject), or, for "X issued
        a statement saying …", the subject of the clause that made the statement."""
        own = [c for c in verb.children if c.dep_ == "nsubj" and self._outside(sentence, c)]
        if own:
            return min(own, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ccomp":
            # "X disputed that Mike was estranged, saying ...": a "saying" the parse hung on
            # the clause reported is not said by that clause's subject
            return None
        subject = grammar._subject(verb)
        head = verb.head
        if (
            subject is None
            and verb.dep_ == "acl"
            and grammar.lemma(head) in self._vocabulary.reporting.nouns
            and head.dep_ in ("dobj", "nsubjpass")
        ):
            subject = grammar._subject(head.head)
        return subject

    def _speaks(self, tok: Any) -> bool:
        return tok.pos_ in ("VERB", "AUX") and grammar.lemma(tok) in self._verbs

    # -- one quotation ------------------------------------------------------------------------

    def _find(
        self,
        quote: QuoteSpan,
        spanned: list[Sentence],
        previous: tuple[QuoteSpan, list[Sentence], str] | None,
    ) -> str | None:
        for sentence in dict.fromkeys([spanned[-1], spanned[0]]):
            if sentence.index in self._docs:
                found = self._frame(quote, *self._docs[sentence.index])
                if found is None:
                    found = self._according(quote, *self._docs[sentence.index])
                if found is not None:
                    return found[0]
        credited = self._credit(quote, spanned)
        if credited is not None:
            return credited
        if spanned[0].index in self._docs:
            found = self._colon(quote, spanned, *self._docs[spanned[0].index])
            if found is not None:
                return found
        last = spanned[-1]
        if last.index + 1 < len(self._sentences):
            tail = self._sentences[last.index + 1]
            if (
                tail.paragraph == last.paragraph
                and tail.index in self._docs
                and self._body[quote.close_at + 1 : tail.start].strip() == ""
                and len(self._docs[tail.index][1]) <= _MAX_TAIL_TOKENS
            ):
                # “Can we go home now?” Sanborn said. -- the sentence splitter cut after ?”
                found = self._attribution(*self._docs[tail.index])
                if found is not None:
                    self._attributed_after = tail.index
                    return found
        first = spanned[0]
        opens_sentence = self._body[first.start : quote.open_at].strip() == ""
        if previous is not None:
            _, last_spanned, speaker = previous
            if last_spanned[-1].paragraph == first.paragraph:
                # “A,” X said. “B.” -- nothing but A's attribution between them
                if first.index <= last_spanned[-1].index + 1:
                    return speaker
            elif (
                last_spanned[-1].paragraph == first.paragraph - 1
                and opens_sentence
                and self._paragraph_is(quote, first)
                and self._ends_paragraph(last_spanned[-1])
            ):
                return speaker  # a paragraph that only quotes, after one that ended quoting X
        if not opens_sentence or first.index == 0:
            return None
        before = self._sentences[first.index - 1]
        if before.index not in self._docs:
            return None
        sentence, doc = self._docs[before.index]
        if before.paragraph == first.paragraph and sentence.text[:1] in _OPENING:
            # “Amazing,” Davis said. “To be able to ...” -- the attribution just before
            return self._attribution(sentence, doc)
        if (
            before.paragraph == first.paragraph - 1
            and sentence.text.rstrip().endswith(":")
            and self._ends_paragraph(before)
        ):
            return self._attribution(sentence, doc)  # a paragraph ending "X said:"
        if _holds_no_quote(self._quotes, before) and (
            before.paragraph == first.paragraph
            or (
                before.paragraph == first.paragraph - 1
                and self._ends_paragraph(before)
                and self._paragraph_is(quote, first)
            )
        ):
            # Smith said the plan would fail. “It is a disaster.” -- reported speech, then
            # the speaker's own words, in its paragraph or as the whole of the next
            reported = self._reported(sentence, doc)
            if reported is not None or before.paragraph != first.paragraph:
                return reported
            if self._closes_paragraph(quote, spanned[-1]):
                # Delgado expects three launches. “Adding one more would be ...” -- a named
                # person's sentence, then a quotation that ends the paragraph: that person's
                return self._named_actor(sentence, doc)
        return None

    def _closes_paragraph(self, quote: QuoteSpan, last: Sentence) -> bool:
        """Nothing but punctuation follows the quotation to the end of its paragraph."""
        return self._body[quote.close_at + 1 : self._paragraph_end(last)].strip(".,;!?") == ""

    def _paragraph_end(self, sentence: Sentence) -> int:
        """Where the paragraph that holds `sentence` ends: the end of its last sentence."""
        n = sentence.index
        while (
            n + 1 < len(self._sentences) and self._sentences[n + 1].paragraph == sentence.paragraph
        ):
            n += 1
        return self._sentences[n].end

    def _named_actor(self, sentence: Sentence, doc: Any) -> str | None:
        """The person a sentence's main clause is about, when a name says who: its subject is a
        person's name, not a pronoun or a description (who those stand for is too loose to
        hand a quotation to)."""
        root = list(doc.sents)[-1].root
        if root.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in root.children):
            return None
        subject = self._subject(root, sentence)
        if (
            subject is None
            or subject.pos_ != "PROPN"
            or subject.ent_type_ != "PERSON"
            or not self._outside(sentence, subject)
        ):
            return None
        return self._speaker_of(doc, subject, sentence)

    def _reported(self, sentence: Sentence, doc: Any) -> str | None:
        """The speaker of a sentence whose last clause reports speech: a speaking root with a
        clause of what was said ("Smith said the plan would fail"), or a clause with a
        parenthetical "X said" in it ("The cell, Herbert said, is ...")."""
        root = list(doc.sents)[-1].root
        if self._speaks(root) and any(c.dep_ == "ccomp" for c in root.children):
            verb = root
        else:
            verb = next(
                (c for c in root.children if c.dep_ == "parataxis" and self._speaks(c)), None
            )
        if verb is None or any(c.dep_ == "neg" for c in verb.children):
            return None
        subject = self._subject(verb, sentence)
        if subject is None or not self._outside(sentence, subject):
            return None
        return self._speaker_of(doc, subject, sentence)

    def _credit(self, quote: QuoteSpan, spanned: list[Sentence]) -> str | None:
        """A pull quote credited after a dash, alone in its paragraph: “…” — Neil Gaiman."""
        first, last = spanned[0], spanned[-1]
        if self._body[first.start : quote.open_at].strip() != "" or not (
            first.index == 0 or self._sentences[first.index - 1].paragraph != first.paragraph
        ):
            return None
        match = _CREDIT.match(self._body[quote.close_at + 1 : self._paragraph_end(last)])
        return self._names.full_name(match.group(1)) if match else None

    def _colon(
        self, quote: QuoteSpan, spanned: list[Sentence], sentence: Sentence, doc: Any
    ) -> str | None:
        """Buckley had a similar experience: “It was ...” -- a clause about a named person,
        then a colon and a quotation to the end of the sentence: that person's words, whatever
        the verb. A pronoun or a description before the colon ("That process led to a
        realization:") settles nothing."""
        before = self._body[spanned[0].start : quote.open_at].rstrip()
        after = self._body[quote.close_at + 1 : spanned[-1].end].strip()
        if not before.endswith(":") or after.strip(".,;!?)”’\"'") != "":
            return None
        colon_at = len(before) - 1 - (spanned[0].start - sentence.start)
        colon = next((t for t in doc if t.idx == colon_at and t.text == ":"), None)
        if colon is None:
            return None
        verb = colon.head
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in verb.children):
            return None
        subject = grammar._subject(verb)
        if (
            subject is None
            or subject.pos_ != "PROPN"
            or not self._outside(sentence, subject)
            or not any(self._covers(doc, p, subject) for p in self._people[sentence.index])
        ):
            return None
        person = next(p for p in self._people[sentence.index] if self._covers(doc, p, subject))
        return self._names.source(doc, subject, sentence) or person.name

    def _ends_paragraph(self, sentence: Sentence) -> bool:
        n = sentence.index + 1
        return n >= len(self._sentences) or self._sentences[n].paragraph != sentence.paragraph

    def _paragraph_is(self, quote: QuoteSpan, first: Sentence) -> bool:
        """The quotation is all its paragraph holds (it opens and ends the paragraph)."""
        n = first.index
        if n > 0 and self._sentences[n - 1].paragraph == first.paragraph:
            return False
        return self._body[quote.close_at + 1 : self._paragraph_end(first)].strip() == ""

    def _attribution(self, sentence: Sentence, doc: Any) -> str | None:
        """The speaker of a sentence that is an attribution: its root speaks, outside quotes."""
        if sentence.index in self._vetoed:
            return None
        for sent in doc.sents:
            root = sent.root
            if any(c.dep_ in _COMPLEMENTS and c.i > root.i for c in root.children):
                continue  # "Her daughter had put down the number": words of its own, no frame
            if self._speaks(root) and self._outside(sentence, root):
                subject = self._subject(root, sentence)
                if subject is not None and self._outside(sentence, subject):
                    return self._speaker_of(doc, subject, sentence)
        return None

    def _frame(self, quote: QuoteSpan, sentence: Sentence, doc: Any) -> _Found:
        """The reporting verb of the quotation's own sentence: one whose clause holds the
        quotation (or hangs from it), else one right against it; the nearest wins."""
        held = [t for t in doc if quote.start <= sentence.start + t.idx < quote.end]
        if not held:
            return None
        candidates = []
        for verb in doc:
            at = sentence.start + verb.idx
            if not self._speaks(verb) or not self._outside(sentence, verb):
                continue
            subject = self._subject(verb, sentence)
            if subject is not None and subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                subject = verb.head  # "Smith, who said “…”"
            if subject is None or not self._outside(sentence, subject):
                continue
            sat = sentence.start + subject.idx
            if at > quote.close_at:
                low, high = quote.close_at, min(at, sat)
                gap = self._body[quote.close_at + 1 : sentence.start + subject.left_edge.idx]
                if sat > at:  # “…,” said X
                    gap = self._body[quote.close_at + 1 : at]
                adjacent = _FRAME_GAP.match(gap) is not None
                # the quotation is the verb's complement, or the verb hangs right from it
                tied = (
                    verb.head in held
                    or any(verb.is_ancestor(t) for t in held)
                    or self._parenthetical(verb, held)
                )
            elif at < quote.open_at:
                low, high = at, quote.open_at
                # X said: “…” / X told the committee, “…”: only the verb's own words between
                between = [
                    t for t in doc
                    if at + len(verb.text) <= sentence.start + t.idx < quote.open_at
                    and not t.is_punct
                ]  # fmt: skip
                adjacent = high - low <= _MAX_BEFORE_GAP and all(
                    verb.is_ancestor(t) for t in between
                )
                tied = any(verb.is_ancestor(t) for t in held) or self._parenthetical(verb, held)
            else:
                continue
            if any(low < q.open_at < high for q in self._quotes if q is not quote):
                continue  # another quotation stands between
            if grammar.lemma(verb) in frame_only_verbs() and not (
                adjacent
                and (
                    at > quote.close_at
                    or _FRAME_GAP.match(self._body[at + len(verb.text) : quote.open_at])
                )
            ):
                continue  # "the odyssey began when the “…” star woke up": not a frame
            if tied or adjacent:
                candidates.append((not tied, high - low, subject, verb))
        if not candidates:
            return None
        _, _, subject, verb = min(candidates, key=lambda c: (c[1], c[0]))
        top = grammar._top(held)
        if top.dep_ in ("dobj", "pobj") and top.pos_ in ("NOUN", "PROPN") and verb.is_ancestor(top):
            # Kim said the soldiers had written “letters home …”: the words quoted are the
            # thing written, in Kim's account -- the speaker is the one reporting it
            outer = next((a for a in verb.ancestors if self._speaks(a)), None)
            if outer is not None:
                reporter = self._subject(outer, sentence)
                if reporter is not None and self._outside(sentence, reporter):
                    subject = reporter
        found = self._speaker_of(doc, subject, sentence)
        if found is not None and subject.pos_ == "PRON" and self._names_in(quote, found):
            # “It was easy for Mary Steenburgen to ...,” she said: whoever "she" is, she
            # speaks of Steenburgen, not as her (nor in the next quotation this "she" frames)
            self._vetoed.add(sentence.index)
            return (None,)
        if found is not None:
            self._framed[sentence.start + subject.idx] = found
        return (found,)

    def _names_in(self, quote: QuoteSpan, name: str) -> bool:
        """The quotation's own words name this person (by the last word of the name)."""
        last = name.split()[-1] if name.split() else ""
        words = WORD.findall(self._body[quote.start : quote.end])
        return bool(last) and last[:1].isupper() and any(_bare(w) == last for w in words)

    @staticmethod
    def _parenthetical(verb: Any, held: list[Any]) -> bool:
        """A parenthetical "X said" reports the clause it stands in: "Finding water there, he
        said, is the “next best thing”" -- the quotation is part of that clause."""
        if verb.dep_ != "parataxis" or any(c.dep_ == "neg" for c in verb.children):
            return False
        clause = verb.head
        return any(t.i == clause.i or clause.is_ancestor(t) for t in held)

    def _according(
        self, quote: QuoteSpan, sentence: Sentence, doc: Any
    ) -> tuple[str | None] | None:
        """“…”, according to X: an "according to" on the clause that holds the quotation."""
        held = [t for t in doc if quote.start <= sentence.start + t.idx < quote.end]
        if not held:
            return None
        cur = grammar._top(held)
        for _ in range(12):
            found = grammar._according_to(cur)
            if found is not None and self._outside(sentence, found):
                source = grammar._source_of(found, self._vocabulary)
                return (self._speaker_of(doc, source, sentence),) if source is not None else None
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return None

    # -- who a subject is -----------------------------------------------------------------------

    def _speaker_of(self, doc: Any, subject: Any, sentence: Sentence) -> str | None:
        at = sentence.start + subject.idx
        if subject.pos_ == "PRON":
            gender = _PRONOUN_GENDER.get(subject.lower_)
            return self.resolve(at, gender, sentence) if gender else None
        if (
            subject.pos_ == "NOUN"
            and grammar.lemma(subject) in self._vocabulary.reporting.wording_nouns
        ):
            return None  # "There's a saying that goes “…”": a form of words, nobody's
        named = [c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
        if subject.pos_ == "NOUN" and named:
            return self._names.source(doc, named[0], sentence)  # "his aunt, Jane Starner"
        set_off = _person_set_off_after(doc, subject)
        if subject.pos_ == "NOUN" and set_off is not None:
            # the same apposition the parse attached elsewhere: the commas say it is one
            return self._names.source(doc, set_off, sentence)
        start, end = grammar.phrase(doc, subject)
        text = doc.text[start:end]
        if _AGE_DESCRIPTION.match(text):  # "the 56-year-old said": a pronoun with an age
            return self.resolve(at, None, sentence)
        if (
            subject.pos_ == "NOUN"
            and text.lower().split()[:1] == ["the"]
            and not any(t.pos_ == "PROPN" for t in subject.subtree)
        ):
            head = grammar.lemma(subject)
            fuller = [
                p for a, p, h in self._nominal
                if a < at and h == head and p.lower().split()[0] in _INDEFINITE
            ]  # fmt: skip
            if len(set(fuller)) == 1:
                return fuller[0]  # "the doctor" is the "A doctor on the scene" named before
            if (
                subject.dep_ in _SUBJECT_DEPS
                and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in subject.children)
                and any(sentence.start <= q.close_at < at for q in self._quotes)
            ):
                # “…,” said the actor / the company said: after the words, someone named
                # before under a name the grammar does not give -- none, not a description
                return None
        found = self._names.source(doc, subject, sentence)
        if found and "," in found and subject.ent_type_ == "PERSON":
            # "Mayer, Disney’s chairman of ..., said": the parse ran the name into its apposition
            found = found.split(",")[0]
        return found

    def resolve(self, at: int, gender: str | None, sentence: Sentence) -> str | None:
        """He/she at body offset `at`: the person the sentences just before are about (this
        paragraph, then the one before), when exactly one person fits there; None when two
        compete, when a description ("the company", "the actress") may be meant, or when a
        sentence between was not parsed."""
        lowest = max(sentence.paragraph - 1, 0)
        n = sentence.index
        while n >= 0 and self._sentences[n].paragraph >= lowest:
            s = self._sentences[n]
            n -= 1
            if s.index not in self._docs:
                return None
            s, doc = self._docs[s.index]
            if not doc.has_annotation("ENT_IOB"):
                return None
            for sent in reversed(list(doc.sents)):
                decided, who = self._about(s, doc, sent, at, gender)
                if decided:
                    return who
                if who == _CHAIN:
                    # "He raised that point ..." opens the paragraph: the same "he" goes on
                    # from the paragraph before it, so look there too
                    lowest = max(min(lowest, s.paragraph - 1), sentence.paragraph - _MAX_CHAIN, 0)
        return None

    def _about(self, s: Sentence, doc: Any, sent: Any, at: int, gender: str | None):
        """(True, who) when this spaCy sentence settles who "he"/"she" is, (False, None) to
        look further back."""
        people = [
            p for p in self._people.get(s.index, [])
            if sent.start <= p.root < sent.end and p.at < at
        ]  # fmt: skip
        subject = next((c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and s.start + subject.idx < at and self._outside(s, subject):
            if any(c.dep_ == "conj" for c in subject.children):
                return True, None  # "Daniel Reyes and Victor Lang reviewed": either one
            named = [p for p in people if self._covers(doc, p, subject)]
            if (
                subject.pos_ == "NOUN"
                and any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in subject.children)
                and self._speaks(subject.head)
            ):
                # "A resident told reporters the water was gone. “…,” she said.": someone
                # just brought in speaks on, not the person named before
                start, end = grammar.phrase(doc, subject)
                return True, doc.text[start:end]
            framed = self._framed.get(s.start + subject.idx)
            if framed is not None and not named and subject.pos_ != "PRON":
                # "Eswar Prasad, a professor, said the president's “…”": the subject of a
                # frame already read stands for its speaker, named person or not
                return True, framed if self._fits(framed, gender) else None
            if named:
                if self._fits(named[0].name, gender):
                    return True, named[0].name
            elif subject.pos_ == "PRON":
                if _PRONOUN_GENDER.get(subject.lower_) not in (None, gender) and gender:
                    pass  # another person's pronoun: look at who else is named here
                elif subject.lower_ in _PRONOUN_GENDER:
                    # "When Maria Lopez reached the village, she found ...": the subject of a
                    # clause before the pronoun in its own sentence, when one person fits;
                    # else the same "he" goes on: look further back
                    before = {
                        p.name
                        for p in people
                        if p.root < subject.i
                        and doc[p.root].dep_ in _SUBJECT_DEPS
                        and self._fits(p.name, gender)
                    }
                    if before:
                        return True, before.pop() if len(before) == 1 else None
                    return False, _CHAIN
            elif subject.tag_ == "NNP" or (
                subject.tag_ == "NN"
                and any(
                    c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                    for c in subject.children
                )
            ):
                # "the actress wasn't itching ...", "Eswar Prasad (not known as a person) said":
                # someone who may be meant and is not a named person
                return True, None
        fitting = {p.name for p in people if self._fits(p.name, gender)}
        if len(fitting) == 1:
            return True, fitting.pop()
        if len(fitting) > 1:
            known = {n for n in fitting if gender and self._gender.get(n, {}).get(gender)}
            if len(known) == 1 and all(n in known or n not in self._gender for n in fitting):
                # "Ms. Lund ... in a book by Oliver Brandt ... she said": the one person known
                # to fit, beside people of whom the article says nothing either way
                return True, known.pop()
            return True, None
        return False, None

    @staticmethod
    def _covers(doc: Any, person: _Person, tok: Any) -> bool:
        """The person's mention is this token's phrase ("Wild defenseman Ryan Suter")."""
        root = doc[person.root]
        return person.first <= tok.i < person.last or (
            root.head.i == tok.i and root.dep_ in ("compound", "appos", "flat")
        )


def context_sentences(sentences: list[Sentence], quotes: list[QuoteSpan]) -> set[int]:
    """Indices of the sentences that settle who "he" or "she" beside a quotation is: up to
    CONTEXT_SENTENCES before its opening, in its own paragraph and the one before. The extractor
    parses them and runs the entity recogniser over them."""
    opening = sorted(q.open_at for q in quotes)
    context: set[int] = set()
    k = 0
    for n, sentence in enumerate(sentences):
        while k < len(opening) and opening[k] < sentence.start:
            k += 1
        if k < len(opening) and opening[k] < sentence.end:
            context.update(
                s.index
                for s in sentences[max(0, n - CONTEXT_SENTENCES) : n]
                if s.paragraph >= sentence.paragraph - 1
            )
    return context


def _holds_no_quote(quotes: list[QuoteSpan], sentence: Sentence) -> bool:
    """No quotation opens or closes in the sentence."""
    return not any(
        sentence.start <= q.open_at < sentence.end or sentence.start <= q.close_at < sentence.end
        for q in quotes
    )


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _surname(name: str) -> str:
    """The last word of a full name that is not a generational suffix."""
    words = [w.rstrip(",") for w in name.split()]
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    return words[-1]


def _bare(text: str) -> str:
    return text.removesuffix("’s").removesuffix("'s")


_OBJECT_DEPS = ("dobj", "dative", "pobj", "iobj")


def _object_of(pronoun: Any, verb: Any) -> bool:
    """A plain object pronoun of the subject's own verb ("Elise Matthesen found him", "Ward
    thanked her"): in English it is never the subject (that takes "herself"), so it says
    nothing about the subject's gender. A pronoun in a clause below ("Ward said the prize
    meant a lot to him") may be the subject and still counts."""
    if pronoun.dep_ not in _OBJECT_DEPS or pronoun.lower_.endswith("self"):
        return False
    head = pronoun.head
    while head.dep_ == "prep" and head.head.i != head.i:
        head = head.head  # "spoke to her", "stood beside him"
    return head.i == verb.i


def _person_set_off_after(doc: Any, noun: Any) -> Any | None:
    """The last token of a person's name set off by commas right after `noun` ("his aunt, Jane
    Starner, said"), or None: an apposition, whatever head the parser gave the name."""
    after = noun.i + 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    for ent in doc.ents:
        if ent.start == after + 1 and ent.label_ == "PERSON":
            closes = ent.end < len(doc) and doc[ent.end].text in (",", ":")
            return doc[ent.end - 1] if closes else None
    return None
