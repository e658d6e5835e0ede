"""Money in beside money committed, on Durham's 2015-16 funding streams and its Community Safety Grant projects."""
from __future__ import annotations

import pytest

from analysis.income import caps, funding_streams, funding_without_spend, income_against_spend
from analysis.selection import mark_counted
from store import list_datasets, load_spend, make_engine
from uploads.bundled import load_bundled


@pytest.fixture(scope="module", params=[False, True], ids=["text", "categorical"])
def marked(request, tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}")
    load_bundled(engine)
    lines = mark_counted(load_spend(engine, text_as_category=request.param), list_datasets(engine, current_only=True))
    engine.dispose()
    return lines


def test_durhams_streams_each_with_its_funder(marked):
    # Panel report, 3 February 2015, paragraph 4 (amounts) and paragraph 3 ("additional money from the
    # Ministry of Justice for 2015-16 for Victims' Services and for Restorative Justice"). D is "TBD": absent.
    streams = funding_streams(marked, areas=("Durham",))
    assert list(zip(streams["stream"], streams["funder"], streams["amount_gbp"])) == [
        ("Community Safety Grant", "", 606_550),
        ("Restorative Justice", "Ministry of Justice", 140_000),
        ("Victims' Services", "Ministry of Justice", 525_000),
    ]
    assert set(streams["financial_year"]) == {"2015/16"}


def test_money_in_against_money_committed_for_durham_2015_16(marked):
    beside = income_against_spend(marked)
    assert beside.to_dict("records") == [{
        "area": "Durham", "financial_year": "2015/16",
        "funding_received_gbp": 606_550 + 525_000 + 140_000,  # £1,271,550
        "committed_gbp": 500_545,  # the five Community Safety Grant projects' Total
        "difference_gbp": 1_271_550 - 500_545,  # £771,005 the stored spend does not account for
    }]


def test_areas_and_years_narrow_it(marked):
    assert income_against_spend(marked, areas=("Leicestershire",)).empty
    assert income_against_spend(marked, years=("2014/15",)).empty
    assert funding_streams(marked, years=("2016/17",)).empty
    assert funding_without_spend(marked) == []


def test_the_eastern_region_caps_are_listed_one_per_pcc(marked):
    listed = caps(marked)
    assert list(listed["area"]) == ["Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk"]
    assert set(listed["amount_gbp"]) == {10_000} and set(listed["financial_year"]) == {"2014/15"}


def test_funding_with_no_spend_counted_is_named_not_compared(marked):
    # Durham's streams without its projects (the decision's lines left out): nothing to set them against.
    without_projects = marked.loc[~(marked["area"].eq("Durham") & marked["dataset_kind"].eq("decision"))]
    assert income_against_spend(without_projects).empty
    assert funding_without_spend(without_projects) == ["Durham 2015/16"]
