"""The extraction quality gate in the test suite: pinned corpora, floors that only go up.

The gate itself runs on every third page of both labelled page sets (bench/_quality.py,
SAMPLE_EVERY), HTML and both plain-text dump styles, against the floors stored in
bench/extraction_quality_baseline.json: about 25 s on one core. The whole sets run in
bench/extraction_quality.py.

The pages live in ../shared beside the clone (CI keeps a copy of shared/ there): the 120 fundus
pages are third-party articles that their upstream keeps only as local test data, so they are
not shipped in this repository, and the benchmark's 31 MB of HTML stays with them.
"""

from __future__ import annotations

import pytest

from bench._quality import (
    PAGE_SETS,
    SAMPLE_EVERY,
    ModeRun,
    SetResult,
    evaluate_set,
    gate_failures,
    raised_baseline,
    read_baseline,
)
from config.settings import Settings
from testing.shingle_score import Scores


def _needs(name: str) -> None:
    data = PAGE_SETS[name]
    if not (data / "ground-truth.json").is_file():
        pytest.fail(
            f"the {name} page set is missing at {data}: the quality gate needs ../shared beside "
            "the clone (CI keeps a copy there; the pages may not be shipped in the repository)"
        )


@pytest.mark.parametrize("name", list(PAGE_SETS))
def test_quality_gate_holds_on_a_sample_of_each_page_set(name: str) -> None:
    _needs(name)
    baseline = read_baseline()
    assert baseline["sets"][name]["sample_every"] == SAMPLE_EVERY
    result = evaluate_set(
        name, PAGE_SETS[name], min_words=Settings.model_fields["min_words"].default, every=3
    )
    assert gate_failures(result, baseline, sample=True) == []


def _result(name: str, digest: str, f1: float) -> SetResult:
    scores = Scores(precision=f1, recall=f1, f1=f1, accuracy=0.0)
    modes = ["html", "text-browser", "text-lynx", "trafilatura-default"]
    return SetResult(
        name=name,
        pages=1,
        digest=digest,
        scores={mode: scores for mode in modes[:-1]}
        | {"trafilatura-default": Scores(precision=0.9, recall=0.9, f1=0.9, accuracy=0.0)},
        per_page={},
        runs={mode: ModeRun(predictions={}, cpu_seconds=0.0) for mode in modes},
    )


def test_update_raises_floors_and_refuses_to_lower_them_or_repin_a_corpus() -> None:
    first, refusals = raised_baseline(
        {}, {"set": _result("set", "d1", 0.95)}, sample_results={"set": _result("set", "d1", 0.94)}
    )
    assert refusals == []
    assert first["sets"]["set"]["floors"]["html"] == 0.95
    assert first["sets"]["set"]["floors"]["html_lead"] == 0.05
    higher, refusals = raised_baseline(
        first,
        {"set": _result("set", "d1", 0.96)},
        sample_results={"set": _result("set", "d1", 0.95)},
    )
    assert refusals == [] and higher["sets"]["set"]["floors"]["html"] == 0.96
    _, refusals = raised_baseline(
        higher,
        {"set": _result("set", "d1", 0.955)},
        sample_results={"set": _result("set", "d1", 0.95)},
    )
    assert any("html would drop 0.9600 -> 0.9550" in refusal for refusal in refusals)
    _, refusals = raised_baseline(
        higher,
        {"set": _result("set", "d2", 0.97)},
        sample_results={"set": _result("set", "d2", 0.96)},
    )
    assert any("digest changed" in refusal for refusal in refusals)


def test_gate_fails_below_a_floor_and_on_another_corpus() -> None:
    baseline, _ = raised_baseline(
        {}, {"set": _result("set", "d1", 0.95)}, sample_results={"set": _result("set", "d1", 0.95)}
    )
    assert gate_failures(_result("set", "d1", 0.949), baseline) == []  # within tolerance
    failures = gate_failures(_result("set", "d1", 0.94), baseline)
    assert any("text-lynx F1 0.9400" in failure for failure in failures)
    assert any("HTML lead" in failure for failure in failures)
    assert any(
        "digest" in failure for failure in gate_failures(_result("set", "d2", 0.95), baseline)
    )
    assert gate_failures(_result("other", "d1", 0.95), baseline) == [
        "other: no stored floors (run the bench with --update-baseline)"
    ]
