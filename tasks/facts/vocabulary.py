"""The fact extractor's vocabulary (config/quantities.toml, config/predicates.toml), validated.

Data, not code: currencies, scale words, measure units, hedges, reporting verbs and the event
classes predicates map to. Loaded and checked once per process; a malformed file fails at
start-up with the file and field named, not in the middle of a run.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
QUANTITIES_FILE = CONFIG_DIR / "quantities.toml"
PREDICATES_FILE = CONFIG_DIR / "predicates.toml"


class VocabularyError(ValueError):
    """A vocabulary file is missing or malformed."""


class _Reporting(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    verbs: frozenset[str]
    speech_verbs: frozenset[str]
    object_verbs: frozenset[str]
    single_instance_nouns: frozenset[str]
    discourse_nouns: frozenset[str]
    wording_nouns: frozenset[str]
    forms: tuple[str, ...]
    nouns: frozenset[str]
    identifier_nouns: frozenset[str]
    phone_words: frozenset[str]
    street_types: frozenset[str]
    relative_time_words: frozenset[str]
    span_adjectives: frozenset[str]
    age_adjectives: frozenset[str]
    date_nouns: frozenset[str]
    tenor_nouns: frozenset[str]


class _Percent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    words: tuple[str, ...]


class _Codes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    codes: frozenset[str]


class Vocabulary(BaseModel):
    """Everything tasks/facts reads from config, as immutable lookups."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    scales: dict[str, float]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    currency_word_prefixes: dict[str, str]
    currency_codes: _Codes
    percent: _Percent
    units: dict[str, str]
    hedges: dict[str, str]
    vague: dict[str, tuple[float, float]]
    reporting: _Reporting
    # "unit/period" -> how many units fill the period: "7 days a week" says "always"
    full_periods: dict[str, float] = Field(default_factory=dict)
    event_classes: dict[str, str] = Field(default_factory=dict)  # lemma -> class
    fingerprint: str = ""

    @model_validator(mode="after")
    def _codes_are_iso(self) -> Vocabulary:
        codes = [*self.currency_symbols.values(), *self.currency_words.values()]
        bad = [c for c in codes if not (len(c) == 3 and c.isupper())]
        if bad:
            raise ValueError(f"currency codes must be three capital letters: {bad}")
        hedge_classes = {
            "at least", "more than", "approximately", "nearly", "up to", "fewer than", "exactly"
        }  # fmt: skip
        unknown = set(self.hedges.values()) - hedge_classes
        if unknown:
            raise ValueError(
                f"unknown hedge classes {sorted(unknown)}; use {sorted(hedge_classes)}"
            )
        return self

    def event_class(self, lemma: str | None) -> str | None:
        """The normalised event of a predicate lemma; an unmapped lemma is its own class."""
        if lemma is None:
            return None
        return self.event_classes.get(lemma.lower(), lemma.lower())


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VocabularyError(f"{path}: {exc}") from exc


@cache
def load_vocabulary(
    quantities: Path = QUANTITIES_FILE, predicates: Path = PREDICATES_FILE
) -> Vocabulary:
    """Both files, validated; the fingerprint changes when either file's content does."""
    raw = _read(quantities)
    classes = _read(predicates).get("classes", {})
    event_classes: dict[str, str] = {}
    for name, lemmas in classes.items():
        if not isinstance(lemmas, list) or not all(isinstance(x, str) for x in lemmas):
            raise VocabularyError(f"{predicates}: class {name!r} must list lemmas (strings)")
        for lemma in lemmas:
            if lemma in event_classes and event_classes[lemma] != name:
                raise VocabularyError(
                    f"{predicates}: {lemma!r} is in both {event_classes[lemma]!r} and {name!r}"
                )
            event_classes[lemma] = name
    digest = hashlib.sha256(quantities.read_bytes() + b"\0" + predicates.read_bytes())
    try:
        return Vocabulary(**raw, event_classes=event_classes, fingerprint=digest.hexdigest())
    except ValidationError as exc:
        raise VocabularyError(f"{quantities}: {exc}") from exc
