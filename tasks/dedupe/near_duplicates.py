"""Near-duplicate reports: syndicated copies and light rewrites of one text.

Exact copies already share a content hash. What is left are copies an outlet changed a little: a
dateline added, a paragraph cut, a spelling or a name's form changed. Each body becomes a MinHash
signature over its word shingles (datasketch), and MinHash LSH finds earlier bodies whose
estimated Jaccard similarity reaches the threshold. Copies form a group whose representative is
its earliest article (the wire original); the stored link and similarity are to that article.

Shingles are hashed by combining per-word hashes (blake2b), then fed to datasketch's MinHash.
Pure: signatures in and out are bytes, so the caller decides where they are kept, and an index
restored from stored signatures decides exactly as the one that built them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from config.cluster_settings import ClusterSettings

if TYPE_CHECKING:  # datasketch imports scipy (~0.5 s): loaded only when something is clustered
    from datasketch import MinHash

# Bump when shingling or hashing changes, so stored signatures are rebuilt, not mixed.
ALGORITHM_VERSION = "near-duplicates/1"
_SCHEME = "affine32"
_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")
# LSH banding that weighs a missed copy 19 times a false candidate: at the default threshold a
# pair at 0.5 is found 97% of the time and one at 0.6 99.8%; candidates are checked anyway.
_LSH_WEIGHTS = (0.05, 0.95)
_MULTIPLIER = np.uint64(1_000_003)
_MASK = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """`article_id` is a copy of `duplicate_of`, the earliest article of its group."""

    article_id: str
    duplicate_of: str
    similarity: float  # estimated Jaccard similarity of the two bodies' shingle sets


@dataclass(frozen=True, slots=True)
class SignedArticle:
    """An article already in the index, as stored: enough to restore its place exactly."""

    article_id: str
    seen: datetime  # naive UTC: publication time, else when first seen; earliest represents
    signature: bytes
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a new article went: a copy of a group, or a group of its own.

    `regrouped` lists earlier articles whose link changed because the new article is older than
    their group's representative and so took its place.
    """

    article_id: str
    signature: bytes
    duplicate_of: str | None
    similarity: float | None
    regrouped: tuple[NearDuplicate, ...] = ()


def words(body: str) -> list[str]:
    """Case- and form-folded words, so "Kim Jong-un" and "Kim Jong Un" read alike."""
    return _WORD.findall(unicodedata.normalize("NFKC", body).casefold())


def shingles(body: str, size: int) -> set[str]:
    """Runs of `size` consecutive words; a body shorter than that is one shingle."""
    tokens = words(body)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def shingle_hashes(body: str, size: int) -> np.ndarray:
    """The shingles as distinct 32-bit hashes, built from per-word hashes.

    Equal shingles get equal hashes in any process (no Python hash randomisation); hashing each
    word once and combining them with numpy is what keeps signing cheap.
    """
    tokens = words(body)
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    size = min(size, len(tokens))
    per_word = np.fromiter((_word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - size + 1
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(size):
        combined = (combined * _MULTIPLIER + per_word[offset : offset + n]) & _MASK
    return np.unique(combined.astype(np.uint32))


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest(), "little")


def _identity(value: int) -> int:
    """Shingles arrive already hashed."""
    return value


class Signer:
    """Makes MinHash signatures; one permutation set is drawn once and shared by every body."""

    def __init__(self, *, num_perm: int, seed: int, shingle_words: int) -> None:
        from datasketch import MinHash

        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self._template = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME)
        self._minhash = MinHash  # the class, imported once here rather than per signature

    def minhash(self, body: str) -> MinHash:
        sketch = self._blank()
        sketch.update_batch(shingle_hashes(body, self.shingle_words).tolist())
        return sketch

    def restore(self, signature: bytes) -> MinHash:
        values = np.frombuffer(signature, dtype=_DTYPE)
        if len(values) != self.num_perm:
            raise ValueError(
                f"stored signature has {len(values)} values, settings say num_perm={self.num_perm}"
            )
        return self._minhash(
            hashvalues=values,
            permutations=self._template.permutations,
            seed=self._template.seed,
            hashfunc=_identity,
            scheme=_SCHEME,
        )

    def _blank(self) -> MinHash:
        return self._minhash(
            num_perm=self.num_perm,
            seed=self._template.seed,
            permutations=self._template.permutations,
            hashfunc=_identity,
            scheme=_SCHEME,
        )


def to_bytes(sketch: MinHash) -> bytes:
    return np.asarray(sketch.hashvalues, dtype=_DTYPE).tobytes()


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity, rounded so stored values compare and print cleanly."""
    return round(float(a.jaccard(b)), 4)


@dataclass(slots=True)
class _Member:
    seen: datetime
    sketch: MinHash
    representative: str


class NearDuplicateIndex:
    """Every article seen so far, grouped; `add` places a new one against all of them."""

    def __init__(self, settings: ClusterSettings) -> None:
        from datasketch import MinHashLSH

        self.threshold = settings.near_duplicate_threshold
        self._signer = Signer(
            num_perm=settings.num_perm,
            seed=settings.minhash_seed,
            shingle_words=settings.shingle_words,
        )
        self._lsh = MinHashLSH(
            threshold=self.threshold, num_perm=settings.num_perm, weights=_LSH_WEIGHTS
        )
        self._members: dict[str, _Member] = {}
        self._groups: dict[str, set[str]] = {}  # representative -> its copies

    @property
    def signer(self) -> Signer:
        return self._signer

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._members

    def restore(self, articles: Iterable[SignedArticle]) -> None:
        """Put back stored articles with their stored links: no similarity is re-decided."""
        for article in articles:
            sketch = self._signer.restore(article.signature)
            representative = article.duplicate_of or article.article_id
            self._members[article.article_id] = _Member(article.seen, sketch, representative)
            self._lsh.insert(article.article_id, sketch, check_duplication=False)
            if article.duplicate_of is None:
                self._groups.setdefault(article.article_id, set())
            else:
                self._groups.setdefault(article.duplicate_of, set()).add(article.article_id)
        for representative in self._groups:
            if representative not in self._members:
                raise ValueError(f"stored copies point at {representative}, which is not stored")

    def representative(self, article_id: str) -> str:
        return self._members[article_id].representative

    def add(self, article_id: str, body: str, seen: datetime) -> Placement:
        """Place a new article: a copy of the group it is most similar to, or a group of its own.

        It joins a group when it is similar enough to any article of it (a copy of a copy is
        still the same report). Of several such groups the most similar wins, then the older;
        groups are never merged. If the newcomer is older than the group's representative it
        becomes the representative, and the group's links are rewritten to it.
        """
        if article_id in self._members:
            raise ValueError(f"article {article_id} is already in the index")
        sketch = self._signer.minhash(body)
        scores: dict[str, float] = {}
        for candidate in [] if sketch.is_empty() else self._lsh.query(sketch):
            score = similarity(sketch, self._members[candidate].sketch)
            if score >= self.threshold:
                group = self._members[candidate].representative
                scores[group] = max(score, scores.get(group, 0.0))
        group = min(scores, key=lambda g: (-scores[g], self._members[g].seen, g), default=None)
        self._lsh.insert(article_id, sketch, check_duplication=False)
        if group is None:
            self._members[article_id] = _Member(seen, sketch, article_id)
            self._groups[article_id] = set()
            return Placement(article_id, to_bytes(sketch), None, None)
        if (seen, article_id) < (self._members[group].seen, group):
            return self._take_over(article_id, sketch, seen, group)
        self._members[article_id] = _Member(seen, sketch, group)
        self._groups[group].add(article_id)
        score = similarity(sketch, self._members[group].sketch)
        return Placement(article_id, to_bytes(sketch), group, score)

    def _take_over(self, article_id: str, sketch: MinHash, seen: datetime, old: str) -> Placement:
        members = sorted({old} | self._groups.pop(old))
        self._members[article_id] = _Member(seen, sketch, article_id)
        self._groups[article_id] = set(members)
        regrouped = []
        for member in members:
            self._members[member].representative = article_id
            score = similarity(self._members[member].sketch, sketch)
            regrouped.append(NearDuplicate(member, article_id, score))
        return Placement(article_id, to_bytes(sketch), None, None, tuple(regrouped))
