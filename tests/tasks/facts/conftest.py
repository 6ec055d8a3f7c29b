"""Fixtures shared by the fact-extraction tests: the catalogue, the seed reports and one
extractor (the spaCy model is loaded once per test session, not per test).

Seed bodies are the report text of seeds/*.txt with page chrome cut as the labelled set says
(tests/tasks/facts/labelled/seeds.jsonl), paragraphs joined by blank lines like the cleaner's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tasks.facts import EntityCatalog, ExtractedFacts, FactExtractor, load_entity_catalog
from tasks.facts.evaluate import LabelledArticle, load_seed_labels


@pytest.fixture(scope="session")
def catalog() -> EntityCatalog:
    return load_entity_catalog()


@pytest.fixture(scope="session")
def extractor(catalog: EntityCatalog) -> FactExtractor:
    return FactExtractor(catalog)


@pytest.fixture(scope="session")
def seeds() -> dict[str, LabelledArticle]:
    """Seed reports by number: "000" ... "004"."""
    return {a.id.removeprefix("seed-"): a for a in load_seed_labels()}


@pytest.fixture(scope="session")
def extract(extractor: FactExtractor) -> Callable[..., ExtractedFacts]:
    def run(body: str, published_at: datetime | None = None) -> ExtractedFacts:
        return extractor.extract(body, published_at)

    return run
