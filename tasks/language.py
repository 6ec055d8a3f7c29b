"""Language identification with a model that ships inside its wheel (py3langid): no download."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Below this normalised probability the guess is noise (very short or mixed text): say nothing.
_MIN_PROBABILITY = 0.8
_SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's main language, or None when unsure."""
    sample = text[:_SAMPLE_CHARS]
    if not sample.strip():
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= _MIN_PROBABILITY else None
