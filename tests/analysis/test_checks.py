"""The public checks, on the bundled store: every declared total against its rows, and where text and table disagree."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import store
from analysis.checks import (
    KNOWN_DISCREPANCIES_FILE,
    describe_discrepancy,
    describe_total,
    load_known_discrepancies,
    store_checks,
    summary_sentence,
    text_discrepancies,
    total_checks,
)
from analysis.money import format_gbp
from loaders import load_file
from uploads.bundled import DATA_DIR, bundled_entries, load_bundled

DURHAM = "durham_community_safety_grant_2015-16.xlsx"
LEICESTERSHIRE = "leicestershire_commissioning_framework_2018-21.xlsx"
ESSEX = "essex_domestic_abuse_contract_2018-19.xlsx"


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    engine = store.make_engine(f"sqlite:///{tmp_path_factory.mktemp('checks') / 'store.sqlite'}")
    load_bundled(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def bundled_loads():
    """File name -> what the loaders read from it: the figures to expect, never typed in twice."""
    return {entry["file"]: load_file(DATA_DIR / entry["file"], sheet=entry.get("sheet"), area=entry["area"],
                                     year=entry.get("year"))
            for entry in bundled_entries()}


@pytest.fixture(scope="module")
def declared(bundled_store) -> pd.DataFrame:
    return store.load_declared_totals(bundled_store)


# The dashboard hands over its shared frame, text as categoricals; a script would pass plain text.
@pytest.fixture(scope="module", params=["as the dashboard reads them", "as plain text"])
def lines(request, bundled_store) -> pd.DataFrame:
    if request.param == "as plain text":
        return store.load_spend(bundled_store)
    return store.current_spend_lines(bundled_store)


@pytest.fixture(scope="module")
def checks(declared, lines):
    return store_checks(declared, lines)


def test_every_declared_total_is_checked_once_against_the_rows_it_covers(checks, declared, bundled_loads):
    assert len(checks.totals) == len(declared) == sum(len(load.declared_totals) for load in bundled_loads.values())
    for check in checks.totals.itertuples(index=False):
        load = bundled_loads[check.source_file]
        total = load.declared_totals.loc[
            load.declared_totals["source_row"].eq(check.source_row)
            & load.declared_totals["financial_year"].eq(check.financial_year)
        ].iloc[0]
        # Plain filtering of the loader's own lines, independent of the slicing reconcile does.
        covered = load.tidy.loc[
            load.tidy["financial_year"].eq(check.financial_year)
            & load.tidy["source_row"].between(total["covers_from_row"], total["covers_to_row"])
        ]
        assert check.declared_gbp == pytest.approx(float(total["declared_gbp"]))
        assert check.rows_sum_gbp == pytest.approx(covered["amount_gbp"].sum())
        assert check.difference_gbp == pytest.approx(check.rows_sum_gbp - check.declared_gbp)


def test_durhams_projects_exceed_their_allocation_by_14968(checks, bundled_loads):
    durham = checks.totals.loc[checks.totals["source_file"].eq(DURHAM)]
    allocation = durham.loc[durham["kind"].eq("allocation")].iloc[0]

    assert allocation["source_sheet"] == "Community Safety Grant" and allocation["source_row"] == 1
    assert allocation["declared_gbp"] == 485_577
    assert allocation["rows_sum_gbp"] == bundled_loads[DURHAM].tidy["amount_gbp"].sum() == 500_545
    assert allocation["difference_gbp"] == 14_968
    assert not allocation["matches"]
    assert describe_total(allocation) == "Rows are £14,968 over the allocation"
    # The Total row beneath the projects is what they add to.
    assert durham.loc[durham["kind"].eq("grand_total"), "matches"].tolist() == [True]


def test_durham_and_thames_valleys_fund_are_the_declared_figures_that_do_not_add_up(checks):
    mismatched = checks.mismatched_totals

    # Thames Valley's Community Safety Fund prints a Total of 3,039,479 each year; its rows add to
    # 3,039,480, 3,039,480 and 3,039,469 (row 14 of the bundled sheet).
    assert mismatched[["source_file", "source_row", "difference_gbp"]].values.tolist() == [
        [DURHAM, 1, 14_968.0],
        *[["thames_valley_community_safety_fund_2019-22.xlsx", 14, gap] for gap in (1.0, 1.0, -10.0)],
    ]


def test_leicestershires_fifteen_totals_add_up_to_the_grand_total_it_prints(checks, bundled_loads):
    framework = checks.totals.loc[checks.totals["source_file"].eq(LEICESTERSHIRE)]
    grand = framework.loc[framework["kind"].eq("grand_total")].set_index("financial_year")

    assert len(framework) == 15 and framework["matches"].all()
    assert grand.loc["2020/21", "rows_sum_gbp"] == 4_395_961
    assert grand.loc["2020/21", "source_row"] == 67
    by_year = bundled_loads[LEICESTERSHIRE].tidy.groupby("financial_year")["amount_gbp"].sum()
    assert grand["rows_sum_gbp"].to_dict() == by_year.to_dict()


def test_leicestershires_text_says_4385961_where_its_table_adds_to_4395961(checks):
    leicestershire = checks.discrepancies.set_index("id").loc["leicestershire-exe0003-20-total"]

    assert leicestershire["text_gbp"] == 4_385_961
    assert leicestershire["table_gbp"] == 4_395_961
    assert leicestershire["difference_gbp"] == 10_000
    assert (leicestershire["source_file"], leicestershire["source_sheet"], leicestershire["source_row"]) == (
        LEICESTERSHIRE, "Appendix A", 67)
    assert describe_discrepancy(leicestershire) == (
        "The text says £4,385,961 where the table's Grand Total is £4,395,961 (£10,000 more).")


def test_durhams_text_and_table_disagree_twice_by_the_same_12182(checks):
    durham = checks.discrepancies.loc[checks.discrepancies["area"].eq("Durham")].set_index("id")

    # Paragraph 4 gives the Safe Durham Partnership £473,395; the table's heading, £485,577.
    share = durham.loc["durham-2015-16-safe-durham-share"]
    assert (share["text_gbp"], share["table_gbp"], share["difference_gbp"]) == (473_395, 485_577, 12_182)
    # The footnote's £27,150 rolled forward would make £512,727 to spend; the projects add to £500,545.
    rolled = durham.loc["durham-2015-16-rolled-forward"]
    assert rolled["text_says"] == "£485,577 + £27,150 = £512,727"
    assert (rolled["table_gbp"], rolled["difference_gbp"]) == (500_545, -12_182)


def test_every_known_discrepancy_is_compared_with_the_figure_the_store_holds(checks, declared):
    entries = {entry["id"]: entry for entry in load_known_discrepancies()}

    assert set(checks.discrepancies["id"]) == set(entries)
    for discrepancy in checks.discrepancies.itertuples(index=False):
        table = entries[discrepancy.id]["table"]
        stored = declared.loc[declared["source_file"].eq(table["source_file"])
                              & declared["source_row"].eq(table["source_row"])
                              & declared["financial_year"].eq(table["financial_year"]), "declared_gbp"]
        # The bundled file holds the figure the document prints, so the difference is the document's own.
        assert discrepancy.table_gbp == stored.item() == table["published_gbp"]
        assert entries[discrepancy.id]["document"] and entries[discrepancy.id]["where_in_text"]


def test_each_quote_carries_the_figure_it_is_cited_for():
    for entry in json.loads(KNOWN_DISCREPANCIES_FILE.read_text(encoding="utf-8"))["discrepancies"]:
        cited = entry["text_amounts"][-1]["amount_gbp"]
        assert format_gbp(cited) in entry["quote"], entry["id"]


def test_a_discrepancy_whose_dataset_is_not_in_the_store_is_left_out(declared):
    without_durham = declared.loc[declared["area"].ne("Durham")]

    shown = text_discrepancies(without_durham, load_known_discrepancies())

    assert shown["id"].tolist() == ["leicestershire-exe0003-20-total"]


def test_two_datasets_with_the_same_sheet_and_years_are_never_added_together(declared, lines):
    # A second copy of Appendix A (next year's upload of the same framework, say) under another dataset id.
    framework_id = declared.loc[declared["source_file"].eq(LEICESTERSHIRE), "dataset_id"].iloc[0]
    copy_lines = lines.loc[lines["dataset_id"].eq(framework_id)].assign(dataset_id=999)
    copy_declared = declared.loc[declared["dataset_id"].eq(framework_id)].assign(dataset_id=999)
    both_lines = pd.concat([lines.astype({"dataset_id": "int64"}), copy_lines], ignore_index=True)

    checked = total_checks(pd.concat([declared, copy_declared], ignore_index=True), both_lines)

    copy = checked.loc[checked["dataset_id"].eq(999)]
    assert len(copy) == 15 and copy["matches"].all()
    assert copy.loc[copy["kind"].eq("grand_total"), "rows_sum_gbp"].tolist() == [4_283_405, 4_316_550, 4_395_961]


def test_a_dataset_that_declares_no_total_is_named_as_unchecked(checks, bundled_loads):
    unchecked = checks.unchecked

    # Exactly the bundled files that print no total of their own: Essex's decision among them.
    silent = {name: load for name, load in bundled_loads.items() if load.declared_totals.empty}
    assert ESSEX in silent and len(unchecked) == len(silent)
    essex = unchecked[unchecked["dataset_name"].str.startswith("Essex")]
    assert essex["total_gbp"].tolist() == [bundled_loads[ESSEX].tidy["amount_gbp"].sum()] == [451_000]
    assert sorted(unchecked["total_gbp"]) == sorted(load.tidy["amount_gbp"].sum() for load in silent.values())


def test_the_sentence_on_top_names_every_figure_that_does_not_agree(checks):
    sentence = summary_sentence(checks)

    assert sentence.startswith("Of 23 declared totals in the store (1 of them an allocation), 19 add up to their rows "
                               "and 4 do not (Durham's 2015-16 allocation (£485,577)* 2015/16: declared £485,577, "
                               "rows add to £500,545, £14,968 over; Thames Valley's Total 2019/20: declared "
                               "£3,039,479, rows add to £3,039,480, £1 over; Thames Valley's Total 2020/21: declared "
                               "£3,039,479, rows add to £3,039,480, £1 over; Thames Valley's Total 2021/22: declared "
                               "£3,039,479, rows add to £3,039,469, £10 under).")
    for figure in ("£485,577", "£500,545", "£14,968", "£4,385,961", "£4,395,961", "£473,395", "£512,727"):
        assert figure in sentence


def test_checks_for_one_area_keep_only_its_own(checks):
    leicestershire = checks.for_areas(["Leicestershire"])

    assert set(leicestershire.totals["area"]) == set(leicestershire.discrepancies["area"]) == {"Leicestershire"}
    assert leicestershire.mismatched_totals.empty
    assert summary_sentence(leicestershire, scope="Leicestershire's files").startswith(
        "All 16 declared totals in Leicestershire's files add up to the rows beneath them.")
