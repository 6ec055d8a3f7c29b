"""discover_files: every regular file under a folder, sorted, hidden ones skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.discover import InputFolderError, discover_files
from tasks.records import InputFile


def test_finds_text_and_html_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.HTM").write_text("<p>x</p>")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.html").write_text("<p>x</p>")
    found = list(discover_files(tmp_path))
    assert [Path(f.origin).relative_to(tmp_path).as_posix() for f in found] == [
        "a.txt",
        "c.html",
        "b/page.HTM",
    ]
    assert [f.kind for f in found if isinstance(f, InputFile)] == ["text", "html", "html"]


def test_other_file_types_are_yielded_without_a_kind_so_they_can_be_reported(
    tmp_path: Path,
) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "README").write_text("notes")
    found = list(discover_files(tmp_path))
    assert all(isinstance(f, InputFile) and f.kind is None for f in found)
    assert len(found) == 2


def test_hidden_files_and_folders_are_not_inputs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    assert list(discover_files(tmp_path)) == []


def test_records_size_and_mtime_for_change_detection(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("hello")
    (found,) = discover_files(tmp_path)
    assert isinstance(found, InputFile)
    assert found.size == 5
    assert found.mtime_ns == path.stat().st_mtime_ns


def test_a_missing_folder_is_an_error_not_an_empty_run(tmp_path: Path) -> None:
    with pytest.raises(InputFolderError, match="does not exist"):
        list(discover_files(tmp_path / "nope"))


def test_a_single_file_can_be_given_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("x")
    assert [f.origin for f in discover_files(path)] == [str(path)]
