"""The Build section's widgets: where the plan starts, its steps, its funding, and saving it.

Each widget edits the working plan through ui/scenarios/state.py; the figures
it shows come from the ScenarioResult the page computed once per run.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from scenarios.adjustments import MAX_PROJECTION_YEARS, TARGET_FIELDS, Projection, describe
from scenarios.apply import effective_projection
from scenarios.envelopes import check_envelopes
from scenarios.funding import sources_from_streams
from scenarios.projection import years_table
from scenarios.export import scenario_workbook, workbook_filename
from scenarios.records import ScenarioPlan
from scenarios.result import ScenarioResult, financial_years_from
from scenarios.roll_forward import DEFLATORS, FLAT, PERCENT, deflator_source
from ui.access import current_user
from ui.plain_text import escape_markdown
from ui.scenarios import envelope_views, state, storage, views, writes
from ui.scenarios.editor import adjustment_editor, funding_source_editor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def saved_status(plan: ScenarioPlan) -> None:
    """Who saved the scenario and when, or that it is not saved (or was deleted meanwhile)."""
    opened = state.opened_id()
    if opened is not None:
        try:
            saved = state.saved_scenario(opened)
            st.caption(f"Saved by {escape_markdown(saved.author or 'unknown')}, last changed {saved.updated_at:%d %B %Y %H:%M} UTC"
                       + (" · **unsaved changes**" if state.is_unsaved() else ""))
        except storage.StoreError:
            st.caption("This scenario has been deleted from the store; save it to keep it.")
    elif plan.adjustments or plan.funding:
        st.caption("Not saved yet.")


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


ROLL_LABELS = {FLAT: "Flat: the same cash", DEFLATORS: "By the GDP deflators", PERCENT: "By a set % a year"}


def plan_years_panel(plan: ScenarioPlan, *, editable: bool) -> None:
    """The plan's first year (the baseline's own year or later), how many years, and how the baseline rolls on."""
    baseline_year = plan.baseline.financial_year
    current = effective_projection(baseline_year, state.projection_of(plan))
    if not editable:
        return
    # Keyed by the plan's years, so opening another scenario shows its own years, not the last widget values.
    token = f"{current.first_year}_{current.years}_{current.roll}_{current.percent_per_year}"
    st.markdown("##### Years planned")
    first_column, years_column, roll_column, rate_column = st.columns([2, 2, 4, 2])
    choices = financial_years_from(baseline_year, MAX_PROJECTION_YEARS + 1)
    first = first_column.selectbox(
        "Plan year", choices, index=choices.index(current.first_year) if current.first_year in choices else 1,
        key=f"plan_first_year_{token}",
        help=f"{baseline_year} itself to change its own budget, or a later year.",
    )
    years = years_column.number_input("Years in the plan", min_value=1, max_value=MAX_PROJECTION_YEARS,
                                      value=current.years, step=1, key=f"plan_years_{token}")
    rules = list(ROLL_LABELS)
    roll = roll_column.radio("Baseline carried to later years", rules, index=rules.index(current.roll),
                             format_func=ROLL_LABELS.get, key=f"plan_roll_{token}", horizontal=True,
                             help=f"The GDP deflators are {deflator_source()}.")
    rate = rate_column.number_input("% a year", value=float(current.percent_per_year or 2.0), step=0.5,
                                    min_value=-100.0, format="%.2f", key=f"plan_rate_{token}",
                                    disabled=roll != PERCENT)
    chosen = Projection(int(years), rate if roll == PERCENT else 0.0, first_year=first, roll=roll)
    if chosen != current:
        state.set_projection(chosen)
        st.rerun()


def years_section(result: ScenarioResult) -> None:
    """Each planned year's roll-forward, shown whenever the plan is not just the baseline's cash in one year."""
    if len(result.plan_years) == 1 and result.rolled_total == result.baseline_total:
        return
    st.caption(f"Baseline {escape_markdown(result.baseline_year)} carried to each planned year "
               f"{escape_markdown(result.roll_rule)}.")
    st.dataframe(views.years_table(years_table(result), result.baseline_year), hide_index=True, key="scenario_years")


def replaced_baseline_notice(plan: ScenarioPlan, *, editable: bool) -> None:
    # Left as built, not moved silently: the figures it was agreed on are the ones it shows.
    st.info("This baseline is from a dataset that has since been replaced or removed; the scenario keeps "
            "the figures it was built on.", icon=":material/history:")
    successor = state.current_equivalent(plan.baseline)
    if editable and successor is not None:
        st.button(f"Apply the same steps to the current data ({successor.label()})", key="scenario_rebase",
                  on_click=state.set_baseline, args=(successor,))


def steps_list(plan: ScenarioPlan, result: ScenarioResult, *, editable: bool) -> None:
    st.markdown("##### Steps, applied in this order")
    steps = state.steps_of(plan)
    if not steps:
        st.caption("No steps yet." + (" Add one below." if editable else ""))
    editing = state.editing_step()
    plan_years = result.plan_years or [result.plan_year]
    for number, (index, adjustment) in enumerate(steps, start=1):
        step = result.steps.iloc[index]
        effect = "" if step["lines_changed"] == 0 else (
            f" — {views.signed_gbp(step['change_gbp'])} on {step['lines_changed']} line"
            f"{'s' if step['lines_changed'] != 1 else ''} in {result.plan_year}"
        )
        off = "" if adjustment.enabled else " *(switched off)*"
        # Words, not icon-only buttons: "Edit" and "Remove" need no guessing.
        text_column, *buttons = (st.columns([8, 1.6, 1.9, 1.6, 1.6, 2.1], vertical_alignment="center") if editable
                                 else st.columns([1]))
        text_column.markdown(f"**{number}.** {escape_markdown(describe(adjustment))}{effect}{off}")
        if adjustment.note:
            text_column.caption(f"Note: {escape_markdown(adjustment.note)}")
        if editable:
            up, down, toggle, edit, remove = buttons
            up.button("Up", key=f"step_up_{index}", help="Move this step earlier", width="stretch",
                      disabled=number == 1, on_click=state.move_adjustment, args=(index, -1))
            down.button("Down", key=f"step_down_{index}", help="Move this step later", width="stretch",
                        disabled=number == len(steps), on_click=state.move_adjustment, args=(index, 1))
            toggle.button("Off" if adjustment.enabled else "On", key=f"step_toggle_{index}", width="stretch",
                          help="Switch this step off (it keeps its place) or back on",
                          on_click=state.toggle_adjustment, args=(index,))
            edit.button("Close" if editing == index else "Edit", key=f"step_edit_{index}", width="stretch",
                        help="Change this step", on_click=state.edit_step, args=(None if editing == index else index,))
            remove.button("Remove", key=f"step_remove_{index}", help="Remove this step", width="stretch",
                          on_click=state.remove_adjustment, args=(index,))
        if editable and editing == index:
            with st.container(border=True):
                changed = adjustment_editor(result.lines, key=f"edit_step_{index}", existing=adjustment,
                                            plan_years=plan_years)
                if changed is not None:
                    state.replace_adjustment(index, changed)
                    st.rerun()
    for warning in result.warnings:
        st.warning(warning, icon=":material/warning:")
    if editable:
        with st.expander("Add a step", expanded=not steps, icon=":material/add:"):
            added = adjustment_editor(result.lines, key="new_step", plan_years=plan_years)
            if added is not None:
                state.add_adjustment(added)
                st.rerun()


def funding_section(plan: ScenarioPlan, result: ScenarioResult, gap: pd.DataFrame, *, editable: bool) -> None:
    st.markdown("##### Funding envelope")
    st.caption(
        "The income you expect for the plan: the victims' grant, the PCC's own contribution and co-funders. "
        "Each can change by its own % a year over the projection."
    )
    for index, source in enumerate(plan.funding):
        text_column, button_column = st.columns([12, 2], vertical_alignment="center")
        rate = f", {source.percent_per_year:+g}% a year" if source.percent_per_year else ""
        kind = "" if source.category.casefold() in source.source.casefold() else f" ({source.category})"
        if not source.ring_fence.everything:
            kind += f", only for the lines with {source.ring_fence.label()}"
        text_column.markdown(f"- **{source.source}**{kind}: {format_gbp(source.amount_gbp)}"
                             f" in {result.plan_year}{rate}")
        if editable:
            button_column.button("Remove", key=f"funding_remove_{index}", help="Remove this income",
                                 width="stretch", on_click=state.remove_funding, args=(index,))
    recorded = state.recorded_streams(plan.baseline.area, result.plan_year) if editable else None
    if recorded is not None and not recorded.empty and not plan.funding:
        st.button(f"Use the {len(recorded)} funding streams recorded for {plan.baseline.area} {result.plan_year}",
                  key="funding_from_store", on_click=state.add_funding_sources, args=(sources_from_streams(recorded),))
    if editable:
        with st.expander("Add expected income", expanded=not plan.funding, icon=":material/add:"):
            source = funding_source_editor(result.lines, key="funding_new", plan_year=result.plan_year)
            if source is not None:
                state.add_funding(source)
                # The next stream starts unrestricted, not with this one's ring-fence.
                for field in TARGET_FIELDS:
                    st.session_state.pop(f"funding_new_fence_{field}", None)
                st.rerun()
    check = check_envelopes(result, list(plan.funding))
    for breach in check.breaches:
        st.error(escape_markdown(breach), icon=":material/report:")
    if not check.streams.empty:
        envelope_views.envelope_chart(check.streams, result.plan_year, key="scenario_envelope_chart")
        st.dataframe(envelope_views.envelope_table(check.streams), hide_index=True, key="scenario_envelope_table")
    if not gap.empty:
        views.funding_chart(gap, key="scenario_funding_chart")
        st.dataframe(views.funding_table(gap), hide_index=True, key="scenario_funding_table")


def save_section(plan: ScenarioPlan, result: ScenarioResult, *, editable: bool) -> None:
    st.markdown("##### Save and share")
    if editable:
        name_column, notes_column = st.columns([2, 3])
        name = name_column.text_input("Scenario name", value=plan.name, key=f"scenario_name_{state.opened_id()}")
        notes = notes_column.text_input("Notes", value=plan.notes, key=f"scenario_notes_{state.opened_id()}",
                                        placeholder="e.g. For the March panel")
        if (name.strip() or state.NEW_SCENARIO_NAME, notes) != (plan.name, plan.notes):
            state.set_details(name, notes)
            plan = state.working_plan()
    try:
        workbook = scenario_workbook(result, list(plan.adjustments), name=plan.name,
                                     baseline_label=plan.baseline.label(), funding=plan.funding, author=current_user())
    except ValueError as problem:
        # A kind of step the workbook cannot model yet: say so rather than hand over wrong formulas.
        workbook = None
        st.info(f"No workbook for this scenario yet: {escape_markdown(problem)}.", icon=":material/info:")
    export_column, save_column, save_as_column, new_column = st.columns([3, 2, 3, 3])
    if workbook is not None:
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
        writes.save(plan, opened)
    if opened is not None and save_as_column.button("Save as a new scenario", key="scenario_save_as",
                                                    width="stretch"):
        writes.save(plan, None)
    new_column.button("Start a new scenario", key="scenario_new", on_click=state.start_new, width="stretch")
