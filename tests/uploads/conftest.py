"""A fresh SQLite store per test, empty or holding the bundled published datasets."""
from __future__ import annotations

import pytest

from store import make_engine
from uploads.bundled import load_bundled


@pytest.fixture
def engine(tmp_path):
    store_engine = make_engine(f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    yield store_engine
    store_engine.dispose()


@pytest.fixture
def bundled_engine(engine):
    load_bundled(engine)
    return engine
