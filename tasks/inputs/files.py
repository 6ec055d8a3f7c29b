"""Find input files under a folder, in a stable order, and account for every one of them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISREG

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


def input_root(root: Path) -> Path:
    """The folder (or file) as the warehouse names it: absolute, with symbolic links resolved.

    `seeds`, `./seeds`, `/abs/seeds` and a link to it are one input folder, so the same file is
    one input however the run was told about it.
    """
    return root.expanduser().resolve()


def discover_files(root: Path) -> Iterator[InputFile | Reject]:
    """Every regular file under `root`, recursively; dot-named files and folders are skipped.

    Files of other types are yielded too (kind None) so that they are reported as rejects, and so
    is every folder that cannot be listed: nothing under `root` is skipped without a trace.
    Origins are resolved paths and a file reached twice (a hard link, a symbolic link to a file
    or folder already walked) is yielded once, by device and inode.
    Sorted walk so runs are reproducible: the first file of a duplicate pair becomes the article's
    `origin`, and that should not depend on directory-listing order.
    """
    root = input_root(root)
    if root.is_file():
        try:
            yield _stat(root, root.stat())
        except OSError as exc:
            yield Reject(str(root), "read", f"cannot stat file: {exc.strerror or exc}")
        return
    if not root.is_dir():
        raise InputFolderError(f"input folder {root} does not exist")
    yield from _walk(root, folders=set(), files=set())


def file_kind(path: Path) -> FileKind | None:
    """By the last suffix, or the last two for compressed archives (`crawl.warc.gz`)."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return SUFFIX_KINDS.get("".join(suffixes[-2:])) or SUFFIX_KINDS.get(path.suffix.lower())


def unsupported_reason(path: Path) -> str:
    return (
        f"unsupported file type {path.suffix or '(no extension)'!r}; "
        f"expected one of {', '.join(SUFFIX_KINDS)}"
    )


def is_under(origin: str, root: Path) -> bool:
    """Whether `origin` (a resolved path) names `root` or something inside it."""
    return origin == str(root) or origin.startswith(str(root).rstrip(os.sep) + os.sep)


def _walk(
    folder: Path, *, folders: set[tuple[int, int]], files: set[tuple[int, int]]
) -> Iterator[InputFile | Reject]:
    """Files of `folder` (sorted), then its sub-folders; `folder` is already resolved."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in folders:
            return  # reached again through a symbolic link: already walked
        folders.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield Reject(str(folder), "discover", f"cannot read folder: {exc.strerror or exc}")
        return
    subfolders: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            stat = path.stat()
        except OSError as exc:
            yield Reject(str(path), "read", f"cannot stat file: {exc.strerror or exc}")
            continue
        if entry.is_symlink():
            path = path.resolve()  # a link is named by what it points to
        if S_ISDIR(stat.st_mode):
            subfolders.append(path)
            continue
        if (stat.st_dev, stat.st_ino) in files:
            continue  # the same file under a second name
        files.add((stat.st_dev, stat.st_ino))
        yield _stat(path, stat)
    for sub in subfolders:
        yield from _walk(sub, folders=folders, files=files)


def _stat(path: Path, stat: os.stat_result) -> InputFile | Reject:
    origin = str(path)
    if not S_ISREG(stat.st_mode):  # from the one stat call per file
        return Reject(origin=origin, stage="discover", reason="not a regular file")
    return InputFile(
        origin=origin,
        path=path,
        kind=file_kind(path),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
    )
