"""What the parse says about a number: what is counted, what happened to it, and who says so.

Every rule here reads the dependency tree and the named entities of spaCy's English pipeline,
not a list of story words: the counted noun is the head a number modifies ("17 survivors" ->
survivor), the predicate is the verb, adjective or event noun governing it ("were destroyed",
"5 dead", "death toll of 40"), and the source is the subject of a reporting verb whose clause
holds the number, the object of "according to", or the owner of a report ("the ministry's
figures"). The only vocabulary is config/quantities.toml (units, reporting verbs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from tasks.facts import not_figures
from tasks.facts.quantities import Quantity
from tasks.facts.vocabulary import Vocabulary

Token = Any  # spacy.tokens.Token
Doc = Any  # spacy.tokens.Doc

# A scale word in a number phrase ("3 million", "£2bn"): "3 million pounds" is money
_SCALE_WORD = re.compile(r"(?:\b(?:thousand|million|billion|trillion)|\d(?:bn|mn|m|k))\b", re.I)
_NOUNS = {"NOUN", "PROPN"}
_VERBS = {"VERB", "AUX"}
_CLIMB_DEPS = {"nummod", "quantmod", "compound", "amod", "nmod", "appos", "conj", "npadvmod"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_PHRASE_LEFT = {"det", "compound", "amod", "poss", "nmod", "nummod", "case", "punct", "quantmod"}
_PHRASE_PREPS = {"of", "for", "at", "from", "in", "with", "on"}
_NAME_ENTS = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Honorifics and ranks written before a name; "Mr Osmani" is Osmani.
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "rev", "sgt", "gen", "col", "capt", "lt",
    "maj", "rep", "sen", "gov", "president", "minister", "mayor", "chief", "judge", "officer",
    "coach", "secretary", "senator", "governor", "general", "captain", "sergeant", "inspector",
    "the", "a", "an",
}  # fmt: skip
_MAX_SOURCE_TOKENS = 14


@dataclass(frozen=True, slots=True)
class Roles:
    """The grammar's reading of one quantity (offsets index the sentence)."""

    kind: str
    unit: str | None
    subject: str | None
    subject_key: str | None
    predicate_lemma: str | None
    source_token: int | None  # index of the source phrase's head in the doc
    source: str | None
    via: str | None
    start: int
    end: int
    rejected: str | None = None


_LEMMAS: dict[tuple[str, str], str] = {}
_LEMMATIZER: list[Any] = []


def use_lemmatizer(lemmatizer: Any) -> None:
    """The pipeline's rule lemmatizer, run only on the tokens a rule asks about (running it
    over every token of every parsed sentence cost a third of the parse)."""
    _LEMMATIZER[:] = [lemmatizer]


def lemma(tok: Token) -> str:
    """The token's lemma, lower case: the pipeline's if it ran, else the rule lemmatizer's."""
    if tok.lemma_:
        return tok.lemma_.lower()
    key = (tok.lower_, tok.pos_)
    found = _LEMMAS.get(key)
    if found is None:
        if _LEMMATIZER and tok.pos_:
            found = _LEMMATIZER[0].rule_lemmatize(tok)[0].lower()
        else:
            found = tok.lower_
        if len(_LEMMAS) < 200_000:
            _LEMMAS[key] = found
    return found


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _top(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return min(outside or tokens, key=lambda t: len(list(t.ancestors)))


def phrase(doc: Doc, head: Token, *, with_preps: bool = True) -> tuple[int, int]:
    """Character span of a noun phrase: its left modifiers, the head, flat names and, when
    asked, "of/for/at ..." attachments ("Alex Horton of the Washington Post")."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.i in keep:
                continue
            left = child.i < tok.i and child.dep_ in _PHRASE_LEFT
            flat = child.dep_ in ("flat", "compound") and child.i > tok.i
            prep = (
                with_preps
                and tok.i == head.i
                and child.dep_ == "prep"
                and child.i > tok.i
                and child.lower_ in _PHRASE_PREPS
                and not _says_when(child)
            )
            pobj = tok.dep_ == "prep" and child.dep_ == "pobj"
            # "South Korean, U.S., and Ukrainian officials": a coordination is one claimant
            coordinated = tok.i == head.i and child.dep_ in ("conj", "cc") and child.i > tok.i
            if left and tok.i == head.i and child.dep_ == "amod":
                # "Washington-based analysts": an adjective's own modifiers come with it
                keep.update(t.i for t in child.subtree)
            if left or flat or prep or pobj or coordinated:
                keep.add(child.i)
                stack.append(child)
    lo, hi = min(keep), max(keep)
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and (
        doc[hi].is_punct or (doc[hi].dep_ == "case" and doc[hi].text in ("'s", "’s"))
    ):
        hi -= 1
    if hi - lo + 1 > _MAX_SOURCE_TOKENS:
        return (
            phrase(doc, head, with_preps=False) if with_preps else (head.idx, head.idx + len(head))
        )
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


_WHEN = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d|morning|evening|night|week")


def _says_when(prep: Token) -> bool:
    """ "Alden on Tuesday", "officials in March": a time, not part of who speaks."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (
        obj.ent_type_ in ("DATE", "TIME") or _WHEN.search(obj.text) is not None
    )


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOUNS | {"PRON"}:
                    return obj
    return None


def _predicate(anchor: Token, vocabulary: Vocabulary) -> Token | None:
    """The verb, adjective or event noun the quantity depends on."""
    cur = anchor
    for _ in range(6):
        for child in cur.children:
            clause = child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.i > cur.i
            if clause and (
                child.dep_ == "acl"
                or any(c.dep_ in _SUBJECT_DEPS and c.pos_ == "PRON" for c in child.children)
            ):
                return child
            if child.dep_ == "amod" and child.tag_ in ("VBN", "VBD") and child.i < cur.i:
                return child
        dep, head = cur.dep_, cur.head
        if head.i == cur.i:
            return cur if cur.pos_ in _VERBS | {"ADJ"} else None
        if dep in _CLIMB_DEPS and head.pos_ in _NOUNS | {"NUM", "PRON"}:
            if dep == "amod" or (head.i < cur.i and dep in ("appos", "conj")):
                cur = head
                continue
            cur = head
            continue
        if head.pos_ == "ADP":
            governor = head.head
            if governor.pos_ in _VERBS | {"ADJ"}:
                return _controlled(governor, cur)
            if governor.pos_ in _NOUNS and head.lower_ == "of":
                return governor
            cur = governor
            continue
        if head.pos_ in _VERBS:
            return _controlled(head, cur)
        if head.pos_ == "ADJ":
            return head
        if dep in _CLIMB_DEPS:
            cur = head
            continue
        return None
    return None


def _controlled(verb: Token, arg: Token) -> Token:
    """ "were dead" -> dead, "are missing" -> missing: a copula's adjective is the event."""
    if lemma(verb) == "be":
        for child in verb.children:
            if child.dep_ in ("acomp", "attr") and child.pos_ == "ADJ":
                return child
    return verb


def _changed_subject(number: Token, verb: Token) -> Token | None:
    """ "the death toll rose to 40": a number reached "to", "from" or "by" is the subject's."""
    prep = number.head
    if not (number.dep_ == "pobj" and prep.lower_ in ("to", "from", "by") and prep.head == verb):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)


def _copula_subject(predicate: Token) -> Token | None:
    verb = predicate.head if predicate.pos_ == "ADJ" and predicate.dep_ == "acomp" else predicate
    if lemma(verb) != "be" and predicate.pos_ != "ADJ":
        return None
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.pos_ == "NOUN"), None)


def _source_of(tok: Token, vocabulary: Vocabulary) -> Token | None:
    """Who a reporting noun or "according to" object stands for ("data from X" -> X)."""
    for _ in range(3):
        if lemma(tok).lower() not in vocabulary.reporting.nouns:
            return tok
        deeper = None
        for child in tok.children:
            if child.dep_ == "poss":
                deeper = child
            elif child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                deeper = next((c for c in child.children if c.dep_ == "pobj"), None) or deeper
            elif child.dep_ == "acl":  # "data released by MOTIE"
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:
                    deeper = next((c for c in agent.children if c.dep_ == "pobj"), None) or deeper
            elif child.dep_ == "compound" and child.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
                deeper = deeper or child
        if deeper is None:
            return tok
        tok = deeper
    return tok


def _according_to(tok: Token) -> Token | None:
    for child in tok.children:
        if lemma(child) == "accord" or child.lower_ == "according":
            for prep in child.children:
                if prep.lower_ == "to":
                    return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _subject(verb: Token, *, climbed: bool = False) -> Token | None:
    """Who does what a verb says: its subject or agent, else, for a verb that shares its
    subject ("Kim was elected and said ...", "X was left to wonder"), the subject of the verb
    it hangs from. A clause with a passive subject of its own stops the climb there, so the
    subject of an earlier clause ("Swift has a deal, and the group will be left to wonder")
    is never taken for it."""
    passive = None
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "nsubjpass":
            passive = child
    if passive is not None:
        return passive if climbed else None
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in _VERBS:
        return _subject(verb.head, climbed=True)
    return None


def attribution(start: Token, vocabulary: Vocabulary) -> list[Token]:
    """Sources from the innermost out: the nearest reporting clause holding `start` first."""
    found: list[Token] = []
    cur, below = start, None
    verbs = vocabulary.reporting.verbs
    for _ in range(12):
        acc = _according_to(cur)
        if acc is not None:
            found.append(_source_of(acc, vocabulary))
        for child in cur.children:
            if (
                child.dep_ == "parataxis"
                and lemma(child) in verbs
                and not any(c.dep_ == "neg" for c in child.children)
            ):
                subject = _subject(child)
                if subject is not None:
                    found.append(_source_of(subject, vocabulary))
        if (
            cur.pos_ in _VERBS
            and lemma(cur) in verbs
            and (below is None or below.dep_ not in _SUBJECT_DEPS)
            and _reports(cur, below, vocabulary)
        ):
            subject = _subject(cur)
            if subject is not None and subject.i != (below.i if below is not None else -1):
                found.append(_source_of(subject, vocabulary))
        if cur.head.i == cur.i:
            break
        below, cur = cur, cur.head
    seen: set[int] = set()
    unique = []
    for tok in found:
        if tok.i not in seen:
            seen.add(tok.i)
            unique.append(tok)
    return unique


_WHEN_PREPS = {"before", "after", "during", "until", "since", "following", "ahead", "amid"}


def _reports(verb: Token, below: Token | None, vocabulary: Vocabulary) -> bool:
    """Whether a reporting verb reports the clause the number came up through: not a clause
    coordinated with it or adverbial to it ("X added a goal, and Y stopped 27 shots"), and a
    figure that is its own object or event only for verbs that report objects ("reported 40
    deaths", not "added three assists")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False  # "the company would not disclose the number"
    if below is not None and below.dep_ in ("conj", "advcl"):
        return False  # "the stock added 2% after the brand took a stake worth $600m"
    if lemma(verb) in vocabulary.reporting.object_verbs:
        return True
    # "said", "added", "wrote" report a clause, never their object or the time they spoke
    # ("said before the win in front of 15,522")
    if below is None or below.dep_ in ("dobj", "attr", "oprd", "npadvmod"):
        return False
    return not (below.dep_ == "prep" and below.lower_ in _WHEN_PREPS)


def is_name_number(tokens: list[Token]) -> bool:
    """A number that is part of a name: "Apollo 11", "Boeing 737", "Nine News"."""
    for tok in tokens:
        if tok.ent_type_ in _NAME_ENTS and (
            tok.pos_ == "PROPN" or (tok.head.pos_ == "PROPN" and tok.head.i < tok.i)
        ):
            return True
        if (
            tok.dep_ in ("nummod", "appos", "npadvmod", "compound")
            and tok.head.pos_ == "PROPN"
            and tok.head.i < tok.i
            and tok.head.tag_ == "NNP"
        ):
            return True
    return False


def read_quantity(doc: Doc, q: Quantity, vocabulary: Vocabulary) -> Roles:
    """Kind, unit, counted noun, predicate and source of one quantity in a parsed sentence."""
    if (
        q.kind == "money"
        and q.unit == "GBP"
        and not_figures.weight_in_pounds(
            doc, q.num_end, q.end, _SCALE_WORD.search(doc.text[q.num_start : q.num_end]) is not None
        )
    ):
        q = replace(q, kind=None, unit=None, end=q.num_end)  # "30 pounds of cocaine": a weight
    toks = tokens_in(doc, q.num_start if q.kind is None else q.start, q.end)
    toks = [t for t in toks if not (q.qualifier and t.idx < q.num_start and q.kind is None)]
    if not toks:
        return _reject(q, "untokenised")
    if q.kind is None and is_name_number(toks):
        return _reject(q, "name with number")
    if q.kind is None and any(
        t.ent_type_ in ("DATE", "TIME") and t.ent_iob_ and _month_in_ent(t) for t in toks
    ):
        return _reject(q, "date")
    top = _top(toks)
    kind, unit = q.kind, q.unit
    following = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    if (
        kind is None
        and following is not None
        and following.tag_ == "NNP"
        and toks[-1].like_num
        and "," not in toks[-1].text
        and q.value >= 100
    ):
        return _reject(q, "model number")  # "737 Max jets", "787 Dreamliner"
    noun: Token | None = None
    anchor = top
    end = q.end
    head = top.head
    if (
        head.i > top.i
        and top.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "dep")
        and head.pos_ in _NOUNS
    ):
        noun = head
    elif top.pos_ == "NOUN" and kind is None and lemma(top).lower() not in vocabulary.units:
        noun = _of_object(top) if q.vague else top
    measured: Token | None = None
    if kind is None:
        unit_tok = None
        after = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
        if (noun is not None and lemma(noun).lower() in vocabulary.units) or (
            noun is not None and noun.lower_ in vocabulary.units
        ):
            unit_tok = noun
        elif (
            after is not None
            and after.dep_ in ("compound", "nmod", "amod")
            and (lemma(after) in vocabulary.units or after.lower_ in vocabulary.units)
        ):
            unit_tok = after  # "a 2.1 GW floating solar project"
        else:
            prev = doc[toks[0].i - 1] if toks[0].i > 0 else None
            if prev is not None and lemma(prev) in vocabulary.units and prev.i < top.i:
                unit_tok = prev  # "magnitude 7.8"
            elif top.dep_ == "pobj" and top.head.lower_ == "of":
                owner = top.head.head  # "a magnitude of 7.8"
                if owner.pos_ == "NOUN" and lemma(owner) in vocabulary.units:
                    unit_tok = owner
        if unit_tok is not None:
            kind = "measure"
            unit = (
                vocabulary.units.get(lemma(unit_tok).lower()) or vocabulary.units[unit_tok.lower_]
            )
            if not_figures.relative_time(doc, unit_tok, unit, vocabulary):
                return _reject(q, "relative time")  # "two years later", "the past nine years"
            if not_figures.size_in_a_name(doc, top, unit_tok) or (
                unit in ("day", "week", "month", "year")
                and not_figures.tenor_of_an_instrument(doc, top, unit_tok, vocabulary)
            ):
                return _reject(q, "name with number")  # "the 16-inch MacBook Pro", "10-year note"
            anchor = unit_tok
            if unit_tok.i > top.i:
                end = max(end, unit_tok.idx + len(unit_tok.text))
            measured = _of_object(unit_tok)
            if measured is None and unit_tok.head.pos_ in _NOUNS and unit_tok.head.i > unit_tok.i:
                measured = unit_tok.head
                anchor = unit_tok.head
            noun = measured
            if not_figures.date_noun(measured, vocabulary):
                return _reject(q, "date")  # "the one-year anniversary of the pact"
        else:
            kind = "count"
            of_top = noun is not None and noun.head.dep_ == "prep" and noun.head.head.i == top.i
            if noun is not None and noun.i != top.i:
                # "17 survivors": the noun carries the event; "thousands of troops": the number
                anchor = top if of_top else noun
                end = max(end, noun.idx + len(noun.text))
            elif top.dep_ in (
                "nsubj",
                "nsubjpass",
                "dobj",
                "pobj",
                "attr",
                "conj",
                "appos",
                "npadvmod",
                "ROOT",
                "nummod",
                "dep",
            ):
                of_obj = _of_object(top)
                if of_obj is not None:
                    noun = of_obj
                elif top.dep_ == "nummod" and top.head.pos_ in _NOUNS:
                    noun = top.head
    else:
        anchor = top
        if noun is None:
            noun = _amount_of(top, vocabulary)
        else:
            anchor = noun
    if (
        kind == "measure"
        and q.word_number
        and q.value == 1
        and q.qualifier is None
        and anchor.dep_ == "npadvmod"
        and (
            anchor.head.pos_ in ("ADJ", "ADV")  # "one day nearer"
            # "will uncover your details one day": beside an object it says when, not how long
            or (
                lemma(anchor) in vocabulary.reporting.single_instance_nouns
                and any(c.dep_ == "dobj" for c in anchor.head.children)
            )
        )
    ):
        return _reject(q, "one as an instance")
    if kind == "count" and q.word_number and q.value == 1 and noun is None:
        return _reject(q, "pronoun one")
    if kind == "measure" and unit is not None and _fills_period(doc, anchor, unit, q, vocabulary):
        return _reject(q, "full period")  # "open 24 hours a day, 7 days a week"
    if (
        kind == "percent"
        and q.value == 100
        and any(
            t.head.i not in {u.i for u in toks} and t.head.pos_ == "ADJ" and t.head.tag_ == "JJ"
            for t in toks
        )
    ):
        return _reject(q, "intensifier")  # "100 percent sure", "100% complete information"
    not_a_count = _not_a_count(doc, q, top, noun, kind, vocabulary)
    if not_a_count is not None:
        return _reject(q, not_a_count)
    phone_words = vocabulary.reporting.phone_words
    if kind == "count" and (
        (noun is None and lemma(top.head) in phone_words)
        or (noun is not None and lemma(noun) in phone_words)
    ):
        return _reject(q, "phone")  # "called 911", "911 calls"
    if (
        kind == "count"
        and noun is None
        and top.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "acomp", "conj")
    ):
        return _reject(q, "no counted thing")
    reference = (
        not_figures.reference_not_count(doc, q, top, noun, vocabulary) if kind == "count" else None
    )
    if reference is not None:
        return _reject(q, reference)  # "one analyst said", "one study found"
    shape = not_figures.proportion_or_title(doc, top, noun) if kind == "count" else None
    if shape is not None:
        return _reject(q, shape)  # "3 in 10 voters", "the two-time champion"
    if kind == "count" and not_figures.label_before_number(doc, q, top, noun):
        return _reject(q, "name with number")  # "tier 1 capital", "size 9 shoes"
    if kind == "count" and (not_figures.identifier_list(top) or not_figures.time_of_day(doc, top)):
        return _reject(q, "name with number" if top.dep_ in ("conj", "appos") else "time")
    predicate = _predicate(anchor, vocabulary)
    if kind == "count" and noun is None and predicate is not None:
        # "the death toll is 40", "the number of troops could be as high as 15,000": the
        # copula's subject says what is counted
        subject_noun = _copula_subject(predicate)
        if subject_noun is not None and subject_noun.i != top.i:
            inner = _of_object(subject_noun)
            noun = inner or subject_noun
            event = next((c for c in (inner or subject_noun).children if c.dep_ == "acl"), None)
            predicate = event or (subject_noun if inner is None or event is None else predicate)
        else:
            noun = _changed_subject(top, predicate)
    if kind == "count" and noun is None and not q.vague:
        reading = not_figures.not_a_reading(doc, top, vocabulary)
        if reading is not None:
            return _reject(q, reading)  # "scored 126.8", "At 16, he left home"
    if (
        kind in ("money", "percent")
        and predicate is not None
        and predicate.i == (noun.i if noun is not None else -1)
    ):
        predicate = (
            _predicate(noun, vocabulary) if noun is not None and noun.head.i != noun.i else None
        )
    own = {t.i for t in toks}
    sources = [  # "44 percent of Americans say ...": the figure is not its own claimant
        t
        for t in attribution(predicate if predicate is not None else anchor, vocabulary)
        if t.i not in own
    ]
    subject = subject_key = None
    if noun is not None:
        s, e = phrase(doc, noun, with_preps=False)
        s = max(s, (q.end if kind == "count" and noun.i > top.i else s))
        subject = doc.text[s:e].strip(" ,;:") or noun.text
        subject_key = lemma(noun).lower() if noun.pos_ != "PROPN" else noun.text
    start = q.start
    pred_lemma = lemma(predicate) if predicate is not None else None
    if predicate is not None and predicate.pos_ in _NOUNS and predicate.dep_ == "compound":
        pred_lemma = lemma(predicate.head)
    source_tok = sources[0] if sources else None
    via_tok = sources[1] if len(sources) > 1 else None
    return Roles(
        kind=kind,
        unit=unit,
        subject=subject,
        subject_key=subject_key,
        predicate_lemma=pred_lemma,
        source_token=source_tok.i if source_tok is not None else None,
        source=None,
        via=_text(doc, via_tok) if via_tok is not None else None,
        start=start,
        end=end,
    )


_DETERMINERS = {"the", "a", "an", "this", "that", "which", "each", "any", "every", "no"}
# Determiners before a bare number that point back to things already named ("the two").
_ANAPHORIC = {"the", "which", "these", "those"}
_PERSONAL = {"i", "you", "he", "she", "we", "they"}
_BE_FORMS = {"am", "’m", "'m", "is", "’s", "'s", "was", "are", "’re", "'re", "were", "be"}


def _not_a_count(
    doc: Doc, q: Quantity, top: Token, noun: Token | None, kind: str, vocabulary: Vocabulary
) -> str | None:
    """Numbers the grammar shows are not a figure: "one" as a pronoun, a determiner or an
    instance ("one of the platforms", "the one picture", "in one case", "from one X to
    another"), "an X or two", an age given as a predicate ("I'm 74"), a bare count of
    discourse nouns ("two things to know"), a ranking ("the 10 best deals") and the
    number that heads a list's title ("Seven big questions heading into the debate:")."""
    if kind != "count":
        return None
    prev = doc[top.i - 1] if top.i > 0 else None
    if q.word_number and q.value == 1 and not q.vague:
        if noun is not None and noun.i == top.i:
            return "pronoun one"
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in top.children):
            return "one of"
        hyphened = top.i + 1 < len(doc) and doc[top.i + 1].text in ("-", "–")
        if (
            prev is not None
            and (prev.lower_ in _DETERMINERS or prev.dep_ == "poss")
            and not hyphened  # "a one-game lead": the article is the lead's
        ):
            return "determiner one"
        if noun is not None:
            if lemma(noun) in vocabulary.reporting.single_instance_nouns:
                return "one as an instance"
            for t in doc[noun.i + 1 : noun.i + 7]:  # "from one room of the house to another"
                if t.is_punct:
                    break
                if t.lower_ in ("another", "other"):
                    return "one as an instance"
    if prev is not None and prev.lower_ == "or" and q.word_number and top.head.i < top.i:
        return "an X or two"  # "a chicken wing or two": no noun of its own
    if any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.pos_ == "PRON" for o in c.children)
        for c in top.children
    ):
        return "pronoun group"  # "the two of you", "all three of them"
    if (
        noun is None
        and (
            (top.dep_ in ("attr", "acomp") and top.head.lower_ in _BE_FORMS)
            or (top.dep_ in ("attr", "acomp", "dobj") and lemma(top.head) == "turn")
        )
        and any(
            c.dep_ == "nsubj" and (c.lower_ in _PERSONAL or c.ent_type_ == "PERSON")
            for c in top.head.children
        )
    ):
        return "age"  # "I'm 74", "she turned 90"
    if (
        noun is None
        and top.dep_ == "pobj"
        and top.head.lower_ == "of"
        and top.head.head.like_num
        and top.head.head.i < top.i
        and not any(c.dep_ == "det" for c in top.children)
    ):
        return "total of a share"  # "won 12 of 13": the share is the figure
    if (
        noun is not None
        and noun.tag_ == "NN"
        and noun.i == top.i + 1
        and prev is not None
        and prev.lower_ == "the"
        and not q.word_number
        and q.value >= 100
        and re.fullmatch(r"\d+", top.text) is not None
    ):
        return "model number"  # "the 777 program", "the 737 fleet"
    if _in_quoted_name(doc, top):
        return "name in quotation marks"
    if (
        prev is not None
        and prev.lower_ == "top"
        and not q.vague
        and noun is not None
        and noun.i == top.i + 1
        and noun.tag_ == "NNS"
    ):
        return "ranking"  # "top 10 places to visit", "the top 5 reasons": a list, not a count
    after = doc[top.i + 1] if top.i + 1 < len(doc) else None
    if noun is not None and after is not None and after.tag_ == "JJS" and after.head.i == noun.i:
        return "ranking"  # "the 10 best deals", "the three largest banks": picked by rank
    if noun is None and not q.vague:
        pair = _score_pair(doc, top)
        if pair:
            return "score"  # "won 24 to 17": a falling "N to M" with nothing counted
    if (
        noun is not None
        and noun.i == top.i - 1
        and top.dep_ == "nummod"
        and not q.word_number
        and noun.pos_ in _NOUNS
    ):
        return "identifier after its noun"  # "iPhone 11", "room 12": English counts precede
    if noun is not None and noun.i > top.i and re.search(r"[-–]\d", noun.text):
        return "classifier compound"  # "a 2-in-1 charging mat": the noun holds a number too
    if (
        noun is None
        and prev is not None
        and prev.lower_ in _ANAPHORIC
        and prev.head.i == top.i
        and top.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        # "the nine killed in action": a clause on the number says what it counts
        and not any(c.dep_ in ("acl", "relcl", "amod", "prep") for c in top.children)
    ):
        return "anaphoric numeral"  # "the four go on", "mixing the three": named before
    if (
        noun is not None
        and noun.tag_ == "NNP"
        and noun.i > top.i
        and q.value != 1
        and not q.word_number
        and noun.ent_type_ not in ("NORP", "GPE")
    ):
        return "name with number"  # "the 11 Pro Max": nobody counts a singular proper noun
    if (
        noun is not None
        and noun.i > top.i
        and lemma(noun).lower() in vocabulary.reporting.discourse_nouns
        and not any(c.dep_ in ("amod", "compound", "nmod") for c in noun.children)
    ):
        return "count of discourse nouns"  # "two things you need to know", "three tips"
    first = next((t for t in doc if not t.is_punct), None)
    if (
        noun is not None
        and noun.dep_ == "ROOT"
        and first is not None
        and first.i == top.i
        and doc.text.rstrip().endswith(":")
    ):
        return "list title"
    return None


def _fills_period(
    doc: Doc, unit_tok: Token, unit: str, q: Quantity, vocabulary: Vocabulary
) -> bool:
    """ "7 days a week", "24 hours per day": the number of units in the period that follows."""
    nxt = doc[unit_tok.i + 1 : unit_tok.i + 3]
    if len(nxt) != 2 or nxt[0].lower_ not in ("a", "an", "per", "each", "every"):
        return False
    return vocabulary.full_periods.get(f"{unit}/{lemma(nxt[1]).lower()}") == q.value


def _score_pair(doc: Doc, top: Token) -> bool:
    """A bare number joined by "to" to a smaller one ("24 to 17"), or to a larger one before
    it, is a result; a change ("from 24 to 17") or a range says "from" or rises."""
    if not top.like_num:
        return False
    nxt = doc[top.i + 1 : top.i + 3]
    if len(nxt) == 2 and nxt[0].lower_ == "to" and nxt[1].like_num:
        other, before = nxt[1], doc[top.i - 1] if top.i > 0 else None
    else:
        back = doc[max(0, top.i - 2) : top.i]
        if len(back) != 2 or back[1].lower_ != "to" or not back[0].like_num:
            return False
        other, before = back[0], doc[back[0].i - 1] if back[0].i > 0 else None
    if before is not None and before.lower_ in ("from", "between"):
        return False
    a, b = not_figures.digit_value(top.text), not_figures.digit_value(other.text)
    if a is None or b is None:
        return False
    return a > b if other.i > top.i else b > a


_OPENING = {"“", '"', "‘"}
_CLOSING = {"”", '"', "’"}


def _in_quoted_name(doc: Doc, number: Token) -> bool:
    """A short quotation holding words besides the number, right before the noun it names
    (the “one country, two systems” formula, the “Starts with one” campaign), or one in title
    case (the “Three Amigos”). Not “at least 40” people, where the marks hold only the figure."""
    opening = next(
        (t.i for t in reversed(doc[max(0, number.i - 8) : number.i]) if t.text in _OPENING), None
    )
    closing = next((t.i for t in doc[number.i + 1 : number.i + 8] if t.text in _CLOSING), None)
    if opening is None or closing is None:
        return False
    if any(t.text in _CLOSING for t in doc[opening + 1 : number.i]):
        return False
    words = [
        t
        for t in doc[opening + 1 : closing]
        if t.i != number.i and t.pos_ in ("NOUN", "VERB", "PROPN") and t.head.i != number.i
    ]
    if words and closing + 1 < len(doc) and doc[closing + 1].pos_ == "NOUN":
        return True
    # the “Three Amigos”: a quoted name in title case
    letters = [t for t in doc[opening + 1 : closing] if t.is_alpha]
    return len(letters) >= 2 and all(t.is_title for t in letters)


def _text(doc: Doc, tok: Token) -> str:
    s, e = phrase(doc, tok)
    return doc.text[s:e]


def _amount_of(top: Token, vocabulary: Vocabulary) -> Token | None:
    """What a money amount or percentage is of: "$6.5bn in debt", "revenue of $5bn",
    "the jobless rate fell to 6.6%", "16% of voters"."""
    for child in top.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "for"):
            obj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNS), None)
            if obj is not None:
                return obj
    head = top.head
    if head.pos_ == "ADP" and head.lower_ == "of" and head.head.pos_ in _NOUNS:
        return head.head
    verb = head.head if head.pos_ == "ADP" else head
    if verb.pos_ in _VERBS and top.dep_ in ("dobj", "attr", "npadvmod", "pobj", "advmod", "prep"):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and subject.pos_ == "NOUN":
            return subject
    return None


def _month_in_ent(tok: Token) -> bool:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("DATE", "TIME"):
            return any(t.is_title and t.pos_ == "PROPN" for t in ent) or any(
                ":" in t.text for t in ent
            )
    return False


def _reject(q: Quantity, reason: str) -> Roles:
    return Roles("count", None, None, None, None, None, None, None, q.start, q.end, reason)


def speaker_phrase(doc: Doc, tok: Token) -> str:
    """A reporting subject as written, with its description ("Interior Minister Farid Osmani")."""
    return _text(doc, tok)


def is_person_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" and tok.lower_ in _PERSON_PRONOUNS


def is_title(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLES
