"""Every input's raw bytes, gzip-compressed and content-addressed, in a folder beside the warehouse.

So that `newsfacts run --reprocess` can clean and extract everything again after a cleaner or
extractor upgrade without the original files and without fetching anything. A blob is named by the
sha256 of the bytes it holds (the same digest `inputs.bytes_sha256` records), so the same bytes
seen under many names are stored once, and writing one twice is a no-op. Blobs are written, under
a temporary name then renamed, before the batch that names them commits: a crash leaves at most an
unreferenced blob, never a row naming a missing one.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

from tasks.normalise import bytes_sha256

_LEVEL = 6


class RawBlobMissing(FileNotFoundError):
    """A stored input's bytes are gone from the raw folder (deleted by hand?)."""


def raw_store_dir(db_path: Path) -> Path:
    """`warehouse/newsfacts.duckdb` -> `warehouse/newsfacts.raw/`."""
    return db_path.with_name(f"{db_path.stem}.raw")


def blob_path(root: Path, digest: str) -> Path:
    return root / digest[:2] / f"{digest}.gz"


def put_raw(root: Path, data: bytes, digest: str | None = None) -> str:
    """Store `data` (once per digest); returns its sha256."""
    digest = digest or bytes_sha256(data)
    target = blob_path(root, digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(gzip.compress(data, compresslevel=_LEVEL, mtime=0))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def get_raw(root: Path, digest: str) -> bytes:
    try:
        return gzip.decompress(blob_path(root, digest).read_bytes())
    except FileNotFoundError as exc:
        raise RawBlobMissing(f"raw bytes {digest[:16]}… missing from {root}") from exc
