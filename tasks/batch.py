"""Process a batch of input files: read, skip what is unchanged, build articles or rejects.

A text file that is a news-database export (recognised by its content) gives one article per
document; every other file gives at most one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from tasks.inputs.files import unsupported_reason
from tasks.inputs.nexis import export_articles, looks_like_export
from tasks.inputs.raw_store import put_raw
from tasks.normalise import bytes_sha256
from tasks.process import build_article, oversize_reason, read_input
from tasks.records import (
    Article,
    BatchResult,
    InputFile,
    InputOutcome,
    InputOutcomeKind,
    KnownInput,
    RawInput,
    Reject,
    input_outcome,
)


def is_unchanged_by_stat(item: InputFile, known: KnownInput | None) -> bool:
    """Same size and mtime as last time: skip without even reading the file."""
    return known is not None and known.size == item.size and known.mtime_ns == item.mtime_ns


def process_files(
    items: Iterable[InputFile],
    *,
    known: Mapping[str, KnownInput],
    max_file_bytes: int,
    min_words: int,
    raw_dir: Path | None = None,
) -> BatchResult:
    """Articles, rejects and fingerprints for `items`; inputs whose bytes are known are skipped.

    With `raw_dir`, the bytes of every input read are kept there for `--reprocess`.
    """
    articles: list[Article] = []
    rejects: list[Reject] = []
    outcomes: list[InputOutcome] = []
    raw: list[RawInput] = []
    for item in items:
        if item.kind is None:
            # Not read at all: remembered by size and mtime only, so it is not re-reported.
            reject = Reject(
                origin=item.origin, stage="discover", reason=unsupported_reason(item.path)
            )
            rejects.append(reject)
            outcomes.append(_file_outcome(item, "", "rejected", reason=reject.reason))
            continue
        if item.size > max_file_bytes:
            # Decided by size alone: remembered by size and mtime like an unsupported type.
            reject = Reject(item.origin, "read", oversize_reason(max_file_bytes))
            rejects.append(reject)
            outcomes.append(_file_outcome(item, "", "rejected", reason=reject.reason))
            continue
        data = read_input(item.path, origin=item.origin, max_bytes=max_file_bytes)
        if isinstance(data, Reject):
            rejects.append(data)  # unreadable now, maybe not next time: not remembered
            continue
        fingerprint = bytes_sha256(data)
        previous = known.get(item.origin)
        if previous is not None and previous.bytes_sha256 == fingerprint:
            outcomes.append(_file_outcome(item, fingerprint, "unchanged"))
            continue
        if raw_dir is not None:
            put_raw(raw_dir, data, fingerprint)
            raw.append(RawInput(item.origin, fingerprint, kind=item.kind))  # type: ignore[arg-type]
        if item.kind == "text" and looks_like_export(data):
            found, problems = export_articles(data, origin=item.origin, min_words=min_words)
            articles.extend(found)
            rejects.extend(problems)
            outcomes.append(_export_outcome(item, fingerprint, found, problems))
            continue
        result = build_article(data, origin=item.origin, kind=item.kind, min_words=min_words)
        if isinstance(result, Reject):
            rejects.append(result)
            outcomes.append(_file_outcome(item, fingerprint, "rejected", reason=result.reason))
        else:
            articles.append(result)
            outcomes.append(
                _file_outcome(item, fingerprint, "article", content_hash=result.content_hash)
            )
    return BatchResult(
        articles=tuple(articles), rejects=tuple(rejects), outcomes=tuple(outcomes), raw=tuple(raw)
    )


def _file_outcome(
    item: InputFile,
    fingerprint: str,
    outcome: InputOutcomeKind,
    *,
    content_hash: str | None = None,
    reason: str | None = None,
) -> InputOutcome:
    """input_outcome for a file: its origin, size and mtime come from the InputFile."""
    return input_outcome(
        item.origin,
        item.size,
        fingerprint,
        outcome,
        mtime_ns=item.mtime_ns,
        content_hash=content_hash,
        reason=reason,
    )


def _export_outcome(
    item: InputFile, fingerprint: str, found: list[Article], problems: list[Reject]
) -> InputOutcome:
    """A news-database export is remembered as one input: loaded if any document landed."""
    if found:
        return _file_outcome(item, fingerprint, "article")
    reason = (
        problems[0].reason
        if len(problems) == 1
        else f"none of its {len(problems)} documents could be loaded"
    )
    return _file_outcome(item, fingerprint, "rejected", reason=reason)
