"""Which extractor made a fact: its code version and the fingerprints of what it reads.

Apart from the extractor itself so that a run can tell whether stored facts are current
without importing the parser and its rules (a run on unchanged input never extracts).
"""

from __future__ import annotations

from tasks.facts.entities import EntityCatalog
from tasks.facts.vocabulary import Vocabulary, load_vocabulary

# Bump on any change that can change the facts extracted from the same text: stored facts of
# another version are re-extracted on the next run.
EXTRACTOR_VERSION = "2.0.8"


def extractor_id(catalog: EntityCatalog, vocabulary: Vocabulary | None = None) -> str:
    """What facts.extractor records: code version + vocabulary + catalogue (any change
    re-extracts)."""
    vocabulary = vocabulary or load_vocabulary()
    return f"{EXTRACTOR_VERSION}+{vocabulary.fingerprint[:8]}{catalog.fingerprint[:8]}"
