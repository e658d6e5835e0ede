"""Saved what-if scenarios for the planner."""
from __future__ import annotations

import pytest

from store import (
    StoreError,
    audit_log,
    delete_scenario,
    get_scenario,
    list_scenarios,
    rename_scenario,
    save_scenario,
    store_version,
)

BASELINE = {"dataset_id": 1, "area": "Leicestershire", "financial_year": "2020/21"}
# Decision EXE0003/20: the Paediatric SARC contribution, and a 3% uplift on Victim First.
ADJUSTMENTS = [
    {"service": "Paediatric SARC", "change_gbp": 20_000},
    {"service": "Victim First", "change_pct": 3.0},
]


def test_a_scenario_is_saved_listed_read_renamed_and_deleted(engine):
    scenario_id = save_scenario(
        engine, name="Victims uplift", author="alice", baseline=BASELINE,
        adjustments=ADJUSTMENTS, notes="For the March panel",
    )

    assert list_scenarios(engine)["name"].tolist() == ["Victims uplift"]
    saved = get_scenario(engine, scenario_id)
    assert (saved["baseline"], saved["adjustments"], saved["notes"]) == (BASELINE, ADJUSTMENTS, "For the March panel")
    assert saved["created_at"].tzname() == "UTC"

    save_scenario(
        engine, name="Victims uplift", author="alice", baseline=BASELINE,
        adjustments=ADJUSTMENTS[:1], scenario_id=scenario_id,
    )
    assert get_scenario(engine, scenario_id)["adjustments"] == ADJUSTMENTS[:1]

    rename_scenario(engine, scenario_id, "Victims uplift (final)", user="bob")
    assert get_scenario(engine, scenario_id)["name"] == "Victims uplift (final)"

    delete_scenario(engine, scenario_id, user="bob")
    assert list_scenarios(engine).empty
    assert audit_log(engine)["action"].tolist() == [
        "scenario_delete", "scenario_rename", "scenario_update", "scenario_save",
    ]


def test_the_most_recently_changed_scenario_is_listed_first(engine):
    older = save_scenario(engine, name="A", author="alice", baseline=BASELINE, adjustments=[])
    newer = save_scenario(engine, name="B", author="alice", baseline=BASELINE, adjustments=[])
    assert list_scenarios(engine)["id"].tolist() == [newer, older]

    rename_scenario(engine, older, "A, revisited", user="alice")
    assert list_scenarios(engine)["id"].tolist() == [older, newer]


def test_a_missing_scenario_is_reported_and_nothing_is_written(engine):
    version = store_version(engine)

    for action in (
        lambda: get_scenario(engine, 99),
        lambda: rename_scenario(engine, 99, "New name", user="alice"),
        lambda: delete_scenario(engine, 99, user="alice"),
    ):
        with pytest.raises(StoreError, match="no scenario with id 99"):
            action()

    assert store_version(engine) == version
