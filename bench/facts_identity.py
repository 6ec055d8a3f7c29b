"""Dump every extraction result (facts, quotes, mentions, dates, entities) to JSON, or compare
with an earlier dump: a speed change must leave the output byte-identical.

    .venv/bin/python bench/facts_identity.py dump OUT.json
    .venv/bin/python bench/facts_identity.py compare OLD.json NEW.json

Inputs: the 181 article-extraction benchmark bodies (in batches of 32, as
bench/facts_throughput.py runs them, and each body alone), and the bodies of the labelled sets
(dev, holdout, seeds) as eval-facts reads them. Compare prints only which inputs differ (ids),
never their text, so the holdout stays unread.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tasks.facts import ArticleInput, FactExtractor, load_entity_catalog
from testing.evaluate import DEFAULT_SETS, benchmark_bodies, load_label_dir


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


def dump() -> dict[str, str]:
    """Input key -> canonical JSON of its ExtractedFacts."""
    extractor = FactExtractor(load_entity_catalog())
    out: dict[str, str] = {}
    bench = sorted(benchmark_bodies().items())
    for i in range(0, len(bench), 32):
        chunk = bench[i : i + 32]
        found = extractor.extract_many([ArticleInput(b) for _, b in chunk])
        for (key, _), result in zip(chunk, found, strict=True):
            out[f"bench-batch/{key}"] = json.dumps(_plain(result), sort_keys=True)
    for key, body in bench:
        out[f"bench-alone/{key}"] = json.dumps(_plain(extractor.extract(body)), sort_keys=True)
    for name, directory in DEFAULT_SETS.items():
        articles = load_label_dir(directory)
        found = extractor.extract_many([ArticleInput(a.body, a.published_at) for a in articles])
        for article, result in zip(articles, found, strict=True):
            out[f"{name}/{article.id}"] = json.dumps(_plain(result), sort_keys=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    compare = sub.add_parser("compare")
    compare.add_argument("old", type=Path)
    compare.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        results = dump()
        args.out.write_text(json.dumps(results, sort_keys=True), encoding="utf-8")
        digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
        print(f"{len(results)} results -> {args.out} (sha256 {digest[:16]})")
        return 0
    old = json.loads(args.old.read_text(encoding="utf-8"))
    new = json.loads(args.new.read_text(encoding="utf-8"))
    differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    print(f"{len(old)} old, {len(new)} new results; {len(differ)} differ")
    for key in differ[:50]:
        print(f"  {key}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
