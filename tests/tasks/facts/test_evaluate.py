"""The labelled set and the evaluation command that measures the extractor against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.facts import EntityCatalog, extract_facts
from tasks.facts.evaluate import (
    DEFAULT_LABELLED,
    MIN_PRECISION,
    MIN_RECALL,
    load_labelled,
    main,
    score_text,
)


def test_the_labelled_set_has_forty_paragraphs_besides_the_seeds() -> None:
    texts = load_labelled(DEFAULT_LABELLED)
    paragraphs = [t for t in texts if "seed" not in t.labels]
    assert len(paragraphs) >= 40
    assert len({t.id for t in texts}) == len(texts)
    kinds = {k for t in paragraphs for k in ("counts", "quotes", "dates") if t.labels[k]}
    assert kinds == {"counts", "quotes", "dates"}
    # texts full of numbers that are not counts (years, prices, phone numbers, times)
    assert (
        sum(1 for t in paragraphs if not t.labels["counts"] and any(c.isdigit() for c in t.body))
        >= 5
    )


def test_seed_records_cut_the_page_chrome() -> None:
    seeds = {t.id: t for t in load_labelled(DEFAULT_LABELLED) if "seed" in t.labels}
    assert set(seeds) == {f"seed-00{i}" for i in range(5)}
    assert "Sign up for our free weekly newsletter" not in seeds["seed-003"].body
    assert "4 Comments" not in seeds["seed-001"].body
    assert "appeared first on New York Times" not in seeds["seed-004"].body
    assert seeds["seed-000"].body.startswith("North Korea is now showcasing")
    assert "\n\n" in seeds["seed-002"].body


def test_the_extractor_meets_the_documented_floors_on_the_labelled_set(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--speed", "0"]) == 0
    out = capsys.readouterr().out
    assert "count" in out and "quote" in out and "date" in out
    assert f"precision {MIN_PRECISION}" in out


def _write(tmp_path: Path, record: dict) -> Path:
    (tmp_path / "case.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return tmp_path


def test_a_wrong_value_is_one_miss_and_one_extra(tmp_path: Path, catalog: EntityCatalog) -> None:
    record = {
        "id": "x",
        "text": "About 600 soldiers have been killed, the NIS said.",
        "published_at": None,
        "counts": [
            {
                "predicate": "killed",
                "value": "700",
                "value_max": None,
                "qualifier": "approximately",
                "unit": None,
                "source": "National Intelligence Service",
            }
        ],
        "quotes": [],
        "dates": [],
    }
    (text,) = load_labelled(_write(tmp_path, record))
    found = extract_facts(text.body, published_at=None, catalog=catalog)
    score = score_text(text, found, "count")
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    lenient = score_text(text, found, "count", strict=False)
    assert (lenient.tp, lenient.fp, lenient.fn) == (0, 1, 1)
    record["counts"][0]["value"] = "600"
    (text,) = load_labelled(_write(tmp_path, record))
    assert score_text(text, found, "count").tp == 1


def test_the_command_fails_below_the_floors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = {
        "id": "x",
        "text": "Kim Jong Un said nothing.",
        "published_at": None,
        "counts": [
            {
                "predicate": "killed",
                "value": "9",
                "value_max": None,
                "qualifier": None,
                "unit": None,
                "source": None,
            }
        ],
        "quotes": [],
        "dates": [],
    }
    assert main(["--labelled", str(_write(tmp_path, record)), "--speed", "0"]) == 1
    assert "FAIL: count" in capsys.readouterr().err
    assert MIN_RECALL > 0


def test_an_empty_labelled_folder_is_an_error(tmp_path: Path) -> None:
    assert main(["--labelled", str(tmp_path), "--speed", "0"]) == 2
