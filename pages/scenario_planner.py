"""Scenarios: what if an area is cut, a service ends, a new one starts, and does it fit the funding?

Anyone can open and compare saved scenarios; building, saving and changing
them needs a signed-in member of staff, as uploads do, and each save, rename,
duplicate and delete checks the role again as it is made (ui/scenarios/writes.py).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from scenarios.funding import funding_gap
from scenarios.records import ScenarioPlan
from scenarios.result import ScenarioError, ScenarioResult
from ui import charts
from ui.access import is_signed_in, sign_in_form, signed_in_bar
from ui.plain_text import escape_markdown
from ui.scenarios import address, build, compare_address, state, views
from ui.scenarios.compare import compare_section
from ui.scenarios.saved import saved_section
from ui.sidebar import ensure_dashboard_navigation

# A shared link opened first after a restart must still get the dashboard around it.
ensure_dashboard_navigation()


def build_section(plan: ScenarioPlan, *, editable: bool) -> None:
    build.saved_status(plan)
    current = state.is_current_dataset(plan.baseline)
    if editable and current:
        build.baseline_picker(plan)
    build.plan_years_panel(plan, editable=editable)
    st.caption(f"Baseline: **{escape_markdown(plan.baseline.label())}**")
    if not current:
        build.replaced_baseline_notice(plan, editable=editable)
    try:
        result = state.result_for(plan)
    except ScenarioError as problem:
        st.error(f"{escape_markdown(problem)}. Open another scenario or start a new one.", icon=":material/error:")
        if editable:
            st.button("Start a new scenario", key="scenario_new_after_error", on_click=state.start_new)
        return
    gap = funding_gap(result, list(plan.funding))
    build.years_section(result)
    build.steps_list(plan, result, editable=editable)
    build.funding_section(plan, result, gap, editable=editable)
    results_section(plan, result, gap)
    build.save_section(plan, result, editable=editable)


def results_section(plan: ScenarioPlan, result: ScenarioResult, gap: pd.DataFrame) -> None:
    st.subheader(f"Baseline {result.baseline_year} against the scenario for {result.plan_year}")
    views.headline(result, gap)
    views.area_bars(result, state.area_colours(), key="scenario_area_bars")
    st.dataframe(views.area_table(result), hide_index=True, key="scenario_area_table")
    if plan.adjustments:
        views.waterfall(result, key="scenario_waterfall")
    st.markdown("##### Lines that change")
    views.changed_lines_table(result, key="scenario_changed_lines")
    if not result.trail.empty:
        with st.expander("How each line was changed, step by step"):
            st.dataframe(views.trail_table(result), hide_index=True, key="scenario_trail")


st.title("Scenario planner")
st.caption(
    "Start from a published budget, apply changes in order, check the plan against the funding you expect, "
    "then save it, compare it with another and download it for the Chief Finance Officer."
)
notice = state.take_notice()
if notice:
    st.success(notice, icon=":material/check_circle:")

unopened = address.open_from_address()
if unopened:
    st.warning(unopened, icon=":material/search_off:")
compared = compare_address.asked_ids()
compare_address.show_compare_first(compared)
working = state.working_plan()
if working is None:
    charts.show_empty("There is no spend data yet. Staff can add a PCC spreadsheet on the Upload page.")
    st.stop()

signed_in = is_signed_in()
if signed_in:
    signed_in_bar(key="scenario_sign_out")
else:
    with st.expander("You can open and compare saved scenarios. Sign in to build, change or save them.",
                     icon=":material/lock:"):
        sign_in_form(key="scenario_sign_in")

# A visitor cannot build, so they land on the list of saved scenarios.
sections = [state.BUILD, state.SAVED, state.COMPARE]
section = st.radio("Section", sections, index=sections.index(state.BUILD if signed_in else state.SAVED),
                   key=state.SECTION, horizontal=True, label_visibility="collapsed")
if section == state.BUILD:
    if not signed_in and state.opened_id() is None:
        charts.show_empty("Open a saved scenario to see it here, or sign in to build one.")
        saved_section(editable=False)
    else:
        st.header(working.name)
        build_section(working, editable=signed_in)
elif section == state.SAVED:
    saved_section(editable=signed_in)
elif compared is not None:
    compare_address.address_comparison(compared)
else:
    compare_section()
