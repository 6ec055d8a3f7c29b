"""Fixtures shared by the fact-extraction tests: the catalogue, the seed reports and one
extractor (the spaCy model is loaded once per test session, not per test).

Seed bodies are what the pipeline makes of seeds/*.txt (decoded, located, cleaned), as the seeds'
labelled set (tests/fixtures/facts/seeds/) is scored on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tasks.facts import EntityCatalog, ExtractedFacts, FactExtractor, load_entity_catalog
from testing.evaluate import DEFAULT_SETS, LabelledArticle, load_label_dir


@pytest.fixture(scope="session")
def catalog() -> EntityCatalog:
    return load_entity_catalog()


@pytest.fixture(scope="session")
def extractor(catalog: EntityCatalog) -> FactExtractor:
    return FactExtractor(catalog)


@pytest.fixture(scope="session")
def seeds() -> dict[str, LabelledArticle]:
    """Seed reports by number: "000" ... "004"."""
    return {a.id.removeprefix("seed-"): a for a in load_label_dir(DEFAULT_SETS["seeds"])}


@pytest.fixture(scope="session")
def extract(extractor: FactExtractor) -> Callable[..., ExtractedFacts]:
    def run(body: str, published_at: datetime | None = None) -> ExtractedFacts:
        return extractor.extract(body, published_at)

    return run
