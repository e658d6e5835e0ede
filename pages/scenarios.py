"""Scenarios: what if an area is cut, a service ends, a new one starts, and does it fit the funding?

Anyone can open and compare saved scenarios; building, saving and changing
them needs a signed-in member of staff, as uploads do, and each save, rename,
duplicate and delete checks the role again as it is made.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

import store
from analysis.colours import strategic_area_colours
from analysis.money import format_gbp
from analysis.scenario_adjustments import describe
from analysis.scenario_export import scenario_workbook, workbook_filename
from analysis.scenario_funding import funding_gap
from analysis.scenario_records import SavedScenario, ScenarioPlan, duplicate_scenario, plan_result, save_plan
from analysis.scenarios import ScenarioError, compare_scenarios
from ui import charts, data_access
from ui import scenario_state as state
from ui import scenario_views as views
from ui.access import STAFF, authorised, current_user, is_signed_in, sign_in_form, signed_in_bar
from ui.scenario_editor import adjustment_editor, funding_source_editor
from ui.sidebar import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

# A shared link opened first after a restart must still get the dashboard around it.
ensure_dashboard_navigation()

BUILD, SAVED, COMPARE = "Build", "Saved scenarios", "Compare"
SECTION = "scenario_section"
BUILDING = "The scenario being built"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def go_to(section: str) -> None:
    st.session_state[SECTION] = section


def result_for(plan: ScenarioPlan):
    return plan_result(state.baseline_lines_for(plan.baseline), plan)


def all_colours() -> dict[str, str]:
    return strategic_area_colours(data_access.marked_spend(data_access.store_key())["strategic_area"].unique())


# --- Build -------------------------------------------------------------------

def baseline_picker(plan: ScenarioPlan) -> None:
    """Dataset, area and year, each narrowing the next; the latest year is the default."""
    options = state.options()
    st.markdown("##### Start from")
    dataset_column, area_column, year_column = st.columns([3, 2, 1])
    datasets = options.drop_duplicates("dataset_id")
    # Plain-text choices (each dataset's name, with its id only if two share a name) keep the widget simple.
    repeated = datasets["dataset_name"].duplicated(keep=False)
    labels = [f"{name} (#{dataset_id})" if twin else name
              for name, dataset_id, twin in zip(datasets["dataset_name"], datasets["dataset_id"], repeated)]
    label_ids = dict(zip(labels, datasets["dataset_id"].astype(int)))
    current = plan.baseline
    current_label = next((label for label, dataset_id in label_ids.items() if dataset_id == current.dataset_id), None)
    dataset_id = label_ids[dataset_column.selectbox(
        "Dataset", labels, index=labels.index(current_label) if current_label else 0,
        key=f"baseline_dataset_{current.dataset_id}",
    )]
    in_dataset = options[options["dataset_id"] == dataset_id]
    areas = list(pd.unique(in_dataset["area"]))
    area = area_column.selectbox(
        "Area", areas, index=areas.index(current.area) if current.area in areas else 0,
        key=f"baseline_area_{dataset_id}",
    )
    years = list(in_dataset.loc[in_dataset["area"] == area, "financial_year"])
    year = year_column.selectbox(
        "Financial year", years, index=years.index(current.financial_year) if current.financial_year in years else 0,
        key=f"baseline_year_{dataset_id}_{area}", help="The latest year is chosen first: the budget next year's plan starts from.",
    )
    chosen = in_dataset[(in_dataset["area"] == area) & (in_dataset["financial_year"] == year)].iloc[0]
    ref = state.ref_from_option(chosen)
    if ref != current:
        state.set_baseline(ref)
        st.rerun()


def steps_list(plan: ScenarioPlan, result, *, editable: bool) -> None:
    st.markdown("##### Steps, applied in this order")
    if not plan.adjustments:
        st.caption("No steps yet." + (" Add one below." if editable else ""))
    editing = state.editing_step()
    for index, adjustment in enumerate(plan.adjustments):
        step = result.steps.iloc[index]
        effect = "" if step["lines_changed"] == 0 else (
            f" — {views.signed_gbp(step['change_gbp'])} on {step['lines_changed']} line"
            f"{'s' if step['lines_changed'] != 1 else ''}"
        )
        # Words, not icon-only buttons: "Edit" and "Remove" need no guessing.
        text_column, *buttons = st.columns([8, 1.6, 1.9, 1.6, 2.1], vertical_alignment="center") if editable else st.columns([1])
        text_column.markdown(f"**{index + 1}.** {escape_markdown(describe(adjustment))}{effect}")
        if editable:
            up, down, edit, remove = buttons
            up.button("Up", key=f"step_up_{index}", help="Move this step earlier", width="stretch",
                      disabled=index == 0, on_click=state.move_adjustment, args=(index, -1))
            down.button("Down", key=f"step_down_{index}", help="Move this step later", width="stretch",
                        disabled=index == len(plan.adjustments) - 1, on_click=state.move_adjustment, args=(index, 1))
            edit.button("Close" if editing == index else "Edit", key=f"step_edit_{index}", width="stretch",
                        help="Change this step", on_click=state.edit_step, args=(None if editing == index else index,))
            remove.button("Remove", key=f"step_remove_{index}", help="Remove this step", width="stretch",
                          on_click=state.remove_adjustment, args=(index,))
        if editable and editing == index:
            with st.container(border=True):
                changed = adjustment_editor(result.lines, key=f"edit_step_{index}", existing=adjustment)
                if changed is not None:
                    state.replace_adjustment(index, changed)
                    st.rerun()
    for warning in result.warnings:
        st.warning(warning, icon=":material/warning:")
    if editable:
        with st.expander("Add a step", expanded=not plan.adjustments, icon=":material/add:"):
            added = adjustment_editor(result.lines, key="new_step")
            if added is not None:
                state.add_adjustment(added)
                st.rerun()


def funding_section(plan: ScenarioPlan, result, gap: pd.DataFrame, *, editable: bool) -> None:
    st.markdown("##### Funding envelope")
    st.caption(
        "The income you expect for the plan: the victims' grant, the PCC's own contribution and co-funders. "
        "Each can change by its own % a year over the projection."
    )
    for index, source in enumerate(plan.funding):
        text_column, button_column = st.columns([12, 2], vertical_alignment="center")
        rate = f", {source.percent_per_year:+g}% a year" if source.percent_per_year else ""
        kind = "" if source.category.casefold() in source.source.casefold() else f" ({source.category})"
        text_column.markdown(f"- **{source.source}**{kind}: {format_gbp(source.amount_gbp)}"
                             f" in {result.plan_year}{rate}")
        if editable:
            button_column.button("Remove", key=f"funding_remove_{index}", help="Remove this income",
                                 width="stretch", on_click=state.remove_funding, args=(index,))
    if editable:
        with st.expander("Add expected income", expanded=not plan.funding, icon=":material/add:"):
            source = funding_source_editor(key="funding_new", plan_year=result.plan_year)
            if source is not None:
                state.add_funding(source)
                st.rerun()
    if not gap.empty:
        views.funding_chart(gap, key="scenario_funding_chart")
        st.dataframe(views.funding_table(gap), hide_index=True, key="scenario_funding_table")


def results_section(plan: ScenarioPlan, result, gap: pd.DataFrame) -> None:
    st.subheader(f"Baseline {result.baseline_year} against the scenario for {result.plan_year}")
    views.headline(result, gap)
    views.area_bars(result, all_colours(), key="scenario_area_bars")
    st.dataframe(views.area_table(result), hide_index=True, key="scenario_area_table")
    if plan.adjustments:
        views.waterfall(result, key="scenario_waterfall")
    st.markdown("##### Lines that change")
    views.changed_lines_table(result, key="scenario_changed_lines")
    if not result.trail.empty:
        with st.expander("How each line was changed, step by step"):
            trail = result.trail
            st.dataframe(pd.DataFrame({
                "Step": trail["step"],
                "Service": trail["service"],
                "Provider": trail["provider"],
                "Before": trail["before_gbp"].map(format_gbp),
                "After": trail["after_gbp"].map(format_gbp),
                "Change": trail["change_gbp"].map(views.signed_gbp),
            }), hide_index=True, key="scenario_trail")


def save_section(plan: ScenarioPlan, result, *, editable: bool) -> None:
    st.markdown("##### Save and share")
    if editable:
        name_column, notes_column = st.columns([2, 3])
        name = name_column.text_input("Scenario name", value=plan.name, key=f"scenario_name_{state.opened_id()}")
        notes = notes_column.text_input("Notes", value=plan.notes, key=f"scenario_notes_{state.opened_id()}",
                                        placeholder="e.g. For the March panel")
        if (name.strip() or state.NEW_SCENARIO_NAME, notes) != (plan.name, plan.notes):
            state.set_details(name, notes)
            plan = state.working_plan()
    workbook = scenario_workbook(result, list(plan.adjustments), name=plan.name, baseline_label=plan.baseline.label(),
                                 funding=plan.funding, author=current_user())
    export_column, save_column, save_as_column, new_column = st.columns([3, 2, 3, 3])
    export_column.download_button(
        "Download (xlsx)", data=workbook, file_name=workbook_filename(plan.name), mime=XLSX,
        key="scenario_export", icon=":material/download:", width="stretch",
        help="For the Chief Finance Officer: the baseline, the steps in words, and the result with "
             "totals as Excel formulas to check.",
    )
    if not editable:
        return
    opened = state.opened_id()
    if save_column.button("Save" if opened is None else "Save changes", type="primary", key="scenario_save",
                          disabled=opened is not None and not state.is_unsaved(), width="stretch"):
        save(plan, opened)
    if opened is not None and save_as_column.button("Save as a new scenario", key="scenario_save_as",
                                                    width="stretch"):
        save(plan, None)
    new_column.button("Start a new scenario", key="scenario_new", on_click=state.start_new, width="stretch")


def save(plan: ScenarioPlan, scenario_id: int | None) -> None:
    author = authorised(STAFF, "Saving a scenario")
    if author is None:
        return
    try:
        saved_id = save_plan(data_access.engine(), plan, author=author, scenario_id=scenario_id)
    except store.StoreError as problem:
        st.error(str(problem), icon=":material/error:")
        return
    state.set_plan(plan, opened=saved_id)
    state.notify(f"Saved “{plan.name}”.")
    st.rerun()


def build_section(plan: ScenarioPlan, *, editable: bool) -> None:
    opened = state.opened_id()
    if opened is not None:
        try:
            saved = state.saved_scenario(opened)
            st.caption(f"Saved by {escape_markdown(saved.author or 'unknown')}, last changed {saved.updated_at:%d %B %Y %H:%M} UTC"
                       + (" · **unsaved changes**" if state.is_unsaved() else ""))
        except store.StoreError:
            st.caption("This scenario has been deleted from the store; save it to keep it.")
    elif plan.adjustments or plan.funding:
        st.caption("Not saved yet.")
    current = state.is_current_dataset(plan.baseline)
    if editable and current:
        baseline_picker(plan)
    st.caption(f"Baseline: **{escape_markdown(plan.baseline.label())}**")
    if not current:
        # Left as built, not moved silently: the figures it was agreed on are the ones it shows.
        st.info("This baseline is from a dataset that has since been replaced or removed; the scenario keeps "
                "the figures it was built on.", icon=":material/history:")
        successor = state.current_equivalent(plan.baseline)
        if editable and successor is not None:
            st.button(f"Apply the same steps to the current data ({successor.label()})", key="scenario_rebase",
                      on_click=state.set_baseline, args=(successor,))
    try:
        result = result_for(plan)
    except ScenarioError as problem:
        st.error(f"{escape_markdown(problem)}. Open another scenario or start a new one.", icon=":material/error:")
        if editable:
            st.button("Start a new scenario", key="scenario_new_after_error", on_click=state.start_new)
        return
    gap = funding_gap(result, list(plan.funding))
    steps_list(plan, result, editable=editable)
    funding_section(plan, result, gap, editable=editable)
    results_section(plan, result, gap)
    save_section(plan, result, editable=editable)


# --- Saved scenarios ---------------------------------------------------------

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
        "Author": saved["author"],
        "Last changed": saved["updated_at"].dt.strftime("%d %b %Y %H:%M"),
        "Notes": saved["notes"],
    }), hide_index=True, key="saved_table")
    names = dict(zip(saved["id"].astype(int), saved["name"]))
    chosen = st.selectbox("Scenario", list(names), format_func=names.get, key="saved_choice")
    open_column, duplicate_column, rename_column, delete_column = st.columns(4)
    open_column.button("Open", type="primary", key="saved_open", icon=":material/open_in_new:",
                       on_click=open_and_show, args=(chosen, names[chosen]))
    if not editable:
        st.caption("Sign in to duplicate, rename or delete scenarios.")
        return
    duplicate_column.button("Duplicate", key="saved_duplicate", icon=":material/content_copy:",
                            on_click=duplicate_and_choose, args=(chosen, names[chosen]))
    with rename_column.popover("Rename", icon=":material/edit:"):
        new_name = st.text_input("New name", value=names[chosen], key=f"saved_rename_{chosen}")
        if st.button("Rename", key="saved_rename") and (writer := authorised(STAFF, "Renaming a scenario")):
            try:
                store.rename_scenario(data_access.engine(), chosen, new_name, user=writer)
            except store.StoreError as problem:
                st.error(str(problem))
            else:
                if state.opened_id() == chosen:
                    state.set_plan(replace(state.working_plan(), name=new_name.strip()))
                state.notify(f"Renamed to “{new_name.strip()}”.")
                st.rerun()
    with delete_column.popover("Delete", icon=":material/delete:"):
        st.write(f"Delete “{names[chosen]}” for everyone? This cannot be undone.")
        if st.button("Yes, delete it", type="primary", key="saved_delete") and (
                writer := authorised(STAFF, "Deleting a scenario")):
            store.delete_scenario(data_access.engine(), chosen, user=writer)
            if state.opened_id() == chosen:
                state.set_plan(state.working_plan(), opened=None)
            st.session_state.pop("saved_choice", None)
            state.notify(f"Deleted “{names[chosen]}”.")
            st.rerun()


def open_and_show(scenario_id: int, name: str) -> None:
    state.open_saved(scenario_id)
    state.notify(f"Opened “{name}”.")
    go_to(BUILD)


def duplicate_and_choose(scenario_id: int, name: str) -> None:
    author = authorised(STAFF, "Duplicating a scenario")
    if author is None:
        return
    new_id = duplicate_scenario(data_access.engine(), scenario_id, author=author)
    state.notify(f"Duplicated “{name}” as “Copy of {name}”.")
    st.session_state["saved_choice"] = new_id


def _short_baseline(saved: SavedScenario | None) -> str:
    return "—" if saved is None else f"{saved.plan.baseline.area} {saved.plan.baseline.financial_year}"


def _planned_total(saved: SavedScenario | None) -> str:
    if saved is None:
        return "—"
    try:
        result = result_for(saved.plan)
    except ScenarioError:
        return "baseline gone"
    return f"{format_gbp(result.scenario_total)} in {result.plan_year}"


def _safe_open(scenario_id: int) -> SavedScenario | None:
    try:
        return state.saved_scenario(scenario_id)
    except (store.StoreError, ValueError):
        return None


# --- Compare -----------------------------------------------------------------

def compare_section() -> None:
    saved = state.saved_scenarios()
    choices = {BUILDING: BUILDING} | {str(int(i)): name for i, name in zip(saved["id"], saved["name"])}
    if len(choices) < 2:
        charts.show_empty("Save a scenario to compare it with the one being built, or with another.")
        return
    keys = list(choices)
    left_column, right_column = st.columns(2)
    first = left_column.selectbox("First scenario", keys, index=1 if len(keys) > 2 else 0,
                                  format_func=choices.get, key="compare_first")
    second = right_column.selectbox("Second scenario", keys, index=2 if len(keys) > 2 else 1,
                                    format_func=choices.get, key="compare_second")
    plans = {}
    for key in (first, second):
        plan = state.working_plan() if key == BUILDING else state.saved_scenario(int(key)).plan
        label = choices[key] if key == BUILDING else plan.name
        if label in plans:
            label = f"{label} ({'first' if not plans else 'second'})"
        plans[label] = plan
    if len(plans) < 2 or first == second:
        st.info("Choose two different scenarios.", icon=":material/compare_arrows:")
        return
    results, gaps = {}, {}
    for label, plan in plans.items():
        try:
            results[label] = result_for(plan)
        except ScenarioError as problem:
            st.error(f"“{escape_markdown(label)}”: {escape_markdown(problem)}", icon=":material/error:")
            return
        gaps[label] = funding_gap(results[label], list(plan.funding))
    names = list(plans)
    baselines = {plan.baseline for plan in plans.values()}
    if len(baselines) > 1:
        st.info("These scenarios start from different baselines, so compare their totals with care.",
                icon=":material/info:")
    summary = pd.DataFrame({
        "": ["Starts from", "Dataset", "Planned year", "Baseline total", "Scenario total", "Change", "Steps",
             "Funding in the planned year"],
        **{
            label: [
                f"{plans[label].baseline.area} {plans[label].baseline.financial_year}",
                plans[label].baseline.dataset_name, results[label].plan_year, format_gbp(results[label].baseline_total),
                format_gbp(results[label].scenario_total),
                views.signed_gbp(results[label].scenario_total - results[label].baseline_total),
                str(len(plans[label].adjustments)),
                _funding_words(gaps[label]),
            ]
            for label in names
        },
    })
    st.dataframe(summary, hide_index=True, key="compare_summary")
    table = compare_scenarios(results)
    views.comparison_bars(table, names, all_colours(), key="compare_bars")
    difference = table[names[1]] - table[names[0]]
    st.dataframe(pd.DataFrame({
        "Strategic area": table["strategic_area"],
        names[0]: table[names[0]].map(format_gbp),
        names[1]: table[names[1]].map(format_gbp),
        "Difference (second − first)": difference.map(views.signed_gbp),
    }), hide_index=True, key="compare_areas")
    by_year = _funding_by_year(gaps, names)
    if not by_year.empty:
        st.markdown("**Surplus (+) or shortfall (−) against expected income, by year**")
        st.dataframe(by_year, hide_index=True, key="compare_funding")
    step_columns = st.columns(2)
    for column, label in zip(step_columns, names):
        column.markdown(f"**Steps in “{escape_markdown(label)}”**")
        for index, adjustment in enumerate(plans[label].adjustments, start=1):
            column.markdown(f"{index}. {escape_markdown(describe(adjustment))}")
        if not plans[label].adjustments:
            column.caption("No steps: the baseline as published.")


def _funding_by_year(gaps: dict[str, pd.DataFrame], names: list[str]) -> pd.DataFrame:
    """One row per year of either projection; a scenario without income or that year shows "—"."""
    years = sorted({year for gap in gaps.values() for year in gap["financial_year"]})
    if not years:
        return pd.DataFrame()
    columns = {"Financial year": years}
    for name in names:
        surplus = dict(zip(gaps[name]["financial_year"], gaps[name]["surplus_gbp"]))
        columns[name] = [views.signed_gbp(surplus[year]) if year in surplus else "—" for year in years]
    return pd.DataFrame(columns)


def _funding_words(gap: pd.DataFrame) -> str:
    if gap.empty:
        return "No income entered"
    first = gap.iloc[0]
    return "Balanced" if first["position"] == "Balanced" else f"{first['position']} {format_gbp(abs(first['surplus_gbp']))}"


# --- the page ----------------------------------------------------------------

st.title("Scenario planner")
st.caption(
    "Start from a published budget, apply changes in order, check the plan against the funding you expect, "
    "then save it, compare it with another and download it for the Chief Finance Officer."
)
notice = state.take_notice()
if notice:
    st.success(notice, icon=":material/check_circle:")

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
sections = [BUILD, SAVED, COMPARE]
section = st.radio("Section", sections, index=sections.index(BUILD if signed_in else SAVED), key=SECTION,
                   horizontal=True, label_visibility="collapsed")
if section == BUILD:
    if not signed_in and state.opened_id() is None:
        charts.show_empty("Open a saved scenario to see it here, or sign in to build one.")
        saved_section(editable=False)
    else:
        st.header(working.name)
        build_section(working, editable=signed_in)
elif section == SAVED:
    saved_section(editable=signed_in)
else:
    compare_section()
