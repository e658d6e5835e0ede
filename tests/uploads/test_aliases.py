"""The alias table as staff edit it, turned into the set and remove calls the store takes."""
from __future__ import annotations

import pandas as pd
import pytest

import store
from uploads import UploadError
from uploads.aliases import alias_changes

# Spellings that really occur in Leicestershire's Appendix A for the same bodies.
STORED = pd.DataFrame({
    "alias": ["Leicestershire Partnership Trust", "Leicester County Council"],
    "canonical_name": ["Leicestershire Partnership NHS Trust", "Leicestershire County Council"],
})


def test_added_changed_and_removed_rows():
    edited = pd.DataFrame({
        "alias": ["Leicestershire Partnership Trust", "Princes Trust", None],
        "canonical_name": ["Leicestershire Partnership NHS Trust (LPT)", "The Prince's Trust", None],
    })
    changes = alias_changes(STORED, edited)
    assert changes.to_set == [
        ("Leicestershire Partnership Trust", "Leicestershire Partnership NHS Trust (LPT)"),
        ("Princes Trust", "The Prince's Trust"),
    ]
    assert changes.to_remove == ["Leicester County Council"]


def test_unchanged_table_changes_nothing():
    assert alias_changes(STORED, STORED.copy()).empty


@pytest.mark.parametrize("alias, canonical, problem", [
    ("Catch22", "", "Row 3 of the alias table needs both"),
    ("Catch 22", "Catch 22", "Row 3 of the alias table maps 'Catch 22' to itself"),
    ("Leicester County Council", "Leicester City Council", "'Leicester County Council' appears twice"),
])
def test_a_row_that_cannot_be_stored_is_named(alias, canonical, problem):
    edited = pd.concat([STORED, pd.DataFrame({"alias": [alias], "canonical_name": [canonical]})], ignore_index=True)
    with pytest.raises(UploadError, match=problem):
        alias_changes(STORED, edited)


def test_changes_applied_to_the_store_give_the_edited_table(engine):
    for alias, canonical in zip(STORED["alias"], STORED["canonical_name"]):
        store.set_alias(engine, alias, canonical, "analyst@opcc.example")
    edited = pd.DataFrame({"alias": ["Leicester County Council", "Catch22"],
                           "canonical_name": ["Leicestershire County Council", "Catch 22"]})
    changes = alias_changes(store.list_aliases(engine), edited)
    for alias, canonical in changes.to_set:
        store.set_alias(engine, alias, canonical, "analyst@opcc.example")
    for alias in changes.to_remove:
        store.remove_alias(engine, alias, "analyst@opcc.example")
    assert store.list_aliases(engine)[["alias", "canonical_name"]].to_dict("records") == [
        {"alias": "Catch22", "canonical_name": "Catch 22"},
        {"alias": "Leicester County Council", "canonical_name": "Leicestershire County Council"},
    ]
