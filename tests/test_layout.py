"""Layout rules, read from the source: no module under tasks/, flows/ or warehouse/ grows past
what one person can hold (900 lines), and the product never reaches into the tests: it imports
neither tests/ nor the shared test helpers of testing/ (bar the CLI's eval-facts command, which
runs the labelled-set scorer) and names no path under tests/."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 900
SIZED = ("tasks", "flows", "warehouse")
PRODUCT = ("tasks", "flows", "warehouse", "config")
# `newsfacts eval-facts` scores the labelled sets; the scorer is not product code.
ALLOWED = {("flows/cli.py", "testing")}


def _modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (REPO_ROOT / folder).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _imported(tree: ast.AST) -> set[str]:
    """Top-level names of the absolute imports anywhere in a module (lazy ones included)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_under_tasks_flows_or_warehouse_is_over_900_lines() -> None:
    lengths = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules(*SIZED)}
    over = {name: lines for name, lines in lengths.items() if lines > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them by concern): {over}"


def test_the_product_imports_neither_the_tests_nor_the_test_helpers() -> None:
    found = []
    for path in _modules(*PRODUCT):
        for name in _imported(ast.parse(path.read_text(encoding="utf-8"))) & {"tests", "testing"}:
            if (_name(path), name) not in ALLOWED:
                found.append((_name(path), name))
    assert not found


def test_benchmarks_and_docs_use_the_shared_helpers_not_the_tests_package() -> None:
    found = [
        _name(path)
        for path in _modules("bench", "docs", "testing")
        if "tests" in _imported(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found


def test_no_product_module_names_a_path_under_tests() -> None:
    found = []
    for path in _modules(*PRODUCT):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and (value == "tests" or value.startswith("tests/")):
                found.append((_name(path), value))
    assert not found
