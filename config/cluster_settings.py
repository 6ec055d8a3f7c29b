"""Settings for near-duplicate detection and story clustering.

`ClusterSettings` is meant to be nested in the main settings (env NEWSFACTS_CLUSTERS__<FIELD>).
The warehouse keeps the clustering state built under one set of these values; when a value that
shapes that state changes (see `fingerprint`), the next update rebuilds it from every article, so
old and new decisions are never mixed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ClusterSettings(BaseModel):
    """How syndicated copies are linked and how reports are grouped into stories."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    near_duplicate_threshold: float = Field(
        default=0.5,
        gt=0,
        lt=1,
        description="Estimated Jaccard similarity of word shingles from which two bodies are "
        "copies of one report (a copy with its last paragraph cut or a few words changed "
        "scores 0.6-0.95; different reports of one event score under 0.1).",
    )
    num_perm: int = Field(
        default=128,
        ge=16,
        le=1024,
        description="MinHash permutations: more estimate similarity more precisely, "
        "at a proportional cost in time and storage (4 bytes each per article).",
    )
    shingle_words: int = Field(
        default=5,
        ge=1,
        le=12,
        description="Words per shingle: longer shingles make shared stock phrases matter less.",
    )
    minhash_seed: int = Field(default=1, ge=0, description="Seed of the MinHash permutations.")
    story_threshold: float = Field(
        default=0.25,
        gt=0,
        lt=1,
        description="Least TF-IDF cosine similarity between a report and a story for the report "
        "to join it; below it the report opens a new story. On the extraction benchmark's real "
        "multi-outlet events, 0.25 keeps every event whole and pure; 0.2 starts merging "
        "neighbouring subjects, 0.3 splits events.",
    )
    story_window_days: float = Field(
        default=7.0,
        gt=0,
        le=3650,
        description="A report published more than this many days before or after every report "
        "of a story cannot join it (reports without a publication date are not held to it).",
    )
    story_date_boost: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="How much closeness in time counts: a report's similarity to a story is "
        "multiplied by up to 1 + this when it was published within the span of the story's "
        "reports, falling linearly to 1 at the edge of the window (0 turns it off; undated "
        "reports are never raised).",
    )
    story_terms: int = Field(
        default=300,
        ge=10,
        le=10_000,
        description="Highest-weighted terms kept in a story's term vector.",
    )
    candidate_terms: int = Field(
        default=20,
        ge=1,
        le=1_000,
        description="A report's highest-weighted terms used to find stories worth comparing.",
    )
    candidate_stories: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="Stories scored for each report: those sharing most of its candidate terms.",
    )
    label_terms: int = Field(
        default=5, ge=1, le=50, description="Top terms listed with each story."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.candidate_terms > self.story_terms:
            raise ValueError(
                f"candidate_terms ({self.candidate_terms}) cannot exceed story_terms "
                f"({self.story_terms})"
            )
        if self.label_terms > self.story_terms:
            raise ValueError(
                f"label_terms ({self.label_terms}) cannot exceed story_terms ({self.story_terms})"
            )
        return self

    def fingerprint(self) -> str:
        """Identifies the values that shape stored clustering state; label_terms does not."""
        shaping = self.model_dump(exclude={"label_terms"})
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]
