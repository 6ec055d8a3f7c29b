"""What the fact extractor returns: one record per warehouse row, plus the article-level bundle.

Field names follow the warehouse columns (warehouse/migrations/0002_facts.sql) so a loader can
turn records into rows without a mapping table.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FactKind = Literal["count", "quote", "date"]
# The `facts` table's columns, in order (warehouse/migrations/0002_facts.sql).
FACT_COLUMNS = (
    "fact_id",
    "article_id",
    "kind",
    "subject",
    "subject_key",
    "predicate",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "source",
    "via",
    "text",
    "sentence",
    "start_char",
    "end_char",
    "extractor",
)
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
    """An entity named in the body: body[start_char:end_char] == text."""

    entity_id: str
    name: str  # canonical name
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted fact; offsets index the body exactly as given to the extractor.

    kind: 'count' | 'quote' | 'date'.
    text: body[start_char:end_char]. Count: the quantity phrase ("approximately 600 soldiers").
        Quote: the quotation without its marks. Date: the date expression ("last fall").
    sentence: the sentence holding the fact (for a quote: every sentence it spans).
    subject: count only, what is counted, as written ("North Korean soldiers"); None if unknown.
    subject_key: count only, the subject folded so reports compare ("troops", "engineers").
    predicate: count only, normalised event (killed, wounded, casualties, deployed, fought,
        captured, returned, missing, agreed_to_send, supplied).
    value / value_max: count: the number as plain decimal text ("600"); value_max is the upper
        bound of a range or ceiling ("up to 15,000" -> "15000"/"15000"; "hundreds" -> 200/900).
        Date: ISO 8601 ("2025-06-27", "2025-04", "2024", "2025-W26"); value_max ends a range;
        None when the date is relative and there is no published date to resolve it against.
    qualifier: count hedge (approximately, nearly, at least, more than, fewer than, up to,
        between, indefinite); date modifier (early, mid, late, earlier, later, since, until,
        as early as, between).
    unit: count: None for a number of people or things, day/week/month/year for a duration.
        Date: precision (day, week, month, season, year).
    source: count: who the claim is attributed to, quote: the speaker. Canonical entity name when
        the catalogue knows it, else the phrase as written ("South Korean officials"); None when
        the text attributes it to nobody.
    via: who relayed the source's claim ("according to lawmaker Lee, who cited the NIS").
    extractor: extractor version + catalogue fingerprint; rows from another value are stale.
    """

    kind: FactKind
    text: str
    sentence: str
    start_char: int
    end_char: int
    extractor: str
    subject: str | None = None
    subject_key: str | None = None
    predicate: str | None = None
    value: str | None = None
    value_max: str | None = None
    qualifier: str | None = None
    unit: str | None = None
    source: str | None = None
    via: str | None = None

    @property
    def number(self) -> float | None:
        """The count's value as a number (None for quotes and dates)."""
        return float(self.value) if self.kind == "count" and self.value is not None else None


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
    """Everything extracted from one article body."""

    extractor: str
    facts: tuple[Fact, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = field(default_factory=tuple)  # those mentioned, by name

    def by_kind(self, kind: FactKind) -> list[Fact]:
        return [fact for fact in self.facts if fact.kind == kind]

    def fact_rows(self, article_id: str) -> list[dict[str, Any]]:
        """Rows for the `facts` table, keys in its column order."""
        rows = []
        for fact in self.facts:
            values = asdict(fact)
            row = {"fact_id": fact_id(article_id, fact), "article_id": article_id}
            row.update((name, values[name]) for name in FACT_COLUMNS[2:])
            rows.append(row)
        return rows

    def mention_rows(self, article_id: str) -> list[dict[str, Any]]:
        """Rows for the `mentions` table."""
        return [
            {
                "entity_id": m.entity_id,
                "article_id": article_id,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "text": m.text,
            }
            for m in self.mentions
        ]
