"""The scenario planner page, driven as a commissioner would, on the bundled store.

Expected figures come from the analysis functions applied to what the
loaders read from the bundled files, never from typed-in totals.
"""
from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

import store
from analysis.money import format_gbp
from scenarios.adjustments import Change, ChangeGroup, Projection, Target
from scenarios.apply import apply_adjustments
from scenarios.baselines import BaselineRef, baseline_lines
from scenarios.funding import FundingSource, funding_gap
from scenarios.records import ScenarioPlan
from tests.pages.conftest import PAGE_TIMEOUT_S, REPO_ROOT
from tests.pages.page_elements import metric
from tests.scenarios.scenario_examples import TARGET_HARDENING, commissioners_question
from ui.scenarios.storage import open_scenario, save_plan

PAGE = str(REPO_ROOT / "pages" / "scenario_planner.py")
STAFF = "commissioning.officer@opcc.example"
# A local account's session counts only while its account is in [staff_accounts]; any bcrypt hash will do.
STAFF_ACCOUNTS = {"staff_accounts": {STAFF: "$2b$12$" + "a" * 53}}


def fresh_page(user: str | None = STAFF) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=PAGE_TIMEOUT_S)
    at.secrets = STAFF_ACCOUNTS
    if user:
        at.session_state["staff_user"] = user
    return at.run()


PUBLISHED_AS = "OPCC finance team"


def published(engine, scenario_id: int) -> int:
    """Publish as its author would: visitors see published scenarios only."""
    store.publish_scenario(engine, scenario_id, user=STAFF, author_name=PUBLISHED_AS)
    return scenario_id


def pounds(amount: float) -> str:
    """A headline figure: to the pound, as the metrics show it (pence are in the tables)."""
    return format_gbp(round(amount), pence=False)


def metric_help(at: AppTest, label_start: str) -> str:
    return next(m.help for m in at.metric if m.label.startswith(label_start))


WIDGET_KINDS = ("selectbox", "radio", "number_input", "text_input", "text_area", "checkbox", "slider", "multiselect")


def widget_with_key(at: AppTest, key: str):
    for kind in WIDGET_KINDS:
        for widget in getattr(at, kind):
            if widget.key == key:
                return widget
    raise AssertionError(f"no widget with key {key!r}")


def table_with(at: AppTest, column: str):
    """The first table on the page with this column (st.dataframe's key is not visible to AppTest)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def add_step(at: AppTest, kind: str, **fields) -> AppTest:
    """Choose the kind of step, fill its fields (by widget key suffix), press Add step."""
    at.selectbox(key="new_step_kind").set_value(kind).run()
    for suffix, value in fields.items():
        widget_with_key(at, f"new_step_{suffix}").set_value(value)
        at.run()
    assert not at.exception, at.exception
    at.button(key="new_step_submit").click().run()
    assert not at.exception, at.exception
    return at


def widget_starting(at: AppTest, prefix: str):
    """The plan-years widgets are keyed by the plan's years, so they are found by the start of their key."""
    for kind in WIDGET_KINDS:
        for widget in getattr(at, kind):
            if widget.key and widget.key.startswith(prefix):
                return widget
    raise AssertionError(f"no widget whose key starts {prefix!r}")


def set_plan_years(at: AppTest, *, first_year: str | None = None, years: int | None = None, roll: str | None = None,
                   rate: float | None = None) -> AppTest:
    for prefix, value in (("plan_first_year_", first_year), ("plan_roll_", roll), ("plan_rate_", rate),
                          ("plan_years_", years)):
        if value is not None:
            widget_starting(at, prefix).set_value(value)
            at.run()
            assert not at.exception, at.exception
    return at


def build_commissioners_question(at: AppTest) -> AppTest:
    add_step(at, "change", target_strategic_area=["Victims"], direction="Cut", by="percent",
             size_percent=5.0)
    add_step(at, "end_service", line=TARGET_HARDENING.label())
    isva = commissioners_question()[2]
    add_step(at, "add_service", service=isva.service, provider=isva.provider, area=isva.strategic_area,
             type=isva.commissioning_type, geography=isva.geography, provision=isva.provision, amount=isva.amount_gbp)
    add_step(at, "inflation", percent=2.0, only_unadjusted=True)
    return at


@pytest.fixture
def leicestershire_2020(leicestershire_framework):
    return baseline_lines(leicestershire_framework, area="Leicestershire", financial_year="2020/21")


@pytest.fixture
def store_engine(bundled_store):
    engine = store.make_engine(bundled_store)
    yield engine
    engine.dispose()


@pytest.fixture
def framework_baseline(store_engine) -> BaselineRef:
    datasets = store.list_datasets(store_engine)
    framework = datasets[(datasets["area"] == "Leicestershire") & (datasets["kind"] == "framework")].iloc[0]
    return BaselineRef(int(framework["id"]), framework["name"], "Leicestershire", "2020/21")


def test_a_signed_in_officer_starts_from_the_latest_published_budget(bundled_store, leicestershire_2020):
    at = fresh_page()
    assert not at.exception
    assert at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("baseline_year"))).value == "2020/21"
    assert metric(at, "Baseline 2020/21") == pounds(math.fsum(leicestershire_2020["amount_gbp"]))
    assert metric(at, "Scenario 2021/22") == metric(at, "Baseline 2020/21")


def test_building_the_commissioners_question_shows_what_changes(bundled_store, leicestershire_2020):
    at = build_commissioners_question(fresh_page())
    expected = apply_adjustments(leicestershire_2020, commissioners_question())

    assert metric(at, "Scenario 2021/22") == pounds(expected.scenario_total)
    assert format_gbp(expected.scenario_total) in metric_help(at, "Scenario 2021/22")
    assert metric(at, "Change") == pounds(expected.scenario_total - expected.baseline_total)
    steps = [m.value for m in at.markdown if m.value.startswith("**")]
    assert steps[0].startswith("**1.** Cut the lines with strategic area Victims by 5%")
    assert steps[1].startswith("**2.** End Target Hardening (24-7 Locks, LLR)")
    changed = table_with(at, "What changed it")
    assert "Independent Sexual Violence Advisers (ISVA)" in set(changed["Service"])
    ended = changed[changed["Service"] == "Target Hardening"].iloc[0]
    assert ended["Change (%)"] == "-100.0%"
    assert ended["What changed it"] == "Ended (steps 1, 2)"
    assert not at.warning


def test_a_step_can_be_edited_moved_and_removed(bundled_store, leicestershire_2020):
    at = build_commissioners_question(fresh_page())
    at.button(key="step_edit_0").click().run()
    at.number_input(key="edit_step_0_size_percent").set_value(10.0).run()
    at.button(key="edit_step_0_submit").click().run()
    ten_percent = [ChangeGroup("strategic_area", "Victims", "percent", -10), *commissioners_question()[1:]]
    assert metric(at, "Scenario 2021/22") == pounds(apply_adjustments(leicestershire_2020, ten_percent).scenario_total)

    at.button(key="step_remove_3").click().run()  # the inflation uplift
    assert metric(at, "Scenario 2021/22") == pounds(apply_adjustments(leicestershire_2020, ten_percent[:3]).scenario_total)

    at.button(key="step_down_0").click().run()
    steps = [m.value for m in at.markdown if m.value.startswith("**")]
    assert steps[0].startswith("**1.** End Target Hardening")


def test_the_funding_envelope_shows_the_shortfall(bundled_store, leicestershire_2020):
    at = build_commissioners_question(fresh_page())
    set_plan_years(at, years=3, roll="percent", rate=2.0)
    grant = math.fsum(leicestershire_2020["amount_gbp"])
    at.text_input(key="funding_new_name").set_value("Victims' grant and PCC contribution, held flat")
    at.number_input(key="funding_new_amount").set_value(grant)
    at.button(key="funding_new_add").click().run()

    plan_steps = commissioners_question() + [Projection(3, 2)]
    gap = funding_gap(apply_adjustments(leicestershire_2020, plan_steps),
                      [FundingSource("flat", grant, "Other income")])
    table = table_with(at, "Surplus or shortfall")
    assert table["Financial year"].tolist() == gap["financial_year"].tolist()
    assert table["Surplus or shortfall"].tolist() == [
        f"{position}: {format_gbp(abs(amount))}" for position, amount in zip(gap["position"], gap["surplus_gbp"])
    ]
    first = gap.iloc[0]
    assert metric(at, f"{first['position']} 2021/22") == pounds(abs(first["surplus_gbp"]))


def test_save_then_reopen_as_a_visitor(bundled_store, store_engine, leicestershire_2020):
    at = build_commissioners_question(fresh_page())
    name_key = next(t.key for t in at.text_input if t.key.startswith("scenario_name"))
    at.text_input(key=name_key).set_value("Victims -5%, ISVA, rest +2%").run()
    at.button(key="scenario_save").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)

    listed = store.list_scenarios(store_engine)
    assert listed["name"].tolist() == ["Victims -5%, ISVA, rest +2%"]
    saved = open_scenario(store_engine, int(listed["id"].iloc[0]))
    assert saved.author == STAFF
    # The page's change is aimed at a filter: the same cut as the example's strategic-area change.
    assert list(saved.plan.adjustments) == [
        Change(Target.of(strategic_area="Victims"), "percent", -5), *commissioners_question()[1:]]

    # A draft: a visitor sees no scenario at all, and no account anywhere on the page.
    draft_visitor = fresh_page(user=None)
    draft_visitor.radio(key="scenario_section").set_value("Saved scenarios").run()
    assert not [b for b in draft_visitor.button if b.key == "saved_open"]
    assert any("No scenario has been saved yet" in i.value for i in draft_visitor.info)

    # Its author publishes it on the page, under a name that is not an email address.
    at.radio(key="scenario_section").set_value("Saved scenarios").run()
    scenario_id = int(listed["id"].iloc[0])
    at.text_input(key=f"saved_publish_name_{scenario_id}").set_value(PUBLISHED_AS)
    at.button(key="saved_publish").click().run()
    assert not at.exception
    assert store.list_scenarios(store_engine)["status"].tolist() == ["published"]

    visitor = fresh_page(user=None)
    assert not visitor.exception
    assert not [b for b in visitor.button if b.key == "new_step_submit"]
    visitor.radio(key="scenario_section").set_value("Saved scenarios").run()
    assert table_with(visitor, "Author")["Author"].tolist() == [PUBLISHED_AS]
    assert STAFF not in str([e.value for e in visitor.dataframe])
    visitor.button(key="saved_open").click().run()
    assert not visitor.exception
    expected = apply_adjustments(leicestershire_2020, commissioners_question())
    assert metric(visitor, "Scenario 2021/22") == pounds(expected.scenario_total)
    # A visitor can look and download, but not change: no step buttons, no Save.
    assert not [b for b in visitor.button if b.key in ("scenario_save", "step_remove_0", "new_step_submit")]
    assert [b.label for b in visitor.get("download_button")] == ["Download (xlsx)"]


def test_two_saved_scenarios_side_by_side(bundled_store, store_engine, framework_baseline, leicestershire_2020):
    flat_income = (FundingSource("Victims' grant and PCC contribution", math.fsum(leicestershire_2020["amount_gbp"]),
                                 "Other income"),)
    victims_cut = commissioners_question() + [Projection(3, 2)]
    published(store_engine, save_plan(store_engine, ScenarioPlan("Flat", framework_baseline, (), flat_income), author=STAFF))
    published(store_engine, save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline, tuple(victims_cut),
                                                                 flat_income), author=STAFF))

    at = fresh_page(user=None)
    at.radio(key="scenario_section").set_value("Compare").run()
    assert not at.exception
    summary = table_with(at, "")
    assert set(summary.columns) == {"", "Victims cut", "Flat"}
    cut = apply_adjustments(leicestershire_2020, victims_cut)
    assert dict(zip(summary[""], summary["Victims cut"]))["Scenario total"] == format_gbp(cut.scenario_total)
    assert dict(zip(summary[""], summary["Flat"]))["Scenario total"] == format_gbp(math.fsum(leicestershire_2020["amount_gbp"]))
    areas = table_with(at, "Difference (second − first)")
    assert areas["Strategic area"].tolist()[-1] == "Total"

    # The flat plan has one year; the cut is projected three years against the same flat income.
    by_year = table_with(at, "Financial year")
    gap = funding_gap(cut, list(flat_income))
    assert by_year["Financial year"].tolist() == gap["financial_year"].tolist()
    assert by_year["Victims cut"].tolist() == [
        ("+" if round(amount, 2) > 0 else "") + format_gbp(amount) for amount in gap["surplus_gbp"]
    ]
    assert by_year["Flat"].tolist() == ["£0", "—", "—"]


def test_the_saved_list_gives_each_scenarios_planned_total(bundled_store, store_engine, framework_baseline,
                                                           leicestershire_2020):
    published(store_engine, save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline,
                                                                 tuple(commissioners_question())), author=STAFF))
    at = fresh_page(user=None)
    listed = table_with(at, "Planned total")
    expected = apply_adjustments(leicestershire_2020, commissioners_question())
    assert listed["Planned total"].tolist() == [f"{format_gbp(expected.scenario_total)} in 2021/22"]
    assert listed["Starts from"].tolist() == ["Leicestershire 2020/21"]


def test_duplicate_rename_and_delete(bundled_store, store_engine, framework_baseline):
    save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline, tuple(commissioners_question())), author=STAFF)
    at = fresh_page()
    at.radio(key="scenario_section").set_value("Saved scenarios").run()
    at.button(key="saved_duplicate").click().run()
    assert sorted(store.list_scenarios(store_engine)["name"]) == ["Copy of Victims cut", "Victims cut"]

    chosen = at.selectbox(key="saved_choice").value
    at.text_input(key=f"saved_rename_{chosen}").set_value("Victims cut, variant B")
    at.button(key="saved_rename").click().run()
    assert sorted(store.list_scenarios(store_engine)["name"]) == ["Victims cut", "Victims cut, variant B"]

    at.button(key="saved_delete").click().run()
    assert not at.exception
    assert store.list_scenarios(store_engine)["name"].tolist() == ["Victims cut"]


def test_a_visitor_cannot_duplicate_rename_or_delete(bundled_store, store_engine, framework_baseline):
    published(store_engine, save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline,
                                                                 tuple(commissioners_question())), author=STAFF))
    at = fresh_page(user=None)
    at.radio(key="scenario_section").set_value("Saved scenarios").run()
    keys = {button.key for button in at.button}
    assert "saved_open" in keys
    assert not keys & {"saved_duplicate", "saved_rename", "saved_delete"}


def test_an_empty_store_says_there_is_nothing_to_plan_from(empty_store):
    at = fresh_page()
    assert not at.exception
    assert any("no spend data yet" in info.value for info in at.info)


def test_derbyshires_split_entered_on_the_page_gives_the_published_contracts(bundled_store, bundled_loads):
    derbyshire = bundled_loads["derbyshire_idva_contracts_2017-19.csv"].tidy
    at = fresh_page()
    dataset_box = next(box for box in at.selectbox if box.key.startswith("baseline_dataset_"))
    derbyshire_option = next(option for option in dataset_box.options if option.startswith("Derbyshire"))
    dataset_box.select(derbyshire_option).run()
    year_box = next(box for box in at.selectbox if box.key.startswith("baseline_year_"))
    assert year_box.value == "2018/19"  # the latest year is the default
    year_box.select("2017/18").run()
    assert metric(at, "Baseline 2017/18") == pounds(
        math.fsum(derbyshire.loc[derbyshire["financial_year"] == "2017/18", "amount_gbp"])
    )

    at.selectbox(key="new_step_kind").set_value("split").run()
    at.number_input(key="new_step_amount").set_value(55_000.0).run()
    lines = at.multiselect(key="new_step_lines")
    county = next(option for option in lines.options if option.startswith("Derbyshire County"))
    city = next(option for option in lines.options if option.startswith("Derby City"))
    lines.set_value([county, city]).run()
    at.number_input(key="new_step_ratio_0").set_value(60.0)
    at.number_input(key="new_step_ratio_1").set_value(40.0).run()
    at.button(key="new_step_submit").click().run()
    assert not at.exception

    published_after = math.fsum(derbyshire.loc[derbyshire["financial_year"] == "2018/19", "amount_gbp"])
    assert metric(at, "Scenario 2018/19") == pounds(published_after)  # £319,000: £122k County, £197k City
    changed = table_with(at, "What changed it")
    assert dict(zip(changed["Service"], changed["Change (£)"])) == {
        "Derbyshire County IDVA service": format_gbp(55_000 * 0.6, pence=False).replace("£", "+£"),
        "Derby City IDVA service": format_gbp(55_000 * 0.4, pence=False).replace("£", "+£"),
    }


def test_a_scenario_on_replaced_data_keeps_its_figures_until_moved(bundled_store, store_engine, framework_baseline,
                                                                   bundled_loads, leicestershire_2020):
    scenario_id = save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline, tuple(commissioners_question())),
                            author=STAFF)
    # A corrected upload of the same framework: Victim First up £10,000 in 2020/21.
    loaded = bundled_loads["leicestershire_commissioning_framework_2018-21.xlsx"]
    corrected = loaded.tidy.copy()
    victim_first = (corrected["service"] == "Victim First") & (corrected["financial_year"] == "2020/21")
    corrected.loc[victim_first, "amount_gbp"] += 10_000
    store.replace_dataset(
        store_engine, framework_baseline.dataset_id, corrected, None, name=framework_baseline.dataset_name,
        area="Leicestershire", kind="framework", original_filename="corrected.xlsx",
        original_bytes=b"corrected framework", uploaded_by=STAFF,
    )

    at = fresh_page()
    at.radio(key="scenario_section").set_value("Saved scenarios").run()
    at.selectbox(key="saved_choice").set_value(scenario_id)
    at.button(key="saved_open").click().run()
    assert not at.exception
    as_built = apply_adjustments(leicestershire_2020, commissioners_question())
    assert metric(at, "Scenario 2021/22") == pounds(as_built.scenario_total)
    assert any("since been replaced" in info.value for info in at.info)

    at.button(key="scenario_rebase").click().run()
    rebased = apply_adjustments(
        baseline_lines(corrected, area="Leicestershire", financial_year="2020/21"), commissioners_question()
    )
    assert metric(at, "Scenario 2021/22") == pounds(rebased.scenario_total)
    assert metric(at, "Baseline 2020/21") == pounds(as_built.baseline_total + 10_000)


def test_a_cut_in_2020_21_changes_the_2020_21_budget(bundled_store, leicestershire_2020):
    at = set_plan_years(fresh_page(), first_year="2020/21")
    add_step(at, "change", target_strategic_area=["Prevention"], direction="Cut",
             by="percent", size_percent=5.0)
    prevention = math.fsum(leicestershire_2020.loc[leicestershire_2020["strategic_area"] == "Prevention", "amount_gbp"])
    total = math.fsum(leicestershire_2020["amount_gbp"])
    # Appendix A: Prevention £1,052,148 in 2020/21, so the cut is £52,607.40 of the 2020/21 budget.
    assert prevention * 0.05 == pytest.approx(52_607.40, abs=1e-6)
    assert metric(at, "Scenario 2020/21") == pounds(total - 52_607.40)
    assert metric_help(at, "Change").endswith(f"{format_gbp(-52_607.40)}.")


def test_a_step_switched_off_and_the_baseline_rolled_by_deflators(bundled_store, leicestershire_2020):
    at = set_plan_years(fresh_page(), years=2, roll="deflators")
    add_step(at, "change", target_strategic_area=["Prevention"], direction="Cut",
             by="percent", size_percent=5.0)
    steps = [Projection(2, 0.0, first_year="2021/22", roll="deflators"),
             ChangeGroup("strategic_area", "Prevention", "percent", -5)]
    expected = apply_adjustments(leicestershire_2020, steps)
    assert metric(at, "Scenario 2021/22") == pounds(expected.scenario_total)
    years = table_with(at, "Basis")
    assert years["Financial year"].tolist() == ["2021/22", "2022/23"]
    assert set(years["Basis"]) == {"GDP deflator"}
    at.button(key="step_toggle_0").click().run()
    assert not at.exception
    assert metric(at, "Scenario 2021/22") == pounds(expected.rolled_total)
    assert any("switched off" in m.value for m in at.markdown)


def add_income(at: AppTest, name: str, amount: float, **fence) -> AppTest:
    at.text_input(key="funding_new_name").set_value(name)
    at.number_input(key="funding_new_amount").set_value(amount)
    for field, values in fence.items():
        at.multiselect(key=f"funding_new_fence_{field}").set_value(values)
    at.run()
    at.button(key="funding_new_add").click().run()
    assert not at.exception, at.exception
    return at


def test_a_plan_that_fits_in_total_but_breaks_a_ring_fence_says_so(bundled_store, leicestershire_2020):
    victims = math.fsum(leicestershire_2020.loc[leicestershire_2020["strategic_area"] == "Victims", "amount_gbp"])
    total = math.fsum(leicestershire_2020["amount_gbp"])
    assert victims == 1_395_707  # Appendix A's Victims subtotal, 2020/21
    at = set_plan_years(fresh_page(), first_year="2020/21")
    add_income(at, "Victims' grant", victims, strategic_area=["Victims"])
    add_income(at, "PCC's own contribution", total - victims)
    assert not at.error
    # £50,000 from Victim First to the contingency line: the total still fits, the ring-fence does not.
    add_step(at, "move", amount=50_000.0, from_service=["Victim First"],
             to_service=["Emergent issues/ideas/PCC grants top up/ contingency"])
    assert metric(at, "Scenario 2020/21") == pounds(total)
    assert [e.value for e in at.error] == [
        "2020/21: Victims' grant is ring-fenced to the lines with strategic area Victims; £50,000 of it is unspent "
        "but cannot pay for the £50,000 of other spend that no other stream covers."
    ]
    streams = table_with(at, "May pay for")
    own = streams[streams["Stream"] == "PCC's own contribution"].iloc[0]
    assert own["Shortfall"] == "£50,000"
    assert streams[streams["Stream"] == "Victims' grant"].iloc[0]["May pay for"] == "strategic area Victims"


def test_the_inflation_uplift_suggests_the_deflator_rate_and_names_it(bundled_store, leicestershire_2020):
    at = fresh_page()
    add_step(at, "inflation", target_commissioning_type=["Grant funding"], only_unadjusted=False)
    steps = [m.value for m in at.markdown if m.value.startswith("**1.**")]
    assert "(HM Treasury GDP deflator, 2021/22 on 2020/21)" in steps[0]
    grant = math.fsum(leicestershire_2020.loc[leicestershire_2020["commissioning_type"] == "Grant funding", "amount_gbp"])
    # GDP deflators, March 2026 release: 2021/22 85.3036 on 2020/21 85.1002.
    expected = math.fsum(leicestershire_2020["amount_gbp"]) + grant * (85.3036 / 85.1002 - 1)
    assert metric(at, "Scenario 2021/22") == pounds(expected)


def test_the_envelope_can_start_from_the_funding_streams_stored(bundled_store):
    at = fresh_page()
    dataset = next(s for s in at.selectbox if s.key.startswith("baseline_dataset_"))
    durham = next(option for option in dataset.options if option.startswith("Durham") and "Community Safety" in option)
    dataset.set_value(durham).run()
    set_plan_years(at, first_year="2015/16")
    at.button(key="funding_from_store").click().run()
    assert not at.exception, at.exception
    # Durham's report of 3 February 2015, paragraph 4: A £606,550, B £525,000, C £140,000 (D "TBD" has no line).
    streams = table_with(at, "May pay for")
    assert sorted(streams.loc[streams["Stream"] != "All streams", "Available"]) == ["£140,000", "£525,000", "£606,550"]


def test_a_scenarios_address_opens_it_for_a_visitor_once_published(bundled_store, store_engine, framework_baseline,
                                                                   leicestershire_2020):
    scenario_id = save_plan(store_engine, ScenarioPlan("Victims cut", framework_baseline,
                                                       tuple(commissioners_question())), author=STAFF)
    asked = AppTest.from_file(PAGE, default_timeout=PAGE_TIMEOUT_S)
    asked.secrets = STAFF_ACCOUNTS
    asked.query_params["scenario"] = str(scenario_id)
    asked.run()
    # A draft's address tells a visitor exactly what a missing scenario's does.
    assert [w.value for w in asked.warning] == [store.scenarios.NOT_FOUND_OR_NOT_PUBLISHED]
    assert not [m for m in asked.metric if m.label.startswith("Scenario ")]

    published(store_engine, scenario_id)
    opened = AppTest.from_file(PAGE, default_timeout=PAGE_TIMEOUT_S)
    opened.secrets = STAFF_ACCOUNTS
    opened.query_params["scenario"] = str(scenario_id)
    opened.run()
    assert not opened.exception and not opened.warning
    expected = apply_adjustments(leicestershire_2020, commissioners_question())
    assert metric(opened, "Scenario 2021/22") == pounds(expected.scenario_total)
