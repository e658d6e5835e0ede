"""The bundled PCC datasets, loaded once per session through the loaders, as every analysis test's input."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.selection import COUNTABLE_KINDS
from loaders import LoadResult, load_file

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LEICESTERSHIRE_FRAMEWORK = DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx"


def _manifest() -> list[dict]:
    return json.loads((DATA_DIR / "bundled.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def leicestershire_result() -> LoadResult:
    return load_file(LEICESTERSHIRE_FRAMEWORK, area="Leicestershire")


@pytest.fixture(scope="session")
def leicestershire(leicestershire_result) -> pd.DataFrame:
    return leicestershire_result.tidy


@pytest.fixture(scope="session")
def published_grand_totals(leicestershire_result) -> dict[str, float]:
    """The Grand Total row of Appendix A, per year, as the loaders read it."""
    declared = leicestershire_result.declared_totals
    grand = declared[declared["kind"] == "grand_total"]
    return dict(zip(grand["financial_year"], grand["declared_gbp"].astype(float)))


@pytest.fixture(scope="session")
def bundled() -> pd.DataFrame:
    """Every bundled dataset that counts toward totals.

    The emergent-issues table spends money already counted in the framework's
    emergent-issues line, and caps and funding received are never spend, so
    they are left out as the dashboard leaves them out.
    """
    frames = []
    for entry in _manifest():
        if entry.get("kind") not in COUNTABLE_KINDS:
            continue
        result = load_file(DATA_DIR / entry["file"], sheet=entry.get("sheet"), area=entry["area"], year=entry.get("year"))
        frames.append(result.tidy)
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="session")
def bundled_manifest() -> list[dict]:
    return _manifest()
