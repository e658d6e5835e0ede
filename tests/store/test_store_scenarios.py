"""Saved what-if scenarios for the planner."""
from __future__ import annotations

import pytest

from store import (
    NOT_FOUND_OR_NOT_PUBLISHED,
    StoreError,
    audit_log,
    delete_scenario,
    get_scenario,
    get_scenario_version,
    list_scenarios,
    publish_scenario,
    rename_scenario,
    save_scenario,
    scenario_versions,
    scenarios_on_datasets,
    store_version,
    unpublish_scenario,
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


def test_a_scenario_is_a_draft_that_visitors_never_see_until_its_author_publishes_it(engine):
    scenario_id = save_scenario(engine, name="Victims uplift", author="alice@opcc.example", baseline=BASELINE,
                                adjustments=ADJUSTMENTS)
    assert list_scenarios(engine)["status"].tolist() == ["draft"]
    assert list_scenarios(engine, published_only=True).empty
    with pytest.raises(StoreError, match=NOT_FOUND_OR_NOT_PUBLISHED):
        get_scenario(engine, scenario_id, published_only=True)
    with pytest.raises(StoreError, match=NOT_FOUND_OR_NOT_PUBLISHED):
        get_scenario(engine, 99, published_only=True)

    with pytest.raises(StoreError, match="Only the scenario's author"):
        publish_scenario(engine, scenario_id, user="bob@opcc.example", author_name="Bob")
    with pytest.raises(StoreError, match="cannot be an email address"):
        publish_scenario(engine, scenario_id, user="alice@opcc.example", author_name="alice@opcc.example")
    publish_scenario(engine, scenario_id, user="Alice@OPCC.example", author_name="  Alice   Okafor ")

    public = list_scenarios(engine, published_only=True)
    assert public["name"].tolist() == ["Victims uplift"]
    assert "author" not in public.columns
    assert public["author_name"].tolist() == ["Alice Okafor"]
    opened = get_scenario(engine, scenario_id, published_only=True)
    assert (opened["author"], opened["author_name"], opened["status"]) == (None, "Alice Okafor", "published")
    assert opened["published_at"].tzname() == "UTC"
    assert "@" not in repr(public.to_dict()) + repr({k: v for k, v in opened.items() if k != "adjustments"})

    unpublish_scenario(engine, scenario_id, user="alice@opcc.example")
    assert list_scenarios(engine, published_only=True).empty
    assert audit_log(engine)["action"].tolist()[:2] == ["scenario_unpublish", "scenario_publish"]


def test_an_admin_may_publish_anothers_scenario(engine):
    scenario_id = save_scenario(engine, name="Plan", author="alice", baseline=BASELINE, adjustments=[])
    publish_scenario(engine, scenario_id, user="admin", author_name="Alice", any_author=True)
    assert get_scenario(engine, scenario_id)["status"] == "published"


def test_every_save_is_a_version_that_can_be_reopened(engine):
    scenario_id = save_scenario(engine, name="Victims uplift", author="alice", baseline=BASELINE,
                                adjustments=ADJUSTMENTS)
    save_scenario(engine, name="Victims uplift", author="bob", baseline=BASELINE, adjustments=ADJUSTMENTS[:1],
                  scenario_id=scenario_id, changes="Step 2 removed")
    rename_scenario(engine, scenario_id, "Victims uplift (final)", user="bob")

    versions = scenario_versions(engine, scenario_id)
    assert versions[["version", "saved_by", "name", "changes"]].values.tolist() == [
        [3, "bob", "Victims uplift (final)", "Renamed from 'Victims uplift'"],
        [2, "bob", "Victims uplift", "Step 2 removed"],
        [1, "alice", "Victims uplift", "Created"],
    ]
    first = get_scenario_version(engine, scenario_id, 1)
    assert (first["adjustments"], first["saved_by"], first["version"]) == (ADJUSTMENTS, "alice", 1)
    assert get_scenario(engine, scenario_id)["adjustments"] == ADJUSTMENTS[:1]
    with pytest.raises(StoreError, match="no version 7"):
        get_scenario_version(engine, scenario_id, 7)

    delete_scenario(engine, scenario_id, user="alice")
    with pytest.raises(StoreError, match="no scenario"):
        scenario_versions(engine, scenario_id)


def test_the_scenarios_built_on_a_dataset_are_found(engine):
    on_one = save_scenario(engine, name="On one", author="alice", baseline=BASELINE, adjustments=[])
    save_scenario(engine, name="On two", author="alice", baseline={**BASELINE, "dataset_id": 2}, adjustments=[])
    found = scenarios_on_datasets(engine, [1, 3])
    assert found[["id", "name", "status", "dataset_id"]].values.tolist() == [[on_one, "On one", "draft", 1]]
    assert scenarios_on_datasets(engine, []).empty
