"""The article-extraction benchmark's ground truth, shipped with the tests (MIT, see LICENSE)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from testing import FIXTURES

GROUND_TRUTH = FIXTURES / "article-extraction" / "ground-truth.json.gz"


@cache
def ground_truth() -> dict[str, dict[str, Any]]:
    """{page id: {"articleBody": str, "url": str}} for the 181 real article pages."""
    with gzip.open(GROUND_TRUTH, "rt", encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]
