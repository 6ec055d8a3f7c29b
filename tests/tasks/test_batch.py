"""process_files: what a batch of inputs yields, and what it remembers for next time."""

from __future__ import annotations

from pathlib import Path

from tasks.batch import is_unchanged_by_stat, process_files
from tasks.inputs.files import discover_files
from tasks.normalise import bytes_sha256
from tasks.records import InputFile, KnownInput
from tests.conftest import SEEDS_DIR


def files(folder: Path) -> list[InputFile]:
    return [f for f in discover_files(folder) if isinstance(f, InputFile)]


def test_the_seeds_become_five_articles_with_fingerprints() -> None:
    result = process_files(files(SEEDS_DIR), known={}, max_file_bytes=10**6, min_words=25)
    assert len(result.articles) == 5 and not result.rejects
    assert {o.outcome for o in result.outcomes} == {"article"}
    assert len({a.content_hash for a in result.articles}) == 5


def test_known_bytes_are_not_processed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes((SEEDS_DIR / "002_2435aca23e57e942.txt").read_bytes())
    (item,) = files(tmp_path)
    known = {
        item.origin: KnownInput(size=0, mtime_ns=0, bytes_sha256=bytes_sha256(path.read_bytes()))
    }
    result = process_files([item], known=known, max_file_bytes=10**6, min_words=25)
    assert result.articles == () and result.unchanged == 1


def test_unsupported_and_oversize_files_are_rejected_unread_but_remembered(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.txt").write_bytes(b"x" * 50)
    result = process_files(files(tmp_path), known={}, max_file_bytes=10, min_words=25)
    assert [(r.stage, r.reason[:20]) for r in result.rejects] == [
        ("discover", "unsupported file typ"),
        ("read", "file larger than the"),
    ]
    assert [o.outcome for o in result.outcomes] == ["rejected", "rejected"]


def test_stat_check_needs_both_size_and_mtime_to_match() -> None:
    item = InputFile("a", Path("a"), "text", size=5, mtime_ns=7)
    assert is_unchanged_by_stat(item, KnownInput(5, 7, "h"))
    assert not is_unchanged_by_stat(item, KnownInput(5, 8, "h"))
    assert not is_unchanged_by_stat(item, KnownInput(6, 7, "h"))
    assert not is_unchanged_by_stat(item, None)
