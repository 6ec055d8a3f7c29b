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

from typing import TYPE_CHECKING

from tasks.facts.entities import CatalogError, EntityCatalog, load_entity_catalog
from tasks.facts.records import Entity, ExtractedFacts, Fact, Mention, fact_id
from tasks.facts.version import EXTRACTOR_VERSION, extractor_id

if TYPE_CHECKING:
    from tasks.facts.extract import ArticleInput, FactExtractor, extract_facts

# The extractor (its parse rules, numpy, the language and sentence libraries) is imported
# when one of its names is first asked for, not with the package: a CLI call that never
# extracts (a no-op run, `query`, `status`) does not pay for it.
_FROM_EXTRACT = frozenset({"ArticleInput", "FactExtractor", "extract_facts"})


def __getattr__(name: str) -> object:
    if name in _FROM_EXTRACT:
        from tasks.facts import extract

        return getattr(extract, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
