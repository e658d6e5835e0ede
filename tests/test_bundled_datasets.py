"""The bundled datasets: each loads through the loaders and comes back from the store unchanged."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import TIDY_COLUMNS, load_file, reconcile
from store import (
    current_spend_lines,
    list_datasets,
    load_declared_totals,
    load_spend,
    make_engine,
    original_file,
    store_version,
)
from uploads.bundled import DATA_DIR, bundled_entries, load_bundled, main

ENTRIES = bundled_entries()


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'bundled.sqlite'}")
    ids = load_bundled(engine)
    return engine, dict(zip((entry["file"] for entry in ENTRIES), ids))


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_bundled_file_round_trips_through_the_store(entry, bundled_store):
    engine, ids = bundled_store
    loaded = load_file(DATA_DIR / entry["file"], area=entry["area"], year=entry.get("year"))
    stored = load_spend(engine, dataset_ids=[ids[entry["file"]]])[TIDY_COLUMNS]
    pd.testing.assert_frame_equal(
        stored.reset_index(drop=True), loaded.tidy.reset_index(drop=True), check_dtype=False
    )
    name, data = original_file(engine, ids[entry["file"]])
    assert (name, data) == (entry["file"], (DATA_DIR / entry["file"]).read_bytes())


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_stored_declared_totals_reconcile_as_the_file_does(entry, bundled_store):
    engine, ids = bundled_store
    loaded = load_file(DATA_DIR / entry["file"], area=entry["area"], year=entry.get("year"))
    stored_spend = load_spend(engine, dataset_ids=[ids[entry["file"]]])
    stored_totals = load_declared_totals(engine, dataset_ids=[ids[entry["file"]]])
    again = reconcile(stored_spend, stored_totals)
    def differences(report):
        return dict(zip(zip(report["label"], report["financial_year"]), report["difference_gbp"]))

    assert differences(again) == differences(loaded.reconciliation)


def test_the_catalogue_names_every_bundled_dataset_with_its_citation(bundled_store):
    engine, _ = bundled_store
    listing = list_datasets(engine).set_index("original_filename")
    for entry in ENTRIES:
        row = listing.loc[entry["file"]]
        assert (row["area"], row["kind"], row["citation"]) == (entry["area"], entry["kind"], entry["citation"])
    framework = listing.loc["leicestershire_commissioning_framework_2018-21.xlsx"]
    assert framework["total_gbp"] == 4_283_405 + 4_316_550 + 4_395_961


def test_loading_the_bundled_datasets_leaves_a_snapshot_for_the_first_visitor(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    monkeypatch.delenv("SPEND_SNAPSHOT_DIR", raising=False)
    assert main() == 0
    (written,) = (tmp_path / "victims_spend.sqlite.snapshots").glob("*.arrow")
    engine = make_engine()
    assert store_version(engine) in written.name
    pd.testing.assert_frame_equal(current_spend_lines(engine),
                                  load_spend(engine, current_only=True, text_as_category=True), check_exact=True)
    # Run again, as every `make run` does: nothing is loaded twice, the snapshot stays.
    assert main() == 0 and "not loaded again" in capsys.readouterr().out
    assert [path.name for path in written.parent.glob("*.arrow")] == [written.name]
    engine.dispose()


# Each bundled file, read through the loader, gives the totals its source publishes, per year.
PUBLISHED_TOTALS = {
    # Thames Valley PCC, "Victims Commissioning Performance": "spent his full grant allocation of £2.765m" (2017/18,
    # 2018/19), "the full amount of his initial grant allocation of £2.814 million" (2020/21).
    "thames_valley_victims_grant_2017-21.xlsx": {
        "Thames Valley": {"2017/18": 2_765_000, "2018/19": 2_765_000, "2020/21": 2_814_000}},
    # Kent, "How is that money spent?": "Grants and victim services awarded by the PCC" 4.2 / 4.2 (£m).
    "kent_grants_and_victim_services_2019-22.xlsx": {"Kent": {"2019/20": 4_200_000, "2021/22": 4_200_000}},
    # Warwickshire decisions WPCC3-0049 and WPCC3-0089: "awarded a total of £992,550" and "£525,179".
    "warwickshire_commissioners_grants_2022-24.xlsx": {
        "Warwickshire": {"2022/23": 992_550, "2023/24": 525_179}},
    # Suffolk decision 14 - 2014, agreement clause 6.1: "up to a sum of £10,000 per annum each" (caps).
    "eastern_region_victims_coordinator_2014-15.xlsx": {
        area: {"2014/15": 10_000}
        for area in ("Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk")},
    # Durham panel report, 3 February 2015, paragraph 4: A £606,550 + B £525,000 + C £140,000; D "TBD" not set.
    "durham_funding_streams_2015-16.xlsx": {"Durham": {"2015/16": 1_271_550}},
}


def totals_by_area_and_year(tidy: pd.DataFrame) -> dict[str, dict[str, float]]:
    grouped = tidy.groupby(["area", "financial_year"])["amount_gbp"].sum()
    totals: dict[str, dict[str, float]] = {}
    for (area, year), value in grouped.items():
        totals.setdefault(area, {})[year] = value
    return totals


@pytest.mark.parametrize("file_name", sorted(PUBLISHED_TOTALS))
def test_a_new_area_loads_to_its_published_totals_per_year(file_name):
    (entry,) = [entry for entry in ENTRIES if entry["file"] == file_name]
    loaded = load_file(DATA_DIR / file_name, sheet=entry.get("sheet"), area=entry["area"], year=entry.get("year"))
    assert totals_by_area_and_year(loaded.tidy) == PUBLISHED_TOTALS[file_name]


def test_the_bundled_store_holds_the_four_first_areas_and_the_new_ones(bundled_store):
    engine, _ = bundled_store
    areas = set(load_spend(engine)["area"])
    assert {"Leicestershire", "Durham", "Derbyshire", "Essex", "Thames Valley", "Kent", "Warwickshire",
            # the rest of the Eastern Region collaboration, from Suffolk's decision
            "Bedfordshire", "Cambridgeshire", "Hertfordshire", "Norfolk", "Suffolk"} <= areas
    assert len(areas) >= 12


def test_caps_and_funding_received_are_bundled_under_their_own_kinds():
    kinds = {entry["file"]: entry["kind"] for entry in ENTRIES}
    assert kinds["eastern_region_victims_coordinator_2014-15.xlsx"] == "cap"
    assert kinds["durham_funding_streams_2015-16.xlsx"] == "funding_received"
    assert kinds["thames_valley_community_safety_fund_2019-22.xlsx"] == "decision"


def test_the_eastern_region_collaboration_is_six_caps_of_10000_each():
    # Suffolk PCC decision 14 - 2014: "up to £10 k for each Police and Crime Commissioner"; agreement 6.1:
    # "up to a sum of £10,000 per annum each". A cap, labelled as one, never a spend (data/README.md).
    loaded = load_file(DATA_DIR / "eastern_region_victims_coordinator_2014-15.xlsx", area="Suffolk")
    assert totals_by_area_and_year(loaded.tidy) == {
        area: {"2014/15": 10_000}
        for area in ("Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk")
    }
    assert (loaded.layout.sheets[0].amount_columns[0].header == "2014/15 cap: up to (£ per annum)")


def test_durhams_funding_streams_load_as_three_set_amounts_and_d_not_set():
    # Police and Crime Panel, 3 February 2015, paragraph 4: A £606,550, B £525,000, C £140,000, D "TBD".
    loaded = load_file(DATA_DIR / "durham_funding_streams_2015-16.xlsx", area="Durham")
    by_stream = dict(zip(loaded.tidy["service"], loaded.tidy["amount_gbp"]))
    assert by_stream == {"Community Safety Grant": 606_550, "Victims' Services": 525_000, "Restorative Justice": 140_000}
    # Paragraph 3: the Ministry of Justice pays B and C; A's payer is not named, so none is given.
    funders = dict(zip(loaded.tidy["service"], loaded.tidy["funding_partners"]))
    assert funders == {"Community Safety Grant": "", "Victims' Services": "Ministry of Justice",
                       "Restorative Justice": "Ministry of Justice"}
    assert totals_by_area_and_year(loaded.tidy) == {"Durham": {"2015/16": 1_271_550}}
    # D has no line at all: not set, never a zero.
    assert not loaded.tidy["service"].str.contains("Community Safety Fund").any()


def test_thames_valley_community_safety_fund_loads_as_published():
    # Its first heading cell is empty, as published: the names under it are the lines.
    loaded = load_file(DATA_DIR / "thames_valley_community_safety_fund_2019-22.xlsx", area="Thames Valley")
    assert totals_by_area_and_year(loaded.tidy) == {
        "Thames Valley": {"2019/20": 3_039_480, "2020/21": 3_039_480, "2021/22": 3_039_469}}
    assert len(set(loaded.tidy["service"])) == 10  # nine councils and "Retained by PCC"
    # Its printed Total, 3,039,479 each year, is kept, and the pound and the £10 it is out by are reported.
    mismatched = loaded.reconciliation[~loaded.reconciliation["matches"]]
    assert mismatched.set_index("financial_year")["difference_gbp"].round().to_dict() == {
        "2019/20": 1, "2020/21": 1, "2021/22": -10}
