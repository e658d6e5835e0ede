"""A change between two years compares like with like: the areas and datasets both years hold."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.change import breakdown_sentence, comparable_rows, like_for_like_change
from analysis.trends import ENDED, NEW, year_on_year
from tests.analysis.conftest import DATA_DIR
from loaders import load_file


# The bundled files the issue toured: with all areas, 2018/19 against 2017/18 read "up £4.79m (1814.2%)".
# Held to these, so the figures below stay the as more datasets are bundled.
TOURED = {
    "leicestershire_commissioning_framework_2018-21.xlsx", "durham_community_safety_grant_2015-16.xlsx",
    "derbyshire_idva_contracts_2017-19.csv", "essex_domestic_abuse_contract_2018-19.xlsx",
}


@pytest.fixture(scope="module")
def bundled_datasets(bundled_manifest) -> pd.DataFrame:
    """The toured bundled lines with their datasets, as the dashboard's view holds them."""
    frames = []
    for number, entry in enumerate(bundled_manifest, start=1):
        if entry["file"] not in TOURED:
            continue
        tidy = load_file(DATA_DIR / entry["file"], sheet=entry.get("sheet"), area=entry["area"], year=entry.get("year")).tidy
        frames.append(tidy.assign(dataset_id=number, dataset_kind=entry["kind"], dataset_name=entry["name"]))
    return pd.concat(frames, ignore_index=True)


def totals(rows: pd.DataFrame, area: str) -> dict[str, float]:
    return rows.loc[rows["area"].eq(area)].groupby("financial_year")["amount_gbp"].sum().to_dict()


def test_all_areas_2018_19_compares_derbyshire_only_not_1814_percent(bundled_datasets):
    change = like_for_like_change(bundled_datasets, "2018/19", "2017/18")

    derbyshire = totals(bundled_datasets, "Derbyshire")
    assert change.compared_areas == ("Derbyshire",) and change.compared_kinds == ("decision",)
    assert (change.previous_gbp, change.current_gbp) == (derbyshire["2017/18"], derbyshire["2018/19"]) == (264_000, 319_000)
    assert change.change_gbp == 55_000
    assert change.change_pct == pytest.approx(55_000 / 264_000 * 100)
    # The unlike totals are kept for what they are, never differenced.
    assert change.year_total_gbp - change.previous_year_total_gbp == pytest.approx(4_789_405)
    assert change.left_out == "2 areas (Essex and Leicestershire) have no 2017/18 data and are not in this comparison."
    assert "different PCCs" in change.warning() and "Derbyshire's decision only" in change.warning()


def test_one_framework_year_on_year_is_the_difference_of_its_grand_totals(bundled_datasets, published_grand_totals):
    leicestershire = bundled_datasets.loc[bundled_datasets["area"].eq("Leicestershire")]
    change = like_for_like_change(leicestershire, "2020/21", "2019/20")

    assert change.whole and change.left_out == "" and change.warning() == ""
    assert change.change_gbp == published_grand_totals["2020/21"] - published_grand_totals["2019/20"] == 79_411


def test_new_and_ended_services_are_counted_apart_and_add_up(bundled_datasets):
    change = like_for_like_change(bundled_datasets, "2019/20", "2018/19")

    services = year_on_year(comparable_rows(bundled_datasets, "2019/20", "2018/19"), "2018/19", "2019/20")
    new, ended = services.loc[services["status"].eq(NEW)], services.loc[services["status"].eq(ENDED)]
    assert (change.new_services, change.new_gbp) == (len(new), new["amount_b"].sum())
    assert (change.ended_services, change.ended_gbp) == (len(ended), ended["amount_a"].sum())
    assert change.continuing_change_gbp + change.new_gbp - change.ended_gbp == pytest.approx(change.change_gbp)
    # Leicestershire's framework in both years; Derbyshire and Essex published no 2019/20.
    assert change.compared_areas == ("Leicestershire",)
    assert "2 areas (Derbyshire and Essex) have no 2019/20 data" in change.left_out
    assert breakdown_sentence(change).startswith("Of the +£33,145: ")


def test_nothing_in_both_years_gives_no_change(bundled_datasets):
    change = like_for_like_change(bundled_datasets, "2017/18", "2015/16")

    assert not change.comparable
    assert (change.change_gbp, change.change_pct, change.current_gbp) == (None, None, None)
    assert "Durham has no 2017/18 data" in change.left_out and "Derbyshire has no 2015/16 data" in change.left_out
    assert comparable_rows(bundled_datasets, "2017/18", "2015/16").empty


def test_a_framework_is_never_compared_with_a_decision(bundled_datasets):
    # Essex's decision read as though it were for Leicestershire's 2017/18: a decision, then a framework.
    essex = bundled_datasets.loc[bundled_datasets["area"].eq("Essex")].assign(area="Leicestershire",
                                                                               financial_year="2017/18")
    rows = pd.concat([bundled_datasets, essex], ignore_index=True)

    change = like_for_like_change(rows, "2018/19", "2017/18")
    assert change.compared_areas == ("Derbyshire",)
    assert ("Leicestershire's 2017/18 and 2018/19 figures come from different datasets (a framework against "
            "a decision, or two different decisions), so it is not in this comparison.") in change.left_out


def test_a_decision_only_in_one_year_is_left_out_and_named(bundled_datasets):
    # A second Derbyshire decision, for 2018/19 only, beside the one covering both years.
    second = bundled_datasets.loc[bundled_datasets["area"].eq("Essex")].assign(
        area="Derbyshire", dataset_id=99, dataset_name="Derbyshire second decision")
    rows = pd.concat([bundled_datasets, second], ignore_index=True)

    change = like_for_like_change(rows, "2018/19", "2017/18")
    assert change.change_gbp == 55_000
    assert "Derbyshire second decision (Derbyshire, 2018/19 only)" in change.left_out


def test_no_earlier_year_is_no_change(bundled_datasets):
    change = like_for_like_change(bundled_datasets, "2015/16", None)

    assert change.previous_year is None and not change.comparable and change.warning() == ""
