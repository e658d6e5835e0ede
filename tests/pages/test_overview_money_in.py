"""A panel member opens Durham's Overview: the money that came in beside the money committed."""
from __future__ import annotations

from tests.pages.page_elements import metric, table

OVERVIEW = "pages/overview.py"


def test_durham_shows_funding_received_against_spend_committed(run_page):
    at = run_page(OVERVIEW, query={"area": "Durham"})

    assert not at.exception
    assert "Money in and money committed" in [subheader.value for subheader in at.subheader]
    # Panel report, 3 February 2015: streams A £606,550 + B £525,000 + C £140,000; projects' Total £500,545.
    beside = table(at, "Funding received")
    assert beside.to_dict("records") == [{
        "Area": "Durham", "Year": "2015/16", "Funding received": "£1,271,550",
        "Spend committed": "£500,545", "Difference": "+£771,005"}]
    # The streams are beside the spend, never in it.
    assert metric(at, "Committed in 2015/16") == "£500,545"
    streams = table(at, "Funding stream")
    assert dict(zip(streams["Funding stream"], streams["Funder"])) == {
        "Community Safety Grant": "Not named in the source",
        "Restorative Justice": "Ministry of Justice", "Victims' Services": "Ministry of Justice"}


def test_an_area_with_only_its_eastern_region_cap_shows_the_cap_and_no_spend(run_page):
    at = run_page(OVERVIEW, query={"area": "Bedfordshire"})

    assert not at.exception
    assert not at.metric  # no spend figure at all
    capped = table(at, "Up to")
    assert capped[["Area", "Year", "Up to"]].values.tolist() == [["Bedfordshire", "2014/15", "£10,000"]]


def test_leicestershire_has_neither_section(run_page):
    at = run_page(OVERVIEW, query={"area": "Leicestershire"})

    assert not at.exception
    assert "Money in and money committed" not in [subheader.value for subheader in at.subheader]
    assert "Caps agreed" not in [subheader.value for subheader in at.subheader]


def test_choosing_the_caps_dataset_alone_shows_them_and_sums_nothing(run_page, bundled_store):
    import store

    engine = store.make_engine(bundled_store)
    listing = store.list_datasets(engine, current_only=True)
    engine.dispose()
    caps = listing.loc[listing["kind"].eq("cap")].iloc[0]
    at = run_page(OVERVIEW, query={"area": "Suffolk", "dataset": str(int(caps["lineage_id"]))})

    assert not at.exception
    assert any("neither is spending" in info.value for info in at.info)
    assert not at.metric
    assert table(at, "Up to")[["Area", "Up to"]].values.tolist() == [["Suffolk", "£10,000"]]
