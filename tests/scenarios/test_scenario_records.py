"""Scenarios saved in the store come back as the same decisions, on the bundled real data."""
from __future__ import annotations

import math

import pytest

import store
from scenarios.baselines import BaselineRef, baseline_frame, baseline_options
from scenarios.funding import FundingSource
from scenarios.records import ScenarioPlan, plan_result
from scenarios.result import ScenarioError
from uploads.bundled import load_bundled
from tests.scenarios.scenario_examples import EVERY_KIND, commissioners_question
from ui.scenarios.storage import duplicate_scenario, load_baseline, open_scenario, save_plan


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    engine = store.make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'victims_spend.sqlite'}")
    load_bundled(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def leicestershire_2020(bundled_store) -> BaselineRef:
    options = baseline_options(store.load_spend(bundled_store))
    chosen = options[(options["area"] == "Leicestershire") & (options["dataset_name"].str.contains("Framework"))]
    latest = chosen.iloc[0]
    return BaselineRef(int(latest["dataset_id"]), latest["dataset_name"], latest["area"], latest["financial_year"])


def test_the_default_baseline_is_the_latest_year(bundled_store, leicestershire_2020):
    assert leicestershire_2020.financial_year == "2020/21"
    lines = load_baseline(bundled_store, leicestershire_2020)
    assert math.fsum(lines["amount_gbp"]) == 4_395_961  # Appendix A Grand Total 2020/21


def test_every_kind_of_adjustment_is_saved_and_reopened(bundled_store, leicestershire_2020):
    plan = ScenarioPlan(
        name="Every kind",
        baseline=leicestershire_2020,
        adjustments=tuple(EVERY_KIND),
        funding=(FundingSource("Victims' grant", 1_100_000, "Victims' grant"), FundingSource("NHS England", 67_906, "Co-funder", 2)),
        notes="All seven kinds of adjustment",
    )
    scenario_id = save_plan(bundled_store, plan, author="finance@opcc.example")
    reopened = open_scenario(bundled_store, scenario_id)
    assert reopened.plan == plan
    assert reopened.author == "finance@opcc.example"
    # The store keeps the decisions, not the figures.
    saved = store.get_scenario(bundled_store, scenario_id)
    assert [item["kind"] for item in saved["adjustments"]] == [adjustment.kind for adjustment in EVERY_KIND]


def test_a_reopened_scenario_gives_the_same_figures(bundled_store, leicestershire_2020):
    plan = ScenarioPlan("Victims cut, rest +2%", leicestershire_2020, tuple(commissioners_question()))
    baseline = load_baseline(bundled_store, leicestershire_2020)
    before = plan_result(baseline, plan)
    reopened = open_scenario(bundled_store, save_plan(bundled_store, plan, author="alice")).plan
    after = plan_result(load_baseline(bundled_store, reopened.baseline), reopened)
    assert after.lines["amount_gbp"].tolist() == before.lines["amount_gbp"].tolist()


def test_a_duplicate_is_a_separate_copy(bundled_store, leicestershire_2020):
    original_id = save_plan(bundled_store, ScenarioPlan("Original", leicestershire_2020, tuple(commissioners_question())), author="alice")
    copy_id = duplicate_scenario(bundled_store, original_id, author="bob")
    copy = open_scenario(bundled_store, copy_id)
    assert (copy.plan.name, copy.author) == ("Copy of Original", "bob")
    assert copy.plan.adjustments == open_scenario(bundled_store, original_id).plan.adjustments
    store.rename_scenario(bundled_store, copy_id, "Variation", user="bob")
    assert open_scenario(bundled_store, original_id).plan.name == "Original"


def test_a_baseline_from_a_deleted_dataset_cannot_be_loaded(bundled_store):
    gone = BaselineRef(dataset_id=9_999, dataset_name="Deleted upload", area="Leicestershire", financial_year="2020/21")
    with pytest.raises(ScenarioError, match="no longer in the store"):
        load_baseline(bundled_store, gone)


def test_baseline_options_cover_every_dataset_area_and_year(bundled_store):
    spend = store.load_spend(bundled_store)
    options = baseline_options(spend)
    assert len(options) == spend.groupby(["dataset_id", "area", "financial_year"]).ngroups
    assert math.fsum(options["total_gbp"]) == pytest.approx(math.fsum(spend["amount_gbp"]), abs=1e-6)
    derbyshire = options[options["area"] == "Derbyshire"]
    assert derbyshire["financial_year"].tolist() == ["2018/19", "2017/18"]
    first = options.iloc[0]
    ref = BaselineRef(int(first["dataset_id"]), first["dataset_name"], first["area"], first["financial_year"])
    assert len(baseline_frame(spend, ref)) == first["lines"]
