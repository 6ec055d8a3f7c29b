"""Extraction quality on labelled page sets: the parts the bench script and the test gate share.

A page set is a folder with ``html/<id>.html.gz`` and ``ground-truth.json`` ({id: {"articleBody",
"url"}}): the 181-page Zyte/ScrapingHub benchmark (tuned on) and the 120 fundus pages (checked
on, never tuned on). For each set this scores, with the benchmark's shingle F1
(testing/shingle_score.py):

- ``html``: tasks.process.build_article on the page's bytes as saved (kind="html", no transport
  charset, so the page's own bytes and declaration decide);
- ``text-<style>``: build_article(kind="text") on a naive dump of the page (bench/_page_dumps.py,
  styles ``browser`` and ``lynx``), and ``raw-<style>``: the dump itself, uncleaned;
- ``trafilatura-<setting>``: trafilatura alone with each of its settings, so the bar for the HTML
  path is the best of them measured in the same run, not the weakest.

A Reject scores as an empty prediction. The gate (:func:`gate_failures`) compares a run with the
stored floors in bench/extraction_quality_baseline.json and with the same run's trafilatura.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from bench._page_dumps import STYLES, dump
from tasks.process import build_article
from tasks.records import Reject
from testing.shingle_score import PageScore, Scores, aggregate, score_page

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
PAGE_SETS: dict[str, Path] = {
    "benchmark": SHARED / "benchmarks" / "article-extraction",
    "fundus": SHARED / "corpora" / "fundus-pages",
}
BASELINE = Path(__file__).resolve().parent / "extraction_quality_baseline.json"
TOLERANCE = 0.002
# The test suite gates every SAMPLE_EVERY-th page of each set (in id order): a third of the
# pages keeps the gate's test time near 25 s on one core.
SAMPLE_EVERY = 3
# trafilatura's own settings; every one runs with deduplicate=False as our pipeline does.
TRAFILATURA_SETTINGS: dict[str, dict[str, bool]] = {
    "default": {},
    "precision": {"favor_precision": True},
    "recall": {"favor_recall": True},
    "comments_off": {"include_comments": False},
}
TEXT_MODES = tuple(f"text-{style}" for style in STYLES)
# The floors the gate keeps: our HTML path and the text cleaner on each dump style.
GATED_MODES = ("html", *TEXT_MODES)


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    html: bytes
    truth: str
    url: str


@dataclass(slots=True)
class ModeRun:
    """One extractor's predictions on every page of a set, and how long it took (CPU s)."""

    predictions: dict[str, str]
    cpu_seconds: float
    notes: dict[str, str] = field(default_factory=dict)  # page id -> why empty

    def scores(self, pages: Sequence[Page]) -> list[PageScore]:
        return [score_page(page.truth, self.predictions[page.page_id]) for page in pages]


def load_pages(data: Path, *, every: int = 1) -> list[Page]:
    """The set's pages in id order (every `every`-th one for a sample); ids must agree."""
    truth_file = data / "ground-truth.json"
    if not truth_file.is_file():
        raise FileNotFoundError(f"no ground-truth.json in {data}")
    truth: dict[str, dict[str, str]] = json.loads(truth_file.read_text(encoding="utf-8"))
    files = {path.name.removesuffix(".html.gz"): path for path in (data / "html").glob("*.gz")}
    if files.keys() != truth.keys():
        raise ValueError(f"{data}: html/ and ground-truth.json name different pages")
    return [
        Page(
            page_id=page_id,
            html=gzip.decompress(files[page_id].read_bytes()),
            truth=truth[page_id]["articleBody"],
            url=truth[page_id].get("url", ""),
        )
        for page_id in sorted(truth)[::every]
    ]


def corpus_digest(data: Path) -> str:
    """SHA-256 over the ground truth and every page file, names included, in name order.

    Pinned in the baseline: a floor measured on other pages or other truth is not a floor.
    """
    digest = hashlib.sha256()
    files = [data / "ground-truth.json", *sorted((data / "html").glob("*.gz"))]
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _timed(pages: Sequence[Page], predict: Callable[[Page], tuple[str, str | None]]) -> ModeRun:
    run = ModeRun(predictions={}, cpu_seconds=0.0)
    start = time.process_time()
    for page in pages:
        text, note = predict(page)
        run.predictions[page.page_id] = text
        if note:
            run.notes[page.page_id] = note
    run.cpu_seconds = time.process_time() - start
    return run


def _article(data: bytes, *, kind: str, min_words: int, url: str) -> tuple[str, str | None]:
    result = build_article(data, origin=url or "page", kind=kind, min_words=min_words, url=url)  # type: ignore[arg-type]
    if isinstance(result, Reject):
        return "", f"rejected at {result.stage}: {result.reason}"
    return result.body, None


def run_html(pages: Sequence[Page], min_words: int) -> ModeRun:
    return _timed(
        pages, lambda page: _article(page.html, kind="html", min_words=min_words, url=page.url)
    )


def make_dumps(pages: Sequence[Page]) -> dict[str, dict[str, str]]:
    """{style: {page id: dump}} for every dump style."""
    return {style: {page.page_id: dump(page.html, style) for page in pages} for style in STYLES}


def run_text(pages: Sequence[Page], dumps: Mapping[str, str], min_words: int) -> ModeRun:
    return _timed(
        pages,
        lambda page: _article(
            dumps[page.page_id].encode("utf-8"), kind="text", min_words=min_words, url=page.url
        ),
    )


def run_raw(pages: Sequence[Page], dumps: Mapping[str, str]) -> ModeRun:
    return _timed(pages, lambda page: (dumps[page.page_id], None))


def run_trafilatura(pages: Sequence[Page], setting: str) -> ModeRun:
    options = TRAFILATURA_SETTINGS[setting]

    def predict(page: Page) -> tuple[str, str | None]:
        text = trafilatura.extract(
            page.html.decode("utf-8", errors="replace"), deduplicate=False, **options
        )
        return (text, None) if text else ("", "trafilatura found nothing")

    return _timed(pages, predict)


@dataclass(frozen=True, slots=True)
class SetResult:
    """Every mode's scores on one page set."""

    name: str
    pages: int
    digest: str
    scores: dict[str, Scores]
    per_page: dict[str, list[PageScore]]
    runs: dict[str, ModeRun]

    @property
    def best_trafilatura(self) -> str:
        settings = [mode for mode in self.scores if mode.startswith("trafilatura-")]
        return max(settings, key=lambda mode: self.scores[mode].f1)


def evaluate_set(
    name: str,
    data: Path,
    *,
    min_words: int,
    every: int = 1,
    modes: Sequence[str] | None = None,
) -> SetResult:
    """Run every mode (or the given ones) on one set."""
    pages = load_pages(data, every=every)
    wanted = list(modes) if modes else all_modes()
    runs: dict[str, ModeRun] = {}
    dumps = make_dumps(pages) if any(m.startswith(("text-", "raw-")) for m in wanted) else {}
    for mode in wanted:
        if mode == "html":
            runs[mode] = run_html(pages, min_words)
        elif mode.startswith("text-"):
            runs[mode] = run_text(pages, dumps[mode.removeprefix("text-")], min_words)
        elif mode.startswith("raw-"):
            runs[mode] = run_raw(pages, dumps[mode.removeprefix("raw-")])
        else:
            runs[mode] = run_trafilatura(pages, mode.removeprefix("trafilatura-"))
    per_page = {mode: run.scores(pages) for mode, run in runs.items()}
    return SetResult(
        name=name,
        pages=len(pages),
        digest=corpus_digest(data),
        scores={mode: aggregate(scores) for mode, scores in per_page.items()},
        per_page=per_page,
        runs=runs,
    )


def sample_of(result: SetResult, every: int = SAMPLE_EVERY) -> SetResult:
    """The scores of every `every`-th page (id order) of a full run: what the test gate sees."""
    runs = {}
    for mode, run in result.runs.items():
        kept = list(run.predictions)[::every]
        runs[mode] = ModeRun(
            predictions={page_id: run.predictions[page_id] for page_id in kept},
            cpu_seconds=run.cpu_seconds / every,
            notes={page_id: note for page_id, note in run.notes.items() if page_id in kept},
        )
    per_page = {mode: scores[::every] for mode, scores in result.per_page.items()}
    return SetResult(
        name=result.name,
        pages=len(next(iter(per_page.values()))),
        digest=result.digest,
        scores={mode: aggregate(scores) for mode, scores in per_page.items()},
        per_page=per_page,
        runs=runs,
    )


def all_modes() -> list[str]:
    return [
        "html",
        *TEXT_MODES,
        *(f"raw-{style}" for style in STYLES),
        *(f"trafilatura-{setting}" for setting in TRAFILATURA_SETTINGS),
    ]


def chrome_only_pages(result: SetResult, mode: str, *, floor: float = 0.05) -> list[str]:
    """Pages where a mode stored a body that is (almost) all chrome: under 5 % of its shingles
    are the article's. A body that is all article but short (a list the cleaner stopped at)
    is a recall loss, not chrome, and the F1 counts it."""
    run = result.runs[mode]
    return [
        page_id
        for page_id, score in zip(run.predictions, result.per_page[mode], strict=True)
        if run.predictions[page_id] and score.precision < floor
    ]


# -- the gate ---------------------------------------------------------------------------------


def read_baseline(path: Path = BASELINE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def html_lead(result: SetResult) -> float:
    """Our HTML F1 minus the best trafilatura setting's, in the same run on the same pages."""
    return result.scores["html"].f1 - result.scores[result.best_trafilatura].f1


def measured_floors(result: SetResult) -> dict[str, float]:
    """What the gate keeps for one set: each gated mode's F1 and the HTML lead."""
    floors = {mode: round(result.scores[mode].f1, 4) for mode in GATED_MODES}
    floors["html_lead"] = round(html_lead(result), 4)
    return floors


def gate_failures(
    result: SetResult,
    baseline: Mapping[str, Any],
    *,
    sample: bool = False,
    tolerance: float = TOLERANCE,
) -> list[str]:
    """Why this run fails the gate on one set (empty: it passes).

    - the corpus must be the one the floors were measured on (pinned digest);
    - each gated mode's F1, and our HTML F1's lead over the best trafilatura setting of this
      same run, must stay within `tolerance` of the stored floor (the sample's floors when
      `sample`: a sample's F1 is not the whole set's). The lead's target is above zero with
      its interval; until a set meets it, its floor keeps the lead from shrinking further.
    """
    stored = baseline.get("sets", {}).get(result.name)
    if stored is None:
        return [f"{result.name}: no stored floors (run the bench with --update-baseline)"]
    failures = []
    if stored["digest"] != result.digest:
        failures.append(
            f"{result.name}: corpus digest {result.digest[:12]} is not the pinned "
            f"{stored['digest'][:12]} (the pages or their truth changed)"
        )
    floors = stored["sample_floors" if sample else "floors"]
    for name, value in measured_floors(result).items():
        if name in floors and value < floors[name] - tolerance:
            if name == "html_lead":
                what = f"HTML lead over {result.best_trafilatura} {value:+.4f}"
            else:
                what = f"{name} F1 {value:.4f}"
            failures.append(
                f"{result.name}: {what} is more than {tolerance} below its floor {floors[name]:.4f}"
            )
    return failures


def raised_baseline(
    baseline: Mapping[str, Any],
    results: Mapping[str, SetResult],
    *,
    sample_results: Mapping[str, SetResult],
) -> tuple[dict[str, Any], list[str]]:
    """The baseline with this run's floors, and the reasons it may not be stored (if any).

    Floors only go up: a value measured below its stored floor, or a corpus whose digest is not
    the pinned one, refuses the whole update. Lowering a floor or re-pinning a corpus is an
    edit to the JSON by hand, in a commit that says why.
    """
    refusals: list[str] = []
    sets = dict(baseline.get("sets", {}))
    for name, result in results.items():
        old = sets.get(name)
        new = {
            "digest": result.digest,
            "pages": result.pages,
            "sample_every": SAMPLE_EVERY,
            "floors": measured_floors(result),
            "sample_floors": measured_floors(sample_results[name]),
            "best_trafilatura": {
                "setting": result.best_trafilatura,
                "f1": round(result.scores[result.best_trafilatura].f1, 4),
            },
        }
        if old is not None:
            if old["digest"] != result.digest:
                refusals.append(f"{name}: the corpus digest changed; re-pin it by hand")
            for key in ("floors", "sample_floors"):
                for mode, value in new[key].items():
                    if value < old[key].get(mode, float("-inf")):
                        refusals.append(
                            f"{name}: {key} {mode} would drop {old[key][mode]:.4f} -> {value:.4f}"
                        )
        sets[name] = new
    return {"trafilatura_version": trafilatura.__version__, "sets": sets}, refusals
