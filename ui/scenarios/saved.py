"""The Saved scenarios section: the list anyone may open, and staff's duplicate, rename and delete."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from scenarios.records import SavedScenario
from scenarios.result import ScenarioError
from ui import charts
from ui.scenarios import state, storage, writes


def saved_section(*, editable: bool) -> None:
    saved = state.saved_scenarios()
    if saved.empty:
        charts.show_empty("No scenario has been saved yet." + (" Build one and press Save." if editable else ""))
        return
    details = {int(row.id): _safe_open(int(row.id)) for row in saved.itertuples()}
    st.dataframe(pd.DataFrame({
        "Name": saved["name"],
        "Starts from": [_short_baseline(details[int(i)]) for i in saved["id"]],
        "Planned total": [_planned_total(details[int(i)]) for i in saved["id"]],
        "Steps": [len(details[int(i)].plan.adjustments) if details[int(i)] else 0 for i in saved["id"]],
        "Author": saved["author_name"].fillna("") if not editable else saved["author"],
        **({"Status": saved["status"].map({"published": "Published", "draft": "Draft"}).fillna(saved["status"])}
           if editable else {}),
        "Last changed": saved["updated_at"].dt.strftime("%d %b %Y %H:%M"),
        "Notes": saved["notes"],
    }), hide_index=True, key="saved_table")
    names = dict(zip(saved["id"].astype(int), saved["name"]))
    chosen = st.selectbox("Scenario", list(names), format_func=names.get, key="saved_choice")
    open_column, duplicate_column, rename_column, delete_column = st.columns(4)
    open_column.button("Open", type="primary", key="saved_open", icon=":material/open_in_new:",
                       on_click=open_and_show, args=(chosen, names[chosen]))
    st.caption(f"Link to this scenario: add ?scenario={chosen} to the planner's address.")
    if not editable:
        st.caption("Only published scenarios are listed. Sign in to see drafts, or to duplicate, rename or delete.")
        return
    status = dict(zip(saved["id"].astype(int), saved["status"]))
    if status[chosen] == "published":
        st.button("Make a draft again", key="saved_unpublish", icon=":material/unpublished:",
                  on_click=writes.unpublish, args=(chosen, names[chosen]))
    else:
        with st.popover("Publish", icon=":material/public:"):
            st.write("Visitors will see this scenario under the name you give (never your email address).")
            shown_as = st.text_input("Publish as", key=f"saved_publish_name_{chosen}",
                                     placeholder="e.g. Office of the PCC, finance team")
            if st.button("Publish it", type="primary", key="saved_publish"):
                writes.publish(chosen, names[chosen], shown_as)
    duplicate_column.button("Duplicate", key="saved_duplicate", icon=":material/content_copy:",
                            on_click=writes.duplicate, args=(chosen, names[chosen]))
    with rename_column.popover("Rename", icon=":material/edit:"):
        new_name = st.text_input("New name", value=names[chosen], key=f"saved_rename_{chosen}")
        if st.button("Rename", key="saved_rename"):
            writes.rename(chosen, new_name)
    with delete_column.popover("Delete", icon=":material/delete:"):
        st.write(f"Delete “{names[chosen]}” for everyone? This cannot be undone.")
        if st.button("Yes, delete it", type="primary", key="saved_delete"):
            writes.delete(chosen, names[chosen])


def open_and_show(scenario_id: int, name: str) -> None:
    state.open_saved(scenario_id)
    state.notify(f"Opened “{name}”.")
    state.go_to(state.BUILD)


def _short_baseline(saved: SavedScenario | None) -> str:
    return "—" if saved is None else f"{saved.plan.baseline.area} {saved.plan.baseline.financial_year}"


def _planned_total(saved: SavedScenario | None) -> str:
    if saved is None:
        return "—"
    try:
        result = state.result_for(saved.plan)
    except ScenarioError:
        return "baseline gone"
    return f"{format_gbp(result.scenario_total)} in {result.plan_year}"


def _safe_open(scenario_id: int) -> SavedScenario | None:
    try:
        return state.saved_scenario(scenario_id)
    except (storage.StoreError, ValueError):
        return None
