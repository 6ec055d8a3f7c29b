"""The installed model is the pinned wheel's content (pip cannot check its hash from
constraints.txt without hash-checking the editable project too)."""

from __future__ import annotations

import pytest

from tasks.facts import model


def test_the_installed_model_matches_the_pinned_wheel() -> None:
    model.verify_model()


def test_another_build_under_the_same_version_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(model, "MODEL_RECORD_SHA256", "0" * 64)
    with pytest.raises(model.ModelError, match="not the pinned build"):
        model.verify_model(check_files=False)


def test_the_model_is_loaded_once_per_process(extractor) -> None:
    assert model.load_nlp() is extractor.nlp is model.load_nlp()
