"""discover_files: every regular file under a folder, sorted, hidden ones skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.inputs.files import InputFolderError, discover_files
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


def _discover_as_unprivileged(root: Path) -> list[tuple[str, str, str]]:
    """discover_files in a forked child that file permissions apply to (root ignores them)."""
    import json
    import os

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, walk, report, exit without running pytest's atexit
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            found = [
                [f.origin, type(f).__name__, getattr(f, "reason", "")] for f in discover_files(root)
            ]
            os.write(write_end, json.dumps(found).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return [tuple(item) for item in json.loads(data)]


def test_a_folder_that_cannot_be_listed_is_a_reject_with_its_reason() -> None:
    import shutil
    import tempfile

    # Not under tmp_path: pytest's base folder is private to root, and the child is not root.
    root = Path(tempfile.mkdtemp(prefix="newsfacts-discover-")).resolve()
    try:
        root.chmod(0o755)
        (root / "locked").mkdir()
        (root / "locked" / "hidden-report.txt").write_text("x")
        (root / "open.txt").write_text("x")
        (root / "locked").chmod(0o000)
        found = _discover_as_unprivileged(root)
    finally:
        (root / "locked").chmod(0o755)
        shutil.rmtree(root)
    assert found == [
        (str(root / "open.txt"), "InputFile", ""),
        (str(root / "locked"), "Reject", "cannot read folder: Permission denied"),
    ]


def test_origins_are_resolved_paths_however_the_folder_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "sub" / "a.txt").write_text("x")
    (tmp_path / "alias").symlink_to(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    expected = [str(tmp_path.resolve() / "corpus" / "sub" / "a.txt")]
    for spelling in ("corpus", "./corpus/", "corpus/sub/..", str(tmp_path / "corpus"), "alias"):
        assert [f.origin for f in discover_files(Path(spelling))] == expected, spelling


def test_a_file_reached_twice_is_one_input_and_a_link_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "hard.txt").hardlink_to(tmp_path / "a.txt")
    (tmp_path / "soft.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop back to the root
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    found = list(discover_files(tmp_path))
    assert [(Path(f.origin).name, type(f).__name__) for f in found] == [
        ("a.txt", "InputFile"),
        ("dangling.txt", "Reject"),
    ]
