"""Caps and funding received are shown, never added: no spend total ever holds them."""
from __future__ import annotations

import pytest

from analysis.filters import Filters, filtered_rows, rows_in_scope
from analysis.selection import COUNTED, NOT_SPEND_KINDS, counted_rows, lines_summary, mark_counted
from store import list_datasets, load_spend, make_engine
from uploads.bundled import load_bundled

EASTERN_AREAS = ("Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk")


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    load_bundled(engine)
    lines = mark_counted(load_spend(engine), list_datasets(engine, current_only=True))
    engine.dispose()
    return lines


def test_no_cap_or_funding_line_counts_toward_a_total(marked):
    never = marked.loc[marked["dataset_kind"].isin(NOT_SPEND_KINDS)]
    # Suffolk decision 14 - 2014: six caps of £10,000; Durham's paragraph 4: three streams set.
    assert sorted(never["dataset_kind"].value_counts().items()) == [("cap", 6), ("funding_received", 3)]
    assert not never[COUNTED].any()
    assert not counted_rows(marked)["dataset_kind"].isin(NOT_SPEND_KINDS).any()


def test_each_says_why_it_is_not_added(marked):
    notes = marked.groupby("dataset_kind", observed=True)["count_note"].unique()
    assert list(notes["cap"]) == ["Not added: a cap is the most the PCC agreed to pay, not money spent"]
    assert list(notes["funding_received"]) == [
        "Not added: funding received is money in, shown beside spend, never added to it"]


def test_durhams_counted_2015_16_is_its_projects_only_not_the_streams(marked):
    # The Community Safety Grant projects total £500,545 (paragraph 6); the streams' £1,271,550 is money in.
    durham = counted_rows(marked).query("area == 'Durham' and financial_year == '2015/16'")
    assert durham["amount_gbp"].sum() == 500_545


def test_the_eastern_region_caps_add_nothing_to_any_areas_total(marked):
    counted = counted_rows(marked)
    assert counted.loc[counted["financial_year"].eq("2014/15"), "amount_gbp"].sum() == 0
    # Essex's own decision (£451,000, 2018/19) still counts; its cap does not.
    essex = counted.loc[counted["area"].eq("Essex")]
    assert essex.groupby("financial_year")["amount_gbp"].sum().to_dict() == {"2018/19": 451_000}


@pytest.mark.parametrize("kind", NOT_SPEND_KINDS)
def test_choosing_a_cap_or_funding_dataset_alone_still_sums_nothing(marked, kind):
    dataset_id = int(marked.loc[marked["dataset_kind"].eq(kind), "dataset_id"].iloc[0])
    filters = Filters(dataset_id=dataset_id)
    assert rows_in_scope(marked, filters).empty
    assert lines_summary(filtered_rows(marked, filters), every_line_counts=True).counted_gbp == 0


def test_the_data_pages_sentence_leaves_them_out_of_the_counted_sum(marked):
    summary = lines_summary(marked.loc[marked["area"].isin(EASTERN_AREAS + ("Durham",))], every_line_counts=False)
    caps_and_streams = marked.loc[marked["dataset_kind"].isin(NOT_SPEND_KINDS), "amount_gbp"].sum()
    assert caps_and_streams == 6 * 10_000 + 1_271_550
    assert summary.counted_gbp == 451_000 + 500_545
    assert summary.uncounted_gbp == caps_and_streams
