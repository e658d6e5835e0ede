"""A page that only reads must not import the loader's heavy parts.

pandera, calamine and openpyxl cost a new server process about 0.3 s before
its first page; only uploading and exporting need them, and they import them
when used.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
READ_ONLY_PAGES = ["overview", "strategic_areas", "providers", "geography", "commissioning", "trends",
                   "compare_areas"]
HEAVY = ["pandera", "python_calamine", "openpyxl", "loaders.load"]


def _imports_of(page: str) -> list[str]:
    tree = ast.parse((REPO / "pages" / f"{page}.py").read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_read_only_pages_import_no_loader_machinery():
    modules = sorted({module for page in READ_ONLY_PAGES for module in _imports_of(page)} | {"dashboard"})
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                               check=True)
    assert json.loads(completed.stdout.strip().splitlines()[-1]) == []


def test_the_loader_still_offers_its_names():
    import loaders

    assert callable(loaders.load_file) and callable(loaders.reconcile) and callable(loaders.validate_tidy)
    assert "Procured – sole funded" in loaders.COMMISSIONING_TYPES
