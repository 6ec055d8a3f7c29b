"""A metadata manifest: what a person knows about each input file, over what the cleaner guesses.

CSV (with a header row) or JSON Lines, one row per file:

    file,url,publisher,published_at,title,language
    gazette/storm.txt,https://gazette.example/storm,The Example Gazette,2024-03-03,,en

`file` is required: a path relative to the manifest's own folder (or absolute). Every other column
is optional and an empty value means "no opinion". A row that cannot be used (no such input, a
date that is not ISO 8601, a language that is not a language tag) is a reject naming the row
(`manifest.csv#row=3`); the other rows still apply. A file that is neither CSV nor JSON Lines is
one reject, and the run goes on without it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from tasks.extract.decode import DecodeError, decode_bytes
from tasks.fetch.urls import try_canonical_url
from tasks.normalise import bytes_sha256
from tasks.process import language_code
from tasks.records import InputFile, InputOutcome, ManifestEntry, Reject

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
_COLUMNS = tuple(f.name for f in fields(ManifestEntry))
_MAX_MANIFEST_BYTES = 200_000_000


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One usable row: the file it names (resolved) and what it says."""

    row: int  # 1-based data row (JSON Lines: line number)
    file: Path
    entry: ManifestEntry


class ManifestError(ValueError):
    """The manifest as a whole cannot be read; the message is the reject reason."""


def find_manifest(folder: Path) -> Path | None:
    """`manifest.csv` or `manifest.jsonl` at the top of the input folder, if there is one."""
    if not folder.is_dir():
        return None
    return next((folder / n for n in MANIFEST_NAMES if (folder / n).is_file()), None)


def read_manifest(path: Path) -> tuple[list[ManifestRow], list[Reject]]:
    """The usable rows, and a reject for every row (or the whole file) that is not."""
    origin = str(path)
    try:
        records = _records(path)
    except ManifestError as exc:
        return [], [Reject(origin, stage="manifest", reason=str(exc))]
    rows: list[ManifestRow] = []
    rejects: list[Reject] = []
    for number, record in records:
        row_origin = f"{origin}#row={number}"
        if isinstance(record, str):
            rejects.append(Reject(row_origin, stage="manifest", reason=record))
            continue
        try:
            rows.append(_row(number, record, base=path.parent))
        except ValueError as exc:
            rejects.append(Reject(row_origin, stage="manifest", reason=str(exc)))
    return rows, rejects


def _records(path: Path) -> list[tuple[int, dict[str, object] | str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"cannot read manifest: {exc.strerror}") from exc
    if len(data) > _MAX_MANIFEST_BYTES:
        raise ManifestError(f"manifest larger than {_MAX_MANIFEST_BYTES:,} bytes")
    try:
        text = decode_bytes(data).text.lstrip("\ufeff")
    except DecodeError as exc:
        raise ManifestError(f"manifest is not text: {exc}") from exc
    if path.suffix.lower() == ".jsonl" or text.lstrip().startswith("{"):
        return _json_lines(text)
    return _csv_rows(text)


def _json_lines(text: str) -> list[tuple[int, dict[str, object] | str]]:
    records: list[tuple[int, dict[str, object] | str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            records.append((number, f"line is not JSON: {exc.msg}"))
            continue
        if not isinstance(value, dict):
            records.append((number, "line is not a JSON object"))
            continue
        records.append((number, value))
    if not records:
        raise ManifestError("manifest has no rows")
    return records


def _csv_rows(text: str) -> list[tuple[int, dict[str, object] | str]]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        if "file" not in header:
            raise ManifestError(
                "not a manifest: expected a CSV header row with a 'file' column "
                f"(and any of {', '.join(_COLUMNS)}), or JSON Lines"
            )
        reader.fieldnames = header
        unknown = [name for name in header if name not in {"file", *_COLUMNS}]
        if unknown:
            raise ManifestError(
                f"unknown column(s) {', '.join(map(repr, unknown))}; "
                f"known: file, {', '.join(_COLUMNS)}"
            )
        records: list[tuple[int, dict[str, object] | str]] = []
        for number, record in enumerate(reader, start=1):
            if None in record:
                records.append((number, "row has more values than the header has columns"))
                continue
            records.append((number, dict(record)))
    except csv.Error as exc:
        raise ManifestError(f"manifest is not valid CSV: {exc}") from exc
    return records


def _row(number: int, record: dict[str, object], *, base: Path) -> ManifestRow:
    values = {key.strip().lower(): value for key, value in record.items()}
    unknown = [key for key in values if key != "file" and key not in _COLUMNS]
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(map(repr, unknown))}")
    text = {key: _text(key, value) for key, value in values.items()}
    file = text.pop("file", None)
    if not file:
        raise ValueError("row names no file")
    target = Path(file).expanduser()
    resolved = (target if target.is_absolute() else base / target).resolve()
    entry = ManifestEntry(
        url=_url(text.get("url")),
        publisher=text.get("publisher"),
        published_at=_timestamp(text.get("published_at")),
        title=text.get("title"),
        language=_language(text.get("language")),
    )
    return ManifestRow(row=number, file=resolved, entry=entry)


def _text(key: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text, not {type(value).__name__}")
    return value.strip() or None


def _url(value: str | None) -> str | None:
    if value is None:
        return None
    canonical = try_canonical_url(value)
    if canonical is None:
        raise ValueError(f"url {value!r} is not an http(s) URL")
    return canonical


def _timestamp(value: str | None) -> datetime | None:
    """ISO 8601 date or date-time, kept as written: like articles.published_at everywhere, the
    local time the source printed, so an offset is dropped, not applied."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"published_at {value!r} is not an ISO 8601 date (e.g. 2024-03-03 or "
            "2024-03-03T14:05:00+01:00)"
        ) from None
    return parsed.replace(tzinfo=None)


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    code = language_code(value)
    if code is None:
        raise ValueError(f"language {value!r} is not a language tag (e.g. en, en-GB)")
    return code


@dataclass(frozen=True, slots=True)
class ManifestReading:
    """A manifest matched against the inputs found: what applies where, and what does not."""

    entries: tuple[tuple[str, int, ManifestEntry], ...]  # (input origin, row, entry)
    rejects: tuple[Reject, ...]
    fingerprint: InputOutcome | None  # None: the manifest could not even be read


def is_manifest(origin: str, manifest: Path) -> bool:
    """Whether a discovered file is the manifest itself (which is not an input)."""
    path = Path(origin)
    return path.name == manifest.name and path.resolve() == manifest.resolve()


def manifest_for_inputs(manifest: Path, files: Iterable[InputFile]) -> ManifestReading:
    """Read `manifest` and match its rows to the input files found, by resolved path."""
    try:
        data = manifest.read_bytes()
        stat = manifest.stat()
    except OSError as exc:
        reason = f"cannot read manifest: {exc.strerror}"
        return ManifestReading((), (Reject(str(manifest), "manifest", reason),), None)
    rows, rejects = read_manifest(manifest)
    origins = {item.path.resolve(): item.origin for item in files}
    entries = []
    for row in rows:
        origin = origins.get(row.file)
        if origin is None:
            reason = f"names {row.file}, which is not among the inputs"
            rejects.append(Reject(f"{manifest}#row={row.row}", "manifest", reason))
        else:
            entries.append((origin, row.row, row.entry))
    whole = [r for r in rejects if r.origin == str(manifest)]
    fingerprint = InputOutcome(
        origin=str(manifest),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        bytes_sha256=bytes_sha256(data),
        outcome="rejected" if whole else "manifest",
        reason=whole[0].reason if whole else None,
    )
    return ManifestReading(tuple(entries), tuple(rejects), fingerprint)
