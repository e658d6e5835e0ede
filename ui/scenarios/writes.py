"""Every change the planner makes to the store, each asking for the staff role as it is made.

A button drawn for a member of staff can be clicked after their role was
taken away, or forged; `authorised` is asked here, at the write itself, so
such a click changes nothing and says why.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from scenarios.records import ScenarioPlan
from ui import data_access
from ui.access import ADMIN, STAFF, authorised, may
from ui.scenarios import state, storage


def save(plan: ScenarioPlan, scenario_id: int | None) -> None:
    """Save as new (`scenario_id` None) or over the scenario it was opened from."""
    author = authorised(STAFF, "Saving a scenario")
    if author is None:
        return
    try:
        saved_id = storage.save_plan(data_access.engine(), plan, author=author, scenario_id=scenario_id)
    except storage.StoreError as problem:
        st.error(str(problem), icon=":material/error:")
        return
    state.set_plan(plan, opened=saved_id)
    state.notify(f"Saved “{plan.name}”.")
    st.rerun()


def rename(scenario_id: int, new_name: str) -> None:
    writer = authorised(STAFF, "Renaming a scenario")
    if writer is None:
        return
    try:
        storage.rename_scenario(data_access.engine(), scenario_id, new_name, user=writer)
    except storage.StoreError as problem:
        st.error(str(problem))
        return
    if state.opened_id() == scenario_id:
        state.set_plan(replace(state.working_plan(), name=new_name.strip()))
    state.notify(f"Renamed to “{new_name.strip()}”.")
    st.rerun()


def delete(scenario_id: int, name: str) -> None:
    writer = authorised(STAFF, "Deleting a scenario")
    if writer is None:
        return
    storage.delete_scenario(data_access.engine(), scenario_id, user=writer)
    if state.opened_id() == scenario_id:
        state.set_plan(state.working_plan(), opened=None)
    st.session_state.pop("saved_choice", None)
    state.notify(f"Deleted “{name}”.")
    st.rerun()


def duplicate(scenario_id: int, name: str) -> None:
    """A button callback: the copy becomes the chosen scenario in the saved list."""
    author = authorised(STAFF, "Duplicating a scenario")
    if author is None:
        return
    new_id = storage.duplicate_scenario(data_access.engine(), scenario_id, author=author)
    state.notify(f"Duplicated “{name}” as “Copy of {name}”.")
    st.session_state["saved_choice"] = new_id


def publish(scenario_id: int, name: str, author_name: str) -> None:
    """Visitors see the scenario from now on, under `author_name`; only its author or an admin may."""
    writer = authorised(STAFF, "Publishing a scenario")
    if writer is None:
        return
    try:
        storage.publish(data_access.engine(), scenario_id, user=writer, author_name=author_name, any_author=may(ADMIN))
    except storage.StoreError as problem:
        st.error(str(problem), icon=":material/error:")
        return
    state.notify(f"Published “{name}”: anyone can now open it from its link.")
    st.rerun()


def unpublish(scenario_id: int, name: str) -> None:
    writer = authorised(STAFF, "Making a scenario a draft")
    if writer is None:
        return
    try:
        storage.unpublish(data_access.engine(), scenario_id, user=writer, any_author=may(ADMIN))
    except storage.StoreError as problem:
        st.error(str(problem), icon=":material/error:")
        return
    state.notify(f"“{name}” is a draft again: only staff can see it.")
    st.rerun()
