"""Clean and extract stored inputs again from their raw bytes (`newsfacts run --reprocess`).

The same code paths as a first ingestion: a text file that is a news-database export splits into
its documents again, everything else goes through build_article with the URL, charset hint and
fetch time it came with. Nothing is read from the original files or the network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from tasks.inputs.nexis import export_articles, looks_like_export
from tasks.inputs.raw_store import RawBlobMissing, get_raw
from tasks.process import build_article
from tasks.records import Article, BatchResult, RawInput, Reject


def reprocess_inputs(raw: Iterable[RawInput], *, raw_dir: Path, min_words: int) -> BatchResult:
    """What each stored input gives now. `raw` of the result lists the inputs actually re-read:
    one whose blob is missing is a reject and keeps what it gave before."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    done: list[RawInput] = []
    for item in raw:
        try:
            data = get_raw(raw_dir, item.bytes_sha256)
        except RawBlobMissing as exc:
            rejects.append(Reject(item.origin, stage="reprocess", reason=str(exc)))
            continue
        done.append(item)
        if item.kind == "text" and looks_like_export(data):
            found, problems = export_articles(data, origin=item.origin, min_words=min_words)
            articles.extend(found)
            rejects.extend(problems)
            continue
        result = build_article(
            data,
            origin=item.origin,
            kind=item.kind,
            min_words=min_words,
            url=item.url,
            charset_hint=item.charset,
        )
        if isinstance(result, Reject):
            rejects.append(result)
        else:
            articles.append(replace(result, fetched_at=item.fetched_at))
    return BatchResult(articles=tuple(articles), rejects=tuple(rejects), raw=tuple(done))
