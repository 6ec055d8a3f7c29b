"""Typed records passed between pipeline stages.

One record type per stage boundary, so every stage's input and output is explicit and a stage
can be tested on its own. All are immutable; stages build new records instead of mutating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

InputKind = Literal["text", "html"]  # what an article's text came as
# What discovery makes of a file: one article's text, or a web archive of many records.
FileKind = Literal["text", "html", "warc"]


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file found by discovery, before it is read."""

    origin: str  # what provenance records call it: the file path as given, or a URL
    path: Path
    kind: FileKind | None  # None: a file type we do not ingest (rejected, but remembered)
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not be ingested, with a reason a person understands."""

    origin: str
    stage: str  # discover | read | decode | extract | clean | fetch | load
    reason: str


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Bytes turned into text, with what the detector decided."""

    text: str
    encoding: str  # codec name as Python knows it, e.g. "utf_8", "cp949"
    had_bom: bool = False


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line the cleaner removed, and why: kept so cleaning can be audited and tested."""

    line_no: int  # 0-based index into the input's lines
    text: str
    reason: str  # e.g. appeal, newsletter, comments, syndication, timestamp, broadcast_marker


@dataclass(frozen=True, slots=True)
class CleanedText:
    """A report's own text, with the metadata the page chrome gave away."""

    body: str  # paragraphs separated by one blank line, in original order
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    dropped: tuple[DroppedLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article ready to load: one per distinct content hash."""

    origin: str
    content_hash: str  # sha256 hex of the normalised cleaned body
    body: str
    title: str | None
    publisher: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    word_count: int
    source_kind: InputKind
    encoding: (
        str | None
    )  # detected encoding of the input bytes; None when fetched text was decoded by httpx
    url: str | None = None  # canonical URL, where the input came from the web
    fetched_at: datetime | None = None  # when the input was fetched (a WARC record's date)
    # What a news-database export states about the document (None for other inputs):
    section: str | None = None  # SECTION, e.g. "NEWS; Pg. 3"
    declared_words: int | None = None  # LENGTH
    load_date: date | None = None  # LOAD-DATE
    copyright: str | None = None  # the copyright line


@dataclass(frozen=True, slots=True)
class KnownInput:
    """What the warehouse remembers of an input from an earlier run."""

    size: int
    mtime_ns: int
    bytes_sha256: str


# cleared: a rejected input that is gone from its folder (or a folder readable again)
InputOutcomeKind = Literal[
    "article", "rejected", "unchanged", "skipped", "cleared", "archive", "manifest"
]


@dataclass(frozen=True, slots=True)
class InputOutcome:
    """An input's fingerprint and what became of it, so an unchanged input is skipped next time.

    Only outcomes decided by the bytes are remembered; an unreadable file is tried again.
    """

    origin: str
    size: int
    mtime_ns: int
    bytes_sha256: str
    outcome: InputOutcomeKind
    content_hash: str | None = None
    reason: str | None = None


def input_outcome(
    origin: str,
    size: int,
    fingerprint: str,
    outcome: InputOutcomeKind,
    *,
    mtime_ns: int = 0,
    content_hash: str | None = None,
    reason: str | None = None,
) -> InputOutcome:
    """The fingerprint row of one input, as the file and the page batches both record it.

    `mtime_ns` stays 0 for a fetched page: mtime has no meaning on the web, so only its bytes
    decide whether it is unchanged. A file passes its own, so size+mtime can skip it unread.
    """
    return InputOutcome(
        origin=origin,
        size=size,
        mtime_ns=mtime_ns,
        bytes_sha256=fingerprint,
        outcome=outcome,
        content_hash=content_hash,
        reason=reason,
    )


FetchOutcome = Literal[
    "article",  # extracted and loaded (new, or a duplicate of a loaded article)
    "unchanged",  # same bytes as last time: not extracted again
    "not_modified",  # 304 to our conditional request
    "off_topic",  # extracted, failed the topic filter: skipped, not stored
    "rejected",  # fetched but unusable (no article text, too short, undecodable)
    "failed",  # no usable response (network, robots.txt, status, type, size, SSRF guard)
    "source",  # a feed or sitemap document fetched to discover article URLs
]


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One URL fetched in a run and what became of it: a row of the `fetches` table."""

    url: str
    canonical_url: str
    final_url: str
    source: str | None  # sources-file name the URL came from
    status: int | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    bytes: int
    elapsed_ms: int
    attempts: int
    error: str | None
    outcome: FetchOutcome
    content_hash: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """One HTTP response of a web archive (WARC) that may hold an article, with its payload."""

    origin: str  # "<archive path>#offset=<record offset>": where a reader finds it again
    offset: int
    url: str | None  # WARC-Target-URI
    fetched_at: datetime | None  # WARC-Date
    content_type: str | None  # HTTP Content-Type, without parameters
    charset: str | None  # HTTP Content-Type charset: a hint for decoding
    status: int | None  # HTTP status code
    location: str | None  # HTTP Location header (redirects)
    payload: bytes


@dataclass(frozen=True, slots=True)
class ArchiveProgress:
    """How far into an archive file the committed batches reach, so a crash resumes there."""

    origin: str  # the archive file's path
    size: int
    mtime_ns: int
    next_offset: int  # offset of the first record not yet loaded
    complete: bool  # every record was read: the archive is remembered like any finished input
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, records) left out by design here


@dataclass(frozen=True, slots=True)
class ArchiveChunk:
    """A slice of an archive between two offsets: records to process, problems already found."""

    records: tuple[ArchiveRecord, ...]
    rejects: tuple[Reject, ...]
    progress: ArchiveProgress


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What a metadata manifest says about one input file; None: the manifest is silent."""

    url: str | None = None
    publisher: str | None = None
    published_at: datetime | None = None
    title: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class RawInput:
    """An input whose raw bytes are kept (tasks/inputs/raw_store.py), with what re-processing
    needs."""

    origin: str  # the file, WARC record (…#offset=N) or canonical URL
    bytes_sha256: str  # names the stored blob
    kind: InputKind
    url: str | None = None
    charset: str | None = None  # transport charset hint (HTTP Content-Type)
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Everything one batch of inputs produced, loaded into the warehouse in one transaction."""

    articles: tuple[Article, ...] = ()
    rejects: tuple[Reject, ...] = ()
    outcomes: tuple[InputOutcome, ...] = ()
    fetches: tuple[FetchRecord, ...] = ()
    skipped: int = 0  # inputs left out by design (off-topic pages), neither stored nor rejected
    archive: ArchiveProgress | None = None  # set when the batch is a slice of a web archive
    raw: tuple[RawInput, ...] = ()  # inputs whose bytes were stored for re-processing

    @property
    def unchanged(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.outcome == "unchanged")
