"""Facts for a batch of stored articles: the extractor applied article by article, failures kept.

One article the extractor trips over must not cost the others their facts, so each failure is
recorded with its error and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tasks.facts import EntityCatalog, extract_facts, extractor_id


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What the extractor needs of a stored article."""

    article_id: str
    body: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class FactBatch:
    """Rows for the facts, mentions and fact_extractions tables from one batch of articles."""

    extractor: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    extractions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [row for row in self.extractions if row["error"] is not None]


def extract_batch(articles: Iterable[ArticleText], catalog: EntityCatalog) -> FactBatch:
    """Every article's facts and mentions; an article that fails is recorded with its error."""
    batch = FactBatch(extractor=extractor_id(catalog))
    for article in articles:
        try:
            found = extract_facts(article.body, published_at=article.published_at, catalog=catalog)
        except Exception as exc:  # a bug on one article; the rest still get their facts
            error = f"{type(exc).__name__}: {exc}"
            batch.extractions.append(_extraction(article.article_id, batch.extractor, error=error))
            continue
        facts = found.fact_rows(article.article_id)
        mentions = found.mention_rows(article.article_id)
        batch.facts.extend(facts)
        batch.mentions.extend(mentions)
        batch.extractions.append(
            _extraction(
                article.article_id, batch.extractor, facts=len(facts), mentions=len(mentions)
            )
        )
    return batch


def _extraction(
    article_id: str, extractor: str, *, facts: int = 0, mentions: int = 0, error: str | None = None
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "extractor": extractor,
        "facts": facts,
        "mentions": mentions,
        "error": error,
    }
