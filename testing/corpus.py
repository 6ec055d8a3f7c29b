"""Many distinct article files for tests that need a run long enough to interrupt or overlap."""

from __future__ import annotations

from pathlib import Path

from testing import SEEDS_DIR

SEED_REPORT = SEEDS_DIR / "002_2435aca23e57e942.txt"


def write_dispatches(folder: Path, count: int) -> list[str]:
    """`count` distinct reports (a seed with a numbered opening each), as dispatch-NNN.txt files.

    Returns their texts in order, for tests that also write copies of them.
    """
    folder.mkdir()
    report = SEED_REPORT.read_text(encoding="utf-8")
    texts = []
    for number in range(count):
        opening = (
            f"Correspondents in Seoul filed dispatch number {number} on the deployment, "
            f"citing {number + 2} officials familiar with the matter."
        )
        text = f"{opening}\n{report}"
        (folder / f"dispatch-{number:03d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts
