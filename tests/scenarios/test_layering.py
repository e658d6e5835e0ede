"""The planner's walls: scenarios/ is pure, the store is reached through ui/scenarios/storage.py alone."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PURE = sorted((REPO / "scenarios").glob("*.py"))
# What sits above scenarios/ in the house: it may use analysis/ and loaders/, nothing that draws or stores.
ABOVE = {"streamlit", "store", "ui", "pages", "uploads", "dashboard", "sqlalchemy"}


def imported(path: Path) -> set[str]:
    """The top-level names of every module a file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_scenarios_imports_nothing_above_it():
    assert PURE, "scenarios/ has no modules"
    breaches = {path.name: sorted(imported(path) & ABOVE) for path in PURE if imported(path) & ABOVE}
    assert breaches == {}


def test_importing_every_scenarios_module_loads_nothing_above_it():
    names = [f"scenarios.{path.stem}" for path in PURE if path.stem != "__init__"]
    script = (
        "import importlib, json, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(ABOVE)!r}))))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert json.loads(completed.stdout.strip().splitlines()[-1]) == []


def test_only_storage_talks_to_the_store():
    callers = [REPO / "pages" / "scenario_planner.py", *sorted((REPO / "ui" / "scenarios").glob("*.py"))]
    reaching = [path.relative_to(REPO).as_posix() for path in callers
                if "store" in imported(path) and path.name != "storage.py"]
    assert reaching == []


def test_the_page_runs_as_its_own_script(tmp_path):
    """AppTest runs a page as the main script, which puts pages/ first on sys.path: no page may share a package's name."""
    script = (
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(REPO / 'pages' / 'scenario_planner.py')!r}, default_timeout=120).run()\n"
        "print(len(at.exception), len(at.title))\n"
    )
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}", "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
           "SPEND_SNAPSHOT_DIR": "off", "HOME": str(tmp_path)}
    completed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                               text=True, check=True, timeout=300)
    assert completed.stdout.split()[-2:] == ["0", "1"], completed.stderr[-2000:]


def test_no_page_shares_a_name_with_a_package():
    """A page named like a package (pages/scenarios.py) would stand in for it when Streamlit runs the page."""
    packages = {path.parent.name for path in REPO.glob("*/__init__.py")}
    assert {path.stem for path in (REPO / "pages").glob("*.py")} & packages == set()
