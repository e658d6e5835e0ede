"""Page tests run against a real store: the bundled PCC datasets in a temporary SQLite file.

Use in any page test:

    def test_my_page(run_page, bundled_loads):
        at = run_page("pages/my_page.py", query={"area": "Leicestershire", "to": "2020/21"})
        assert not at.exception

`bundled_store` points DATABASE_URL at a private copy of the store for the
test (so a page that uploads or deletes cannot disturb another test);
`bundled_loads` is what the loaders read from each bundled file, to derive
expected figures from rather than typing them in.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import LoadResult, load_file
from store import make_engine
from uploads.bundled import load_bundled

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
PAGE_TIMEOUT_S = 60


@pytest.fixture(scope="session")
def bundled_store_file(tmp_path_factory) -> Path:
    """A SQLite store holding every bundled dataset, built once per test session."""
    path = tmp_path_factory.mktemp("bundled_store") / "victims_spend.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    load_bundled(engine)
    engine.dispose()
    return path


@pytest.fixture
def bundled_store(bundled_store_file, tmp_path, monkeypatch) -> str:
    """DATABASE_URL of this test's own copy of the bundled store (also set in the environment)."""
    copy = tmp_path / "victims_spend.sqlite"
    # The backup API copies a WAL-mode database whole, unlike copying the file.
    with sqlite3.connect(bundled_store_file) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def empty_store(tmp_path, monkeypatch) -> str:
    """DATABASE_URL of an empty store, for the 'no data yet' state of a page."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    make_engine(url).dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def run_page(bundled_store):
    """run_page(path, query=None) -> the AppTest after one run, on the bundled store.

    `path` is relative to the repository root: a page file, or "dashboard.py".
    `query` is the URL query string as a dict (values: str or list of str).
    """

    def run(path: str, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(REPO_ROOT / path), default_timeout=PAGE_TIMEOUT_S)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run()

    return run


@pytest.fixture(scope="session")
def bundled_manifest() -> list[dict]:
    return json.loads((DATA_DIR / "bundled.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def bundled_loads(bundled_manifest) -> dict[str, LoadResult]:
    """File name -> what the loaders read from that bundled file."""
    return {
        entry["file"]: load_file(DATA_DIR / entry["file"], sheet=entry.get("sheet"),
                                 area=entry["area"], year=entry.get("year"))
        for entry in bundled_manifest
    }


@pytest.fixture(scope="session")
def leicestershire_framework(bundled_loads):
    """The Leicestershire framework's tidy lines: the figures the Overview must show."""
    return bundled_loads["leicestershire_commissioning_framework_2018-21.xlsx"].tidy
