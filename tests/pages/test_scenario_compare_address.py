"""A compare link (`?compare=ID,ID`) sets saved scenarios side by side, under ?scenario's visibility rules."""
from __future__ import annotations

import math

from streamlit.testing.v1 import AppTest

import store
from analysis.money import format_gbp
from scenarios.adjustments import Change, Target
from scenarios.apply import apply_adjustments
from scenarios.records import ScenarioPlan
from tests.pages.conftest import PAGE_TIMEOUT_S
from tests.pages.test_scenarios_page import (  # noqa: F401 (fixtures)
    PAGE, STAFF, STAFF_ACCOUNTS, framework_baseline, leicestershire_2020, published, store_engine, table_with,
)
from tests.scenarios.scenario_examples import commissioners_question
from ui.scenarios.storage import NOT_FOUND_OR_NOT_PUBLISHED, save_plan

PREVENTION_CUT = Change(Target.of(strategic_area="Prevention"), "percent", -5)


def opened_at(compare: str, user: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=PAGE_TIMEOUT_S)
    at.secrets = STAFF_ACCOUNTS
    if user:
        at.session_state["staff_user"] = user
    at.query_params["compare"] = compare
    return at.run()


def test_a_compare_link_opens_three_published_scenarios_side_by_side(bundled_store, store_engine, framework_baseline,
                                                                     leicestershire_2020):
    plans = {
        "Flat": (),
        "Victims cut": tuple(commissioners_question()),
        "Prevention cut": (PREVENTION_CUT,),
    }
    ids = [published(store_engine, save_plan(store_engine, ScenarioPlan(name, framework_baseline, steps), author=STAFF))
           for name, steps in plans.items()]

    at = opened_at(",".join(map(str, ids)))
    assert not at.exception and not at.warning
    assert at.radio(key="scenario_section").value == "Compare"
    summary = dict(zip(*[table_with(at, "")[column] for column in ("", "Victims cut")]))
    totals = {name: format_gbp(apply_adjustments(leicestershire_2020, list(steps)).scenario_total)
              for name, steps in plans.items()}
    assert totals["Flat"] == format_gbp(math.fsum(leicestershire_2020["amount_gbp"]))
    assert summary["Scenario total"] == totals["Victims cut"]
    areas = table_with(at, "Strategic area")
    # Three side by side have no single difference; each column ends in its own total.
    assert list(areas.columns) == ["Strategic area", *plans]
    assert {name: areas[name].tolist()[-1] for name in plans} == totals


def test_a_draft_or_unknown_id_is_reported_for_that_id_alone(bundled_store, store_engine, framework_baseline,
                                                              leicestershire_2020):
    flat = published(store_engine, save_plan(store_engine, ScenarioPlan("Flat", framework_baseline), author=STAFF))
    cut = published(store_engine, save_plan(store_engine, ScenarioPlan(
        "Prevention cut", framework_baseline, (PREVENTION_CUT,)), author=STAFF))
    draft = save_plan(store_engine, ScenarioPlan("Draft <b>cut</b>", framework_baseline, (PREVENTION_CUT,)), author=STAFF)

    visitor = opened_at(f"{flat},{draft},999,{cut}")
    assert not visitor.exception
    assert [w.value for w in visitor.warning] == [
        f"Scenario {draft}: {NOT_FOUND_OR_NOT_PUBLISHED}.", f"Scenario 999: {NOT_FOUND_OR_NOT_PUBLISHED}."]
    assert list(table_with(visitor, "Strategic area").columns) == [
        "Strategic area", "Flat", "Prevention cut", "Difference (second − first)"]
    # The draft's name never reaches the visitor's page.
    assert not [m for m in visitor.markdown if "Draft" in m.value]

    staff = opened_at(f"{draft},{cut}", user=STAFF)
    assert not staff.exception and not staff.warning
    assert "Draft <b>cut</b>" in table_with(staff, "Strategic area").columns


def test_a_compare_link_with_fewer_than_two_visible_says_so(bundled_store, store_engine, framework_baseline):
    flat = published(store_engine, save_plan(store_engine, ScenarioPlan("Flat", framework_baseline), author=STAFF))
    at = opened_at(f"{flat},not-an-id")
    assert not at.exception
    assert [w.value for w in at.warning] == [f"Scenario not-an-id: {NOT_FOUND_OR_NOT_PUBLISHED}."]
    assert [i.value for i in at.info][-1].startswith("A comparison needs two or more")
    assert not store.list_scenarios(store_engine, published_only=True).empty
