"""The scenario being built, kept in the session, and the cached store reads the planner needs.

The working scenario is one ScenarioPlan in st.session_state: every widget on
the page edits it through the functions here, so switching page and coming
back keeps the commissioner's steps. Results are never stored, only the plan;
they are recomputed from the baseline on each run (a few milliseconds).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.colours import strategic_area_colours
from analysis.income import funding_streams
from loaders.years import year_start
from scenarios.adjustments import Adjustment, Projection
from scenarios.baselines import BaselineRef, baseline_frame, baseline_options
from scenarios.funding import FundingSource
from scenarios.records import SavedScenario, ScenarioPlan, plan_result
from scenarios.result import ScenarioResult
from ui import data_access
from ui.access import STAFF, may
from ui.scenarios import storage

_PLAN = "scenario_plan"
_OPENED = "scenario_opened"
_EDITING = "scenario_editing_step"
_NOTICE = "scenario_notice"

# The page's three sections, and the radio that chooses between them.
BUILD, SAVED, COMPARE = "Build", "Saved scenarios", "Compare"
SECTION = "scenario_section"

NEW_SCENARIO_NAME = "New scenario"
# Frameworks first: a whole budget is what a commissioner plans from.
KIND_ORDER = {"framework": 0, "decision": 1, "allocation": 2}


# --- the store ---------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=8)
def _options(key: data_access.StoreKey) -> pd.DataFrame:
    spend = data_access.marked_spend(key)
    options = baseline_options(spend)
    if options.empty:
        return options.assign(dataset_kind=pd.Series(dtype="str"))
    kinds = spend.drop_duplicates("dataset_id").set_index("dataset_id")["dataset_kind"].astype("str")
    options = options.assign(dataset_kind=options["dataset_id"].map(kinds))
    order = options["dataset_kind"].map(KIND_ORDER).fillna(len(KIND_ORDER))
    # Among frameworks, the fullest budget first: Leicestershire's 44 services before Kent's one line.
    fullest = options.groupby("dataset_id")["lines"].transform("max")
    return options.assign(_order=order, _lines=-fullest).sort_values(
        ["_order", "_lines", "dataset_name", "area", "financial_year"], ascending=[True, True, True, True, False],
        kind="stable",
    ).drop(columns=["_order", "_lines"]).reset_index(drop=True)


def options() -> pd.DataFrame:
    """Every dataset, area and year a scenario can start from: frameworks first, the fullest first, latest year first."""
    return _options(data_access.store_key())


@st.cache_data(show_spinner="Reading the baseline…", max_entries=32)
def _baseline(key: data_access.StoreKey, baseline: BaselineRef) -> pd.DataFrame:
    spend = data_access.marked_spend(key)
    if (spend["dataset_id"] == baseline.dataset_id).any():
        return baseline_frame(spend, baseline)
    # A replaced version is no longer in the current spend but is still stored.
    return storage.load_baseline(data_access.engine(), baseline)


def baseline_lines_for(baseline: BaselineRef) -> pd.DataFrame:
    """The baseline's lines; ScenarioError if its dataset has gone from the store."""
    return _baseline(data_access.store_key(), baseline)


def is_current_dataset(baseline: BaselineRef) -> bool:
    return bool((options()["dataset_id"] == baseline.dataset_id).any())


@st.cache_data(show_spinner=False, max_entries=8)
def _saved(key: data_access.StoreKey, visitor: bool) -> pd.DataFrame:
    return storage.list_saved(data_access.engine(), visitor=visitor)


def is_visitor() -> bool:
    """Anyone without the staff role sees only published scenarios, never a draft or an account."""
    return not may(STAFF)


def saved_scenarios() -> pd.DataFrame:
    """The saved scenarios this person may see, most recently changed first."""
    return _saved(data_access.store_key(), is_visitor())


@st.cache_data(show_spinner=False, max_entries=64)
def _opened(key: data_access.StoreKey, scenario_id: int, visitor: bool) -> SavedScenario:
    return storage.open_scenario(data_access.engine(), scenario_id, visitor=visitor)


def saved_scenario(scenario_id: int) -> SavedScenario:
    return _opened(data_access.store_key(), int(scenario_id), is_visitor())


def result_for(plan: ScenarioPlan) -> ScenarioResult:
    """The plan applied to its baseline; ScenarioError if the baseline has gone."""
    return plan_result(baseline_lines_for(plan.baseline), plan)


def recorded_streams(area: str, financial_year: str) -> pd.DataFrame:
    """Funding received for the area and year, where a funding dataset holds it (analysis.income)."""
    return funding_streams(data_access.marked_spend(data_access.store_key()), areas=[area], years=[financial_year])


def area_colours() -> dict[str, str]:
    """Every strategic area's colour across the store, so an area keeps its colour between scenarios."""
    return strategic_area_colours(data_access.marked_spend(data_access.store_key())["strategic_area"].unique())


def current_equivalent(baseline: BaselineRef) -> BaselineRef | None:
    """The current data for the same area and year, preferring a dataset of the same name."""
    available = options()
    same = available[(available["area"] == baseline.area) & (available["financial_year"] == baseline.financial_year)]
    if same.empty:
        return None
    named = same[same["dataset_name"] == baseline.dataset_name]
    return ref_from_option((named if not named.empty else same).iloc[0])


def default_baseline() -> BaselineRef | None:
    available = options()
    if available.empty:
        return None
    return ref_from_option(available.iloc[0])


def ref_from_option(option: pd.Series) -> BaselineRef:
    return BaselineRef(
        dataset_id=int(option["dataset_id"]),
        dataset_name=str(option["dataset_name"]),
        area=str(option["area"]),
        financial_year=str(option["financial_year"]),
    )


# --- the working scenario ----------------------------------------------------

def working_plan() -> ScenarioPlan | None:
    """The scenario on the page: the one being built, or the saved one opened; None if no data."""
    plan = st.session_state.get(_PLAN)
    if plan is None:
        baseline = default_baseline()
        if baseline is None:
            return None
        plan = ScenarioPlan(name=NEW_SCENARIO_NAME, baseline=baseline)
        st.session_state[_PLAN] = plan
    return plan


def opened_id() -> int | None:
    """The saved scenario the working one came from (and will overwrite on Save), if any."""
    return st.session_state.get(_OPENED)


def set_plan(plan: ScenarioPlan, *, opened: int | None | bool = False) -> None:
    """Replace the working plan; `opened` sets which saved scenario it is (False leaves it)."""
    st.session_state[_PLAN] = plan
    if opened is not False:
        st.session_state[_OPENED] = opened
    st.session_state[_EDITING] = None


def open_saved(scenario_id: int) -> None:
    set_plan(saved_scenario(scenario_id).plan, opened=int(scenario_id))


def start_new() -> None:
    baseline = default_baseline()
    if baseline is not None:
        set_plan(ScenarioPlan(name=NEW_SCENARIO_NAME, baseline=baseline), opened=None)


def is_unsaved() -> bool:
    """True when the working plan differs from the saved scenario it came from (or was never saved)."""
    plan = working_plan()
    if plan is None:
        return False
    scenario_id = opened_id()
    if scenario_id is None:
        return bool(plan.adjustments or plan.funding)
    try:
        return saved_scenario(scenario_id).plan != plan
    except storage.StoreError:
        return True


def set_baseline(baseline: BaselineRef) -> None:
    """A new starting point; a plan year before the new baseline's moves to the year after it."""
    plan = replace(working_plan(), baseline=baseline)
    projection = projection_of(plan)
    if projection and projection.first_year and year_start(projection.first_year) < year_start(baseline.financial_year):
        plan = replace(plan, adjustments=tuple(
            replace(step, first_year=None) if step is projection else step for step in plan.adjustments))
    set_plan(plan)


def steps_of(plan: ScenarioPlan) -> list[tuple[int, Adjustment]]:
    """The plan's steps with their positions, leaving out its years (shown in their own panel)."""
    return [(index, step) for index, step in enumerate(plan.adjustments) if not isinstance(step, Projection)]


def projection_of(plan: ScenarioPlan) -> Projection | None:
    """The years the plan covers, as last set (apply reads the last one too)."""
    return next((step for step in reversed(plan.adjustments) if isinstance(step, Projection)), None)


def set_projection(projection: Projection) -> None:
    """The plan's years, kept after its steps so the steps keep their numbers."""
    plan = working_plan()
    steps = [step for _, step in steps_of(plan)]
    set_plan(replace(plan, adjustments=(*steps, projection)))


def add_adjustment(adjustment: Adjustment) -> None:
    """A new step goes after the others and before the plan's years."""
    plan = working_plan()
    projection = projection_of(plan)
    steps = [step for _, step in steps_of(plan)]
    set_plan(replace(plan, adjustments=(*steps, adjustment, *([projection] if projection else []))))


def replace_adjustment(index: int, adjustment: Adjustment) -> None:
    plan = working_plan()
    steps = list(plan.adjustments)
    steps[index] = adjustment
    set_plan(replace(plan, adjustments=tuple(steps)))


def remove_adjustment(index: int) -> None:
    plan = working_plan()
    steps = list(plan.adjustments)
    del steps[index]
    set_plan(replace(plan, adjustments=tuple(steps)))


def move_adjustment(index: int, offset: int) -> None:
    """Swap a step with the step before or after it (the plan's years are not a step)."""
    plan = working_plan()
    steps = list(plan.adjustments)
    positions = [position for position, _ in steps_of(plan)]
    at = positions.index(index)
    if 0 <= at + offset < len(positions):
        target = positions[at + offset]
        steps[index], steps[target] = steps[target], steps[index]
        set_plan(replace(plan, adjustments=tuple(steps)))


def toggle_adjustment(index: int) -> None:
    """Switch a step off (it keeps its place and changes nothing) or back on."""
    step = working_plan().adjustments[index]
    replace_adjustment(index, replace(step, enabled=not step.enabled))


def editing_step() -> int | None:
    return st.session_state.get(_EDITING)


def edit_step(index: int | None) -> None:
    st.session_state[_EDITING] = index


def add_funding(source: FundingSource) -> None:
    plan = working_plan()
    set_plan(replace(plan, funding=(*plan.funding, source)))


def add_funding_sources(sources: list[FundingSource]) -> None:
    plan = working_plan()
    set_plan(replace(plan, funding=(*plan.funding, *sources)))


def remove_funding(index: int) -> None:
    plan = working_plan()
    sources = list(plan.funding)
    del sources[index]
    set_plan(replace(plan, funding=tuple(sources)))


def set_details(name: str, notes: str) -> None:
    set_plan(replace(working_plan(), name=name.strip() or NEW_SCENARIO_NAME, notes=notes))


def go_to(section: str) -> None:
    st.session_state[SECTION] = section


def notify(message: str) -> None:
    """A message to show once on the next run (after a save, rename or delete)."""
    st.session_state[_NOTICE] = message


def take_notice() -> str | None:
    return st.session_state.pop(_NOTICE, None)

