"""Facts for a batch of stored articles: one parser pass over the batch, failures kept.

The batch's candidate sentences are parsed together (nlp.pipe), which is what makes the parser
affordable. One article the extractor trips over must not cost the others their facts: if the
batch fails, each article is retried alone and only the failing ones are recorded with their
error. Articles the parser cannot serve (another language, no text, too long) get no facts and a
`skipped` reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tasks.facts import EntityCatalog, ExtractedFacts

if TYPE_CHECKING:
    from tasks.facts.extract import FactExtractor

_EXTRACTORS: dict[str, FactExtractor] = {}


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

    @property
    def skipped(self) -> list[dict[str, Any]]:
        return [row for row in self.extractions if row["skipped"] is not None]


def extractor_for(catalog: EntityCatalog) -> FactExtractor:
    """One extractor (and so one loaded model) per process and catalogue."""
    key = catalog.fingerprint
    if key not in _EXTRACTORS:
        from tasks.facts.extract import FactExtractor  # with the first batch that has facts to find

        _EXTRACTORS[key] = FactExtractor(catalog)
    return _EXTRACTORS[key]


def extract_batch(
    articles: Iterable[ArticleText],
    catalog: EntityCatalog,
    extractor: FactExtractor | None = None,
) -> FactBatch:
    """Every article's facts and mentions; an article that fails is recorded with its error."""
    extractor = extractor or extractor_for(catalog)
    articles = list(articles)
    batch = FactBatch(extractor=extractor.extractor)
    from tasks.facts.extract import ArticleInput

    inputs = [ArticleInput(a.body, a.published_at) for a in articles]
    try:
        results: list[ExtractedFacts | str] = list(extractor.extract_many(inputs))
    except Exception:  # a bug on some article: find it by extracting one at a time
        results = []
        for one in inputs:
            try:
                results.append(extractor.extract_many([one])[0])
            except Exception as exc:
                results.append(f"{type(exc).__name__}: {exc}")
    for article, found in zip(articles, results, strict=True):
        if isinstance(found, str):
            batch.extractions.append(_extraction(article.article_id, batch.extractor, error=found))
            continue
        facts = found.fact_rows(article.article_id)
        mentions = found.mention_rows(article.article_id)
        batch.facts.extend(facts)
        batch.mentions.extend(mentions)
        batch.extractions.append(
            _extraction(
                article.article_id,
                batch.extractor,
                facts=len(facts),
                mentions=len(mentions),
                skipped=found.skipped,
            )
        )
    return batch


def _extraction(
    article_id: str,
    extractor: str,
    *,
    facts: int = 0,
    mentions: int = 0,
    error: str | None = None,
    skipped: str | None = None,
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "extractor": extractor,
        "facts": facts,
        "mentions": mentions,
        "error": error,
        "skipped": skipped,
    }
