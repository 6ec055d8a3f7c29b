"""Text-cleaner speed and output check: every stored body, both dump styles, both page sets.

Why: a speed change to tasks/clean/text must not change one byte of any stored body. Run it
once on the old code with ``--write PATH`` and once on the new code with ``--compare PATH``;
it also prints the cleaner's speed in dumps per CPU second, over all dumps and per page set
(dumps are built, and the language model loaded by one untimed dump, before timing).

    .venv/bin/python bench/text_cleaner_check.py --write /tmp/old.json
    .venv/bin/python bench/text_cleaner_check.py --compare /tmp/old.json --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._quality import PAGE_SETS, _article, load_pages, make_dumps  # noqa: E402
from config.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="store every body here (JSON)")
    parser.add_argument("--compare", type=Path, help="compare every body with this file")
    parser.add_argument("--runs", type=int, default=1, help="timed runs (median reported)")
    args = parser.parse_args()
    min_words = Settings.model_fields["min_words"].default
    cases: dict[str, list[tuple[str, bytes, str]]] = {name: [] for name in PAGE_SETS}
    for name, data in PAGE_SETS.items():
        pages = load_pages(data)
        for style, dumps in make_dumps(pages).items():
            for page in pages:
                key = f"{name}/{style}/{page.page_id}"
                cases[name].append((key, dumps[page.page_id].encode("utf-8"), page.url))
    _, first, url = next(iter(cases.values()))[0]
    _article(first, kind="text", min_words=min_words, url=url)  # loads the language model
    total = sum(map(len, cases.values()))
    bodies: dict[str, str] = {}
    rates: dict[str, list[float]] = {name: [] for name in ("all", *cases)}
    for _ in range(args.runs):
        seconds = 0.0
        for name, set_cases in cases.items():
            start = time.process_time()
            for key, data, url in set_cases:
                body, note = _article(data, kind="text", min_words=min_words, url=url)
                bodies[key] = body if note is None else f"\0{note}"
            spent = time.process_time() - start
            rates[name].append(len(set_cases) / spent)
            seconds += spent
        rates["all"].append(total / seconds)
    print(f"{total} dumps; dumps per CPU second: {[round(r) for r in rates['all']]}")
    print(f"median {statistics.median(rates['all']):.0f}/s")
    for name in cases:
        runs = [round(r) for r in rates[name]]
        print(f"{name} ({len(cases[name])} dumps): {runs}, median {statistics.median(runs):.0f}/s")
    if args.write:
        args.write.write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = sorted(
            key for key in old.keys() | bodies.keys() if old.get(key) != bodies.get(key)
        )
        print(f"{len(differ)} of {len(old)} bodies differ", *differ[:20], sep="\n")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
