"""What the fact extractor returns: one record per warehouse row, plus the article-level bundle.

Field names follow the warehouse columns (warehouse/migrations/0002_facts.sql, reshaped by
0005_numeric_facts.sql) so a loader can turn records into rows without a mapping table.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FactKind = Literal["count", "money", "measure", "percent", "quote", "date"]
NUMERIC_KINDS = ("count", "money", "measure", "percent")
# The `facts` table's key columns (warehouse/migrations/0005_numeric_facts.sql): the table is
# these, then the fields of Fact in declaration order.
FACT_KEYS = ("fact_id", "article_id")
EntityType = Literal["person", "org", "place"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One catalogue entry: the name every alias resolves to.

    entity_id: stable slug from the catalogue (the warehouse key).
    aliases: surface forms that always mean this entity.
    context_aliases: short forms ("Kim", "Mr. Kim") that mean it only once the article has named
        it in full; when several entities share one, the nearest full mention before it wins.
    context_by: ids of entities whose full mention also licenses the short forms ("state media"
        is North Korean state media in an article that names North Korea).
    """

    entity_id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...] = ()
    context_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in the body: body[start_char:end_char] == text.

    entity_id: the catalogue's id, or "ner:<label>:<name>" for an entity only the model found;
    name: the catalogue's canonical name, or the fullest form the article uses ("Farid Osmani"
    for a later "Osmani" or "Mr Osmani"); label: the model's entity label (PERSON, ORG, GPE,
    NORP, ...) or the catalogue type.
    """

    entity_id: str
    name: str
    start_char: int
    end_char: int
    text: str
    label: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One extracted fact; offsets index the body exactly as given to the extractor.

    The fields are the `facts` table's columns after FACT_KEYS, in the table's order, and their
    types give the Arrow schema the warehouse loads them with (warehouse/arrow.py): a new column
    is a new field here plus the migration that adds it to the table.

    kind: count (people and things), money, measure (a unit), percent, quote or date.
    text: body[start_char:end_char]: the number phrase ("more than 12,000 acres"), the quotation
        without its marks, or the date expression.
    sentence: the sentence holding the fact (for a quote: every sentence it spans).
    subject / subject_key: what is counted or measured, as written ("collapsed buildings") and
        as the lemma of its head noun ("building"); for money and percent what the amount is of.
    predicate_lemma: lemma of the verb, adjective or event noun the number depends on ("pull");
        predicate: its normalised event class (config/predicates.toml; unmapped: the lemma).
    value / value_max / value_from: numbers in whole units (money in its currency's units);
        value_max ends a range or ceiling, value_from starts a change "from 200 to 312".
    date_value / date_value_max: a date fact's ISO 8601 value and range end.
    qualifier: the hedge as written ("more than", "almost"); hedge: its class (approximately,
        nearly, at least, more than, up to, fewer than, exactly). Dates: the date modifier.
    unit: money: ISO currency code; measure: unit lemma; percent: "percent"; count: None;
        date: precision (day, week, month, season, year).
    source: who the text says reported the number, or a quote's speaker, as written with its
        description; None when the text attributes it to nobody (or the speaker is unsure).
    via: an outer source that relays the inner one ("..., according to Reuters").
    extractor: extractor version + vocabulary + catalogue fingerprint; rows from another value
        are stale.
    """

    kind: FactKind
    subject: str | None = None
    subject_key: str | None = None
    predicate: str | None = None
    predicate_lemma: str | None = None
    value: float | None = None
    value_max: float | None = None
    value_from: float | None = None
    date_value: str | None = None
    date_value_max: str | None = None
    qualifier: str | None = None
    hedge: str | None = None
    unit: str | None = None
    source: str | None = None
    via: str | None = None
    text: str
    sentence: str
    start_char: int
    end_char: int
    extractor: str

    @property
    def number(self) -> float | None:
        """The numeric value (None for quotes and dates)."""
        return self.value


def fact_id(article_id: str, fact: Fact) -> str:
    """Deterministic key: the same fact of the same article by the same extractor is one row."""
    key = "\x1f".join(
        [
            article_id,
            fact.kind,
            str(fact.start_char),
            str(fact.end_char),
            fact.predicate or "",
            fact.unit or "",
            fact.extractor,
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class ExtractedFacts:
    """Everything extracted from one article body; `skipped` says why a body gave no facts
    (another language, no text, too long for the parser)."""

    extractor: str
    facts: tuple[Fact, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = field(default_factory=tuple)  # those mentioned, by name
    skipped: str | None = None
    sentences_skipped: int = 0  # sentences too long to parse (tables, lists run together)

    def by_kind(self, kind: FactKind) -> list[Fact]:
        return [fact for fact in self.facts if fact.kind == kind]

    def fact_rows(self, article_id: str) -> list[dict[str, Any]]:
        """Rows for the `facts` table, keys in its column order."""
        return [
            {"fact_id": fact_id(article_id, fact), "article_id": article_id, **asdict(fact)}
            for fact in self.facts
        ]

    def mention_rows(self, article_id: str) -> list[dict[str, Any]]:
        """Rows for the `mentions` table."""
        return [
            {
                "entity_id": m.entity_id,
                "article_id": article_id,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "text": m.text,
                "name": m.name,
                "label": m.label,
            }
            for m in self.mentions
        ]
