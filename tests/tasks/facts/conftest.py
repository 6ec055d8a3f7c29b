"""Fixtures shared by the fact-extraction tests: the catalogue and the seed reports.

Seed bodies are the report text of seeds/*.txt with page chrome cut as the labelled set says
(tests/tasks/facts/labelled/seeds.jsonl), paragraphs joined by blank lines like the cleaner's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tasks.facts import EntityCatalog, ExtractedFacts, extract_facts, load_entity_catalog
from tasks.facts.evaluate import DEFAULT_LABELLED, LabelledText, load_labelled


@pytest.fixture(scope="session")
def catalog() -> EntityCatalog:
    return load_entity_catalog()


@pytest.fixture(scope="session")
def seeds() -> dict[str, LabelledText]:
    """Seed reports by number: "000" ... "004"."""
    texts = [t for t in load_labelled(DEFAULT_LABELLED) if t.file == "seeds.jsonl"]
    return {t.labels["seed"][:3]: t for t in texts}


@pytest.fixture(scope="session")
def extract(catalog: EntityCatalog) -> Callable[..., ExtractedFacts]:
    def run(body: str, published_at: datetime | None = None) -> ExtractedFacts:
        return extract_facts(body, published_at=published_at, catalog=catalog)

    return run
