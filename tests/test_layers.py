"""The house's import rules: each layer uses only those beneath it, so a figure has one home.

loaders → store → analysis → scenarios → uploads → ui → pages. The pure
layers (loaders, analysis, scenarios) know nothing of Streamlit, the store
or the pages; the store knows only the loader's schema; a page reaches the
store only through ui/data_access.py; the open-data API (api/) stands
beside ui, reading the store and analysis without Streamlit. Read from each module's source, so a
new module is checked the day it is added.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ["loaders", "store", "analysis", "scenarios", "uploads", "api", "ui", "pages"]
OUR_TOP_LEVEL = set(PACKAGES) | {"dashboard", "app", "bench", "tests", "scripts", "data"}

# What each layer may import of ours (its own package always).
ALLOWED = {
    "loaders": set(),
    "store": {"loaders.schema", "loaders.errors"},
    "analysis": {"loaders"},
    "scenarios": {"loaders", "analysis"},
    "uploads": {"loaders", "store", "analysis"},
    # The open-data API stands where ui does, beside it: it reads the store and
    # computes with analysis as the pages do, and neither it nor the pages import the other.
    "api": {"loaders", "store", "analysis"},
    "ui": {"loaders", "store", "analysis", "scenarios", "uploads"},
    "pages": {"loaders", "analysis", "scenarios", "uploads", "ui"},
}
PURE = {"loaders", "analysis", "scenarios", "uploads", "store", "api"}  # no streamlit


def modules(package: str):
    folder = REPO / package
    yield from sorted(folder.rglob("*.py")) if folder.is_dir() else ()


def imported_names(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
            # `from store import models` names a module too.
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return names


def allowed(package: str, name: str) -> bool:
    top = name.split(".")[0]
    if top == "streamlit":
        return package not in PURE
    if top not in OUR_TOP_LEVEL or top == package:
        return True
    return any(name == rule or name.startswith(rule + ".") for rule in ALLOWED[package])


def breaches(package: str) -> list[str]:
    found = []
    for path in modules(package):
        seen = set()
        for line, name in imported_names(path):
            top_import = name.rsplit(".", 1)[0] if name.count(".") else name
            # For `from a.b import c`, allow if either a.b or a.b.c is allowed.
            if allowed(package, name) or allowed(package, top_import):
                continue
            key = (line, name.split(".")[0])
            if key not in seen:
                seen.add(key)
                found.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_each_layer_imports_only_the_layers_beneath_it(package):
    assert breaches(package) == []


def test_the_rule_catches_a_breach():
    # A page importing the store directly is the breach the rules exist for.
    assert not allowed("pages", "store.models")
    assert not allowed("analysis", "streamlit")
    assert allowed("pages", "ui.data_access")
    assert allowed("store", "loaders.schema") and not allowed("store", "loaders.read")
    # The API and the pages stand side by side: neither reaches into the other, and the API has no Streamlit.
    assert not allowed("pages", "api.routes") and not allowed("api", "ui.sidebar") and not allowed("api", "streamlit")
