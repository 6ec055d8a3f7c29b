"""Fact extraction: attributed counts, amounts, measures, percentages, quotes, dates and
entities from a cleaned body, read from spaCy's parse (issue 11).

Pure, deterministic and offline (no Prefect, no DuckDB, nothing downloaded). The lead's flow
calls:

    catalog = load_entity_catalog()                      # config/entities.toml (optional)
    extractor = FactExtractor(catalog)                   # loads the model once
    found = extractor.extract_many([ArticleInput(body, published_at), ...])
    found[0].fact_rows(article_id), found[0].mention_rows(article_id), catalog.entity_rows()

and replaces an article's rows whenever `found.extractor` differs from what the warehouse holds.
`articles.extract_batch` does this for a batch of stored articles (one parser pass, an article the
extractor trips over retried alone and recorded with its error).
"""

from tasks.facts.entities import CatalogError, EntityCatalog, load_entity_catalog
from tasks.facts.extract import (
    EXTRACTOR_VERSION,
    ArticleInput,
    FactExtractor,
    extract_facts,
    extractor_id,
)
from tasks.facts.records import Entity, ExtractedFacts, Fact, Mention, fact_id

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleInput",
    "CatalogError",
    "Entity",
    "EntityCatalog",
    "ExtractedFacts",
    "Fact",
    "FactExtractor",
    "Mention",
    "extract_facts",
    "extractor_id",
    "fact_id",
    "load_entity_catalog",
]
