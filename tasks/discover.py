"""Find input files under a folder, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG

from tasks.records import FileKind, InputFile, Reject

SUFFIX_KINDS: dict[str, FileKind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
}


class InputFolderError(FileNotFoundError):
    """The folder to ingest is missing: the run cannot do anything useful."""


def discover_files(root: Path) -> Iterator[InputFile | Reject]:
    """Every regular file under `root`, recursively; dot-named files and folders are skipped.

    Files of other types are yielded too (kind None) so that they are reported as rejects.
    Sorted walk so runs are reproducible: the first file of a duplicate pair becomes the article's
    `origin`, and that should not depend on directory-listing order.
    """
    if root.is_file():
        yield _stat(root)
        return
    if not root.is_dir():
        raise InputFolderError(f"input folder {root} does not exist")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield _stat(Path(dirpath) / name)


def file_kind(path: Path) -> FileKind | None:
    """By the last suffix, or the last two for compressed archives (`crawl.warc.gz`)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return SUFFIX_KINDS.get("".join(suffixes[-2:])) or SUFFIX_KINDS.get(path.suffix.lower())


def unsupported_reason(path: Path) -> str:
    return (
        f"unsupported file type {path.suffix or '(no extension)'!r}; "
        f"expected one of {', '.join(SUFFIX_KINDS)}"
    )


def _stat(path: Path) -> InputFile | Reject:
    origin = str(path)
    try:
        stat = path.stat()
    except OSError as exc:
        return Reject(origin=origin, stage="read", reason=f"cannot stat file: {exc.strerror}")
    if not S_ISREG(stat.st_mode):  # from the same stat call: one syscall per file
        return Reject(origin=origin, stage="discover", reason="not a regular file")
    return InputFile(
        origin=origin,
        path=path,
        kind=file_kind(path),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
    )
