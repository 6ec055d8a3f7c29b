"""One article body in, its counts, quotes, dates and entity mentions out.

Pure and deterministic: the same body, published date and catalogue always give the same facts
(in body order), so fact ids are stable and re-running never duplicates a row.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import datetime

from tasks.facts.attribution import Resolver
from tasks.facts.counts import CountSpan, find_counts
from tasks.facts.dates import find_dates
from tasks.facts.entities import EntityCatalog
from tasks.facts.quotes import attribute_quotes, find_quotes, mask_quotes
from tasks.facts.records import ExtractedFacts, Fact
from tasks.facts.sentences import split_sentences

# Bump on any change that can change the facts extracted from the same text.
EXTRACTOR_VERSION = "1.0.1"


def extractor_id(catalog: EntityCatalog) -> str:
    """What facts.extractor records: code version + catalogue content; either change re-extracts."""
    return f"{EXTRACTOR_VERSION}+{catalog.fingerprint[:12]}"


def extract_facts(
    body: str, *, published_at: datetime | None, catalog: EntityCatalog
) -> ExtractedFacts:
    """Counts, quotes, dates and mentions of one cleaned body (offsets index `body` as given)."""
    extractor = extractor_id(catalog)
    paragraphs, sentences = split_sentences(body)
    mentions = catalog.find_mentions(body)
    quotes = find_quotes(body, paragraphs, mentions)
    masked = mask_quotes(body, quotes)
    resolver = Resolver(masked, mentions, catalog.by_name)
    for sentence in sentences:
        resolver.record(resolver.speeches_in(sentence.start, sentence.end))

    facts: list[Fact] = []
    quote_speakers: list[tuple[int, int, str | None]] = []
    for quote, speaker, sents in attribute_quotes(body, quotes, sentences, resolver):
        quote_speakers.append((quote.start, quote.end, speaker))
        facts.append(
            Fact(
                kind="quote",
                text=body[quote.start : quote.end],
                sentence=body[sents[0].start : sents[-1].end],
                start_char=quote.start,
                end_char=quote.end,
                extractor=extractor,
                source=speaker,
            )
        )

    # Spans outside a sentence cannot block anything in it, and mentions come in order without
    # overlapping, so those a sentence overlaps are one slice found by bisection.
    spans = [(m.start_char, m.end_char) for m in mentions]
    name_starts = [start for start, _ in spans]
    name_ends = [end for _, end in spans]
    ordered = all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    last_subject: str | None = None
    for sentence in sentences:
        names = (
            spans[bisect_right(name_ends, sentence.start) : bisect_left(name_starts, sentence.end)]
            if ordered
            else spans
        )
        dates = find_dates(
            sentence.text, published_at=published_at, offset=sentence.start, blocked=names
        )
        for d in dates:
            facts.append(
                Fact(
                    kind="date",
                    text=body[d.start : d.end],
                    sentence=sentence.text,
                    start_char=d.start,
                    end_char=d.end,
                    extractor=extractor,
                    value=d.value,
                    value_max=d.value_max,
                    qualifier=d.qualifier,
                    unit=d.unit,
                )
            )
        blocked = names + [(d.start, d.end) for d in dates]
        counts = find_counts(sentence.text, sentence.start, blocked, earlier_subject=last_subject)
        for count in counts:
            if count.subject and count.unit is None:
                last_subject = count.subject
            source, via = _count_source(
                count, sentence.start, sentence.end, resolver, quote_speakers
            )
            facts.append(_count_fact(count, body, sentence.text, extractor, source, via))

    facts = _inherit_subjects(facts)
    facts.sort(key=lambda f: (f.start_char, f.end_char, f.kind))
    used = {m.entity_id for m in mentions}
    entities = tuple(e for e in catalog.entities if e.entity_id in used)
    return ExtractedFacts(extractor, tuple(facts), tuple(mentions), entities)


def _count_source(
    count: CountSpan,
    start: int,
    end: int,
    resolver: Resolver,
    quote_speakers: list[tuple[int, int, str | None]],
) -> tuple[str | None, str | None]:
    """A count inside a quotation is the speaker's claim; otherwise the sentence's attribution."""
    for q_start, q_end, speaker in quote_speakers:
        if q_start <= count.start and count.end <= q_end + 1:
            return speaker, None
    attribution = resolver.attribution(start, end, count.start)
    return attribution.source, attribution.via


def _count_fact(
    count: CountSpan, body: str, sentence: str, extractor: str, source: str | None, via: str | None
) -> Fact:
    return Fact(
        kind="count",
        text=body[count.start : count.end],
        sentence=sentence,
        start_char=count.start,
        end_char=count.end,
        extractor=extractor,
        subject=count.subject,
        subject_key=count.subject_key,
        predicate=count.predicate,
        value=count.value,
        value_max=count.value_max,
        qualifier=count.qualifier,
        unit=count.unit,
        source=source,
        via=via,
    )


_GENERIC_KEYS = frozenset({None, "lives", "people", "deaths", "casualties", "members"})


def _inherit_subjects(facts: list[Fact]) -> list[Fact]:
    """A later mention of the same count ("the nine killed") takes the earlier one's subject."""
    seen: dict[tuple[str | None, str | None, str | None], Fact] = {}
    result: list[Fact] = []
    for fact in sorted(facts, key=lambda f: f.start_char):
        if fact.kind != "count" or fact.unit is not None:
            result.append(fact)
            continue
        key = (fact.predicate, fact.value, fact.value_max)
        earlier = seen.get(key)
        if (
            earlier is not None
            and fact.subject_key in _GENERIC_KEYS
            and earlier.subject_key not in _GENERIC_KEYS
        ):
            fact = replace(
                fact,
                subject=fact.subject or earlier.subject,
                subject_key=earlier.subject_key,
            )
        if key not in seen or seen[key].subject_key in _GENERIC_KEYS:
            seen[key] = fact
        result.append(fact)
    return result
