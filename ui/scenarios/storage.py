"""Saved scenarios in the store: the planner's only reads and writes, through store's public API.

scenarios/records.py turns a plan into the plain record kept here and back;
this module only moves records in and out, so nothing under scenarios/ needs
the store, and the page never calls it directly.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

import store
from scenarios.baselines import BaselineRef, baseline_frame
from scenarios.records import SavedScenario, ScenarioPlan, copy_of, plan_to_record, saved_from_record
from scenarios.result import ScenarioError
from store import StoreError
from store.scenarios import NOT_FOUND_OR_NOT_PUBLISHED

__all__ = [
    "StoreError",
    "delete_scenario",
    "duplicate_scenario",
    "list_saved",
    "load_baseline",
    "NOT_FOUND_OR_NOT_PUBLISHED",
    "open_scenario",
    "publish",
    "unpublish",
    "rename_scenario",
    "save_plan",
]


def list_saved(engine: Engine, *, visitor: bool) -> pd.DataFrame:
    """The saved scenarios, most recently changed first: for a visitor, only published ones, without accounts."""
    return store.list_scenarios(engine, published_only=visitor)


def save_plan(engine: Engine, plan: ScenarioPlan, *, author: str, scenario_id: int | None = None) -> int:
    """Save a new scenario, or overwrite `scenario_id`; returns its id."""
    return store.save_scenario(engine, author=author, scenario_id=scenario_id, **plan_to_record(plan))


def open_scenario(engine: Engine, scenario_id: int, *, visitor: bool = False) -> SavedScenario:
    """A saved scenario; a visitor asking for a draft is told it is not found or not published."""
    return saved_from_record(store.get_scenario(engine, scenario_id, published_only=visitor))


def publish(engine: Engine, scenario_id: int, *, user: str, author_name: str, any_author: bool) -> None:
    store.publish_scenario(engine, scenario_id, user=user, author_name=author_name, any_author=any_author)


def unpublish(engine: Engine, scenario_id: int, *, user: str, any_author: bool) -> None:
    store.unpublish_scenario(engine, scenario_id, user=user, any_author=any_author)


def duplicate_scenario(engine: Engine, scenario_id: int, *, author: str, new_name: str | None = None) -> int:
    """A copy to try a variation on; the copy is the duplicator's, with its own dates."""
    original = open_scenario(engine, scenario_id).plan
    return save_plan(engine, copy_of(original, new_name), author=author)


def rename_scenario(engine: Engine, scenario_id: int, new_name: str, *, user: str) -> None:
    store.rename_scenario(engine, scenario_id, new_name, user=user)


def delete_scenario(engine: Engine, scenario_id: int, *, user: str) -> None:
    store.delete_scenario(engine, scenario_id, user=user)


def load_baseline(engine: Engine, baseline: BaselineRef) -> pd.DataFrame:
    """The baseline's lines straight from the store, even from a since-replaced version.

    A scenario saved against last year's upload still opens as it was built;
    if the dataset has been deleted there is nothing to start from.
    """
    spend = store.load_spend(engine, dataset_ids=[baseline.dataset_id])
    if spend.empty:
        raise ScenarioError(
            f"The dataset this scenario starts from ({baseline.dataset_name}) is no longer in the store"
        )
    return baseline_frame(spend, baseline)
