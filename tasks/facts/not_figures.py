"""More numbers the parse shows are not reported figures (issue 11, item 7), beside
grammar._not_a_count. Each rule reads the dependency tree and the parts of speech; named
entities (found only in sentences that quote or report someone) can only keep a figure.

Classes, each found on benchmark articles in no labelled set:
- relative time: a duration that places an event in time instead of measuring it ("two years
  later", "four years ago", "over the past nine years", "the next five years");
- a size in a product's name ("the 16-inch MacBook Pro"), the tenor in an instrument's ("the
  10-year Treasury note", "the two-year bond");
- a reading or an age with nothing counted: a decimal ("scored 126.8"), "At 16," opening a
  clause, "at 60" in a person's clause, "as young as 14", who "turns 18", "Kamala was 12";
- the later numbers of an identifier list ("Sections 21, 24 and 26", "articles 5 and 4");
- a time of day read as a count ("five o'clock", "6-9 p.m.");
- "one" as an instance that speaks ("one analyst said", "one study found");
- a label before a number ("tier 1 capital", "size 9 shoes"), a date named by a duration
  ("the one-year anniversary");
- the base of a proportion ("3 in 10 voters": not 10 voters), a multiplier ("18 times the
  number", "three times higher"), a win count worn as a title ("the two-time champion").
And a weight written "pounds" ("30 pounds of cocaine", "he weighed in at 243 pounds") is a
measure, not money.
"""

from __future__ import annotations

import re
from typing import Any

from tasks.facts.vocabulary import Vocabulary

Token = Any  # spacy.tokens.Token
Doc = Any  # spacy.tokens.Doc

_NOUNS = {"NOUN", "PROPN"}
_TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
# A proper-noun head that is a place, a facility or an event keeps its measure ("the 832-mile
# Alaska Highway"); a product or a company's line does not ("the 16-inch MacBook Pro").
_PLACE_ENTS = {"GPE", "LOC", "FAC", "EVENT", "NORP"}
_DECIMAL = re.compile(r"\d+\.\d+")
_PERSONAL = {"i", "you", "he", "she", "we", "they"}


def _lemma(tok: Token) -> str:
    from tasks.facts.grammar import lemma  # the grammar imports this module

    return lemma(tok).lower()


def relative_time(doc: Doc, unit_tok: Token, unit: str, vocabulary: Vocabulary) -> bool:
    """A duration that says when, not how long: followed by "ago"/"later"/"earlier" ("two
    years later": the adverb right after the unit), or framed by "the past"/"the next"/"the
    last" and so counted from the time of writing ("over the past nine years", "the next five
    years")."""
    if unit not in _TIME_UNITS:
        return False
    words = vocabulary.reporting
    after = doc[unit_tok.i + 1] if unit_tok.i + 1 < len(doc) else None
    if after is not None and after.lower_ in words.relative_time_words and after.pos_ == "ADV":
        return True
    children = list(unit_tok.children)
    return (
        any(
            c.dep_ == "amod" and c.i < unit_tok.i and c.lower_ in words.span_adjectives
            for c in children
        )
        and any(c.dep_ in ("det", "poss") for c in children)
        # "the last 6 months of 2017" is anchored on a period it names, not on today
        and not any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(o.like_num or _lemma(o) in _TIME_UNITS for o in c.children)
            for c in children
        )
    )


def size_in_a_name(doc: Doc, top: Token, unit_tok: Token) -> bool:
    """ "16-inch" hyphened to its unit and modifying a proper noun: a product's name
    ("the 16-inch MacBook Pro", "an 11-inch iPad Pro"), not a measure anyone reported."""
    if unit_tok.i != top.i + 2 or doc[top.i + 1].text not in ("-", "–"):
        return False
    head = unit_tok.head
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "PROPN":
        head = head.head
    return (
        unit_tok.dep_ in ("compound", "amod", "nmod")
        and head.i > unit_tok.i
        and head.pos_ == "PROPN"
        and head.ent_type_ not in _PLACE_ENTS
        # "an 11-inch Liquid Retina display": the name is a compound of a common noun
        and not (head.dep_ == "compound" and head.head.pos_ == "NOUN")
    )


def weight_in_pounds(doc: Doc, start: int, end: int, scaled: bool) -> bool:
    """ "30 pounds of cocaine", "the bomb weighed 500 pounds": the word "pounds" after a
    number with no scale word is a weight when it measures a material ("of" + noun) or
    follows "weigh"; "£30" and "3 million pounds" stay money."""
    if scaled:
        return False
    word = next((t for t in doc if start <= t.idx < end and t.lower_ in ("pound", "pounds")), None)
    if word is None:
        return False
    of_noun = any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.dep_ == "pobj" and o.pos_ in _NOUNS for o in c.children)
        for c in word.children
    )
    if of_noun or (word.head.pos_ == "VERB" and _lemma(word.head) == "weigh"):
        return True
    # "he clocked in at 243 pounds", "she was 120 pounds": what a person is, not what they paid
    at = word.dep_ == "pobj" and word.head.lower_ == "at"
    verb = word.head.head if at else word.head
    return (at or word.dep_ == "attr") and any(
        c.dep_ == "nsubj" and (c.lower_ in _PERSONAL or c.tag_ == "NNP") for c in verb.children
    )


def not_a_reading(doc: Doc, top: Token, vocabulary: Vocabulary) -> str | None:
    """A number with nothing counted, after the grammar looked everywhere for what it counts:
    a decimal ("scored 126.8", "What's new in 2.26") is a reading or a version; an age is
    "At 16," opening a clause, "at 60" in a person's clause ("she retired at 60"), a number
    compared by an age adjective ("as young as 14") or one that someone "turns"."""
    if _DECIMAL.fullmatch(top.text):
        return "reading"
    at = top.head
    if top.dep_ == "pobj" and at.lower_ == "at":
        doc = top.doc
        opens = at.i == 0 or doc[at.i - 1].is_punct
        if opens and top.i + 1 < len(doc) and doc[top.i + 1].text == ",":
            return "age"  # "At 16, he went to university"
        if any(c.dep_ == "nsubj" and c.lower_ in _PERSONAL for c in at.head.children):
            return "age"  # "she retired at 60", "he died at 85"
    prep = top.head
    if (
        top.dep_ == "pobj"
        and prep.lower_ in ("as", "than")
        and prep.head.pos_ == "ADJ"
        and prep.head.lower_.removesuffix("er") in vocabulary.reporting.age_adjectives
    ):
        return "age"
    if (
        top.dep_ in ("attr", "acomp")
        and _lemma(top.head) == "be"
        and re.fullmatch(r"\d{1,3}", top.text)
        and any(c.dep_ == "nsubj" and c.tag_ == "NNP" for c in top.head.children)
    ):
        return "age"  # "Kamala was 12 in 1976": a named person is a bare number
    if (
        top.dep_ in ("dobj", "attr")
        and _lemma(top.head) == "turn"
        and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "PRP") for c in top.head.children)
    ):
        return "age"  # "Josh, who turns 18 in May"
    return None


def identifier_list(top: Token) -> bool:
    """ "Sections 21, 24 and 26", "SDGs 7 and 11": a number joined to an identifier's
    number (one right after its noun) is an identifier too."""
    first = top
    while first.dep_ in ("conj", "appos") and first.head.like_num and first.head.i < first.i:
        first = first.head
    if first.i == top.i:
        noun = top.head  # "Clauses 12, 14 and 19": the parse joins 19 to the noun
        if top.dep_ not in ("conj", "appos") or noun.pos_ not in _NOUNS or noun.i > top.i:
            return False
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        return nxt is not None and nxt.i < top.i and nxt.like_num and nxt.head.i == noun.i
    noun = first.head
    return (
        first.dep_ in ("nummod", "appos", "npadvmod", "compound")
        and noun.pos_ in _NOUNS
        and noun.i < first.i
        and all(t.like_num or t.is_punct or t.dep_ == "cc" for t in noun.doc[noun.i + 1 : first.i])
    )


def time_of_day(doc: Doc, top: Token) -> bool:
    """ "five o'clock", "from 6-9 p.m.": a clock time written in words or as a range."""
    for t in doc[top.i + 1 : top.i + 4]:
        if t.lower_.replace("’", "'") in ("o'clock", "a.m.", "p.m."):
            return True
        if not (t.like_num or t.text in ("-", "–", "to")):
            return False
    return False


def reference_not_count(
    doc: Doc, q: Any, top: Token, noun: Token | None, vocabulary: Vocabulary
) -> str | None:
    """ "One" before the subject of a reporting verb picks out an instance that speaks, like
    "an analyst": "one analyst said", "one study found" count nothing."""
    if noun is None or noun.i <= top.i or not q.word_number:
        return None
    hyphened = top.i + 1 < len(doc) and doc[top.i + 1].text in ("-", "–")
    words = vocabulary.reporting
    if (
        q.value == 1
        and q.qualifier is None
        and not hyphened
        and noun.dep_ == "nsubj"
        and _lemma(noun.head) in words.verbs | words.speech_verbs
    ):
        return "one as a speaker"
    return None


def label_before_number(doc: Doc, q: Any, top: Token, noun: Token | None) -> bool:
    """ "tier 1 capital", "size 9 shoes": a singular common noun right before a numeral that
    modifies a later noun names a class; English counts come before their noun ("a record 40
    people", after an article, stays)."""
    if noun is None or noun.i <= top.i or q.word_number or not re.fullmatch(r"\d{1,2}", top.text):
        return False
    prev = doc[top.i - 1] if top.i > 0 else None
    if prev is None or prev.tag_ != "NN" or not prev.is_lower:
        return False
    before = doc[prev.i - 1] if prev.i > 0 else None
    return before is None or before.lower_ not in ("a", "an")


def date_noun(measured: Token | None, vocabulary: Vocabulary) -> bool:
    """ "the one-year anniversary": a duration naming a date ("anniversary", "birthday")."""
    return measured is not None and _lemma(measured) in vocabulary.reporting.date_nouns


def proportion_or_title(doc: Doc, top: Token, noun: Token | None) -> str | None:
    """ "3 in 10 voters": the 10 is the base of a proportion, not a count of voters; "18
    times the number", "10 times as many": a multiplier ("scored four times" counts); "a
    two-time champion", "a three-time author": how often someone won, worn as a title."""
    prev = doc[top.i - 1] if top.i > 0 else None
    if prev is not None and prev.lower_ == "in" and prev.i > 0 and doc[prev.i - 1].like_num:
        part, whole = digit_value(doc[prev.i - 1].text), digit_value(top.text)
        if part is None or whole is None or part < whole:  # "killed 12 in 3 attacks" counts
            return "proportion"
    times = doc[top.i + 1] if top.i + 1 < len(doc) else None
    after = doc[top.i + 2] if top.i + 2 < len(doc) else None
    if (
        times is not None
        and times.lower_ == "times"
        and after is not None
        and (
            after.lower_ == "the"
            or after.tag_ in ("JJR", "RBR")
            or (
                after.lower_ == "as"
                and top.i + 3 < len(doc)
                and doc[top.i + 3].pos_ in ("ADJ", "ADV")  # "as many", "as large"
            )
        )
    ):
        return "multiplier"  # "18 times the number", "10 times as many", "three times higher"
    if (
        noun is not None
        and noun.i == top.i + 2
        and doc[top.i + 1].text in ("-", "–")
        and noun.lower_ == "time"
        and noun.dep_ in ("compound", "amod", "nmod")
        and noun.head.i > noun.i
    ):
        return "title"
    return None


def tenor_of_an_instrument(doc: Doc, top: Token, unit_tok: Token, vocabulary: Vocabulary) -> bool:
    """ "the 10-year Treasury note", "the two-year bond", "the 30-year fixed mortgage rate":
    a duration hyphened to its unit that names which instrument, as a bond's tenor does."""
    if unit_tok.i != top.i + 2 or doc[top.i + 1].text not in ("-", "–"):
        return False
    head = unit_tok.head
    if head.i <= unit_tok.i:
        return False
    return any(
        _lemma(t) in vocabulary.reporting.tenor_nouns for t in doc[unit_tok.i + 1 : head.i + 1]
    )


def digit_value(text: str) -> float | None:
    """The value of a number written in digits ("1,200"), None for a number word."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None
