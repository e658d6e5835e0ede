"""Finding what a page shows in an AppTest run: tables by column, metrics by label, charts by key."""
from __future__ import annotations

import json


def table(at, column: str, without: str | None = None):
    """The first table on the page with this column (and without another), as a DataFrame."""
    for frame in (element.value for element in at.dataframe):
        if column in frame.columns and (without is None or without not in frame.columns):
            return frame
    raise AssertionError(f"no table with a {column!r} column")


def metric(at, label_start: str) -> str:
    matches = [m.value for m in at.metric if m.label.startswith(label_start)]
    assert matches, f"no metric labelled {label_start!r}: {[m.label for m in at.metric]}"
    return matches[0]


def chart(at, key: str) -> dict:
    found = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if key in c.proto.id]
    assert found, f"no chart {key!r} among {[c.proto.id for c in at.get('plotly_chart')]}"
    return found[0]
