"""What a run did: the summary the CLI prints and the artifacts the run publishes in Prefect."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact

from tasks.records import Reject
from warehouse import store

SUMMARY_ARTIFACT_KEY = "ingest-summary"
REJECTS_ARTIFACT_KEY = "ingest-rejects"
_MAX_REJECTS_LISTED = 200


@dataclass
class RunSummary:
    """What a run did, as printed by the CLI and published as the run's artifact."""

    status: str  # completed | skipped
    run_id: int | None = None
    flow_run_id: str | None = None
    files_seen: int = 0
    urls_seen: int = 0  # article URLs discovery found (0 when fetching is off)
    pages_fetched: int = 0  # article pages asked for, whatever came back
    not_modified: int = 0  # 304s to conditional requests
    articles_new: int = 0
    duplicates: int = 0
    rejected: int = 0
    unchanged: int = 0
    skipped: int = 0  # off-topic pages: neither stored nor rejected
    facts: int = 0  # facts written by this run (new articles, or re-extracted ones)
    near_duplicates: int = 0  # new articles that are copies of another report (syndication)
    stories_opened: int = 0
    stories_joined: int = 0
    fact_failures: int = 0  # articles the extractor failed on (recorded in fact_extractions)
    records_skipped: dict[str, int] = field(default_factory=dict)  # WARC records, per reason
    manifest_updates: int = 0  # articles whose metadata the manifest changed
    reprocessed: int = 0  # stored inputs cleaned again (--reprocess)
    articles_changed: int = 0  # by re-processing: a new text (hash), or metadata updated
    articles_removed: int = 0  # by re-processing: texts no stored input gives any more
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    message: str = ""

    def add(self, counts: store.LoadCounts) -> None:
        self.articles_new += counts.articles_new
        self.duplicates += counts.duplicates
        self.rejected += counts.rejected
        self.unchanged += counts.unchanged
        self.skipped += counts.skipped


def wrote_anything(summary: RunSummary) -> bool:
    """Whether the run wrote anything a reader could see besides its own `runs` row."""
    return any(
        (
            summary.articles_new,
            summary.duplicates,
            summary.rejected,
            summary.skipped,
            summary.facts,
            summary.fact_failures,
            summary.pages_fetched,
            summary.articles_changed,
            summary.manifest_updates,
        )
    )


class StageTimer:
    """Wall seconds per pipeline stage, summed over batches."""

    def __init__(self) -> None:
        self._totals: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self._totals[stage] = self._totals.get(stage, 0.0) + elapsed

    def totals(self) -> dict[str, float]:
        return {stage: round(seconds, 3) for stage, seconds in self._totals.items()}


async def publish_artifacts(summary: RunSummary) -> None:
    row: dict[str, Any] = {
        key: value
        for key, value in asdict(summary).items()
        if key not in {"rejects", "stage_seconds", "message", "records_skipped"}
    }
    row.update({f"seconds_{stage}": secs for stage, secs in summary.stage_seconds.items()})
    row["records_skipped"] = "; ".join(
        f"{count} {reason}" for reason, count in sorted(summary.records_skipped.items())
    )
    await acreate_table_artifact(
        table=[row],
        key=SUMMARY_ARTIFACT_KEY,
        description=summary.message or f"ingest run {summary.run_id}: {summary.status}",
    )
    if summary.rejects:
        lines = [f"# Rejected inputs ({len(summary.rejects)})", ""]
        lines += [
            f"- `{r.origin}` — **{r.stage}**: {r.reason}"
            for r in summary.rejects[:_MAX_REJECTS_LISTED]
        ]
        if len(summary.rejects) > _MAX_REJECTS_LISTED:
            lines.append(
                f"- … and {len(summary.rejects) - _MAX_REJECTS_LISTED} more (see `rejects`)"
            )
        await acreate_markdown_artifact(
            markdown="\n".join(lines), key=REJECTS_ARTIFACT_KEY, description="Rejected inputs"
        )
