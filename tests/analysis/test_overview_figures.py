"""The Overview's headline figures for Leicestershire, checked against the published table."""
from __future__ import annotations

import pytest

from analysis.overview import (
    JOINTLY_FUNDED_TYPE,
    areas_by_year,
    largest_movers,
    previous_year,
    service_changes,
    spend_by_service,
    spend_by_strategic_area,
    subject_for,
    summary_sentence,
    year_kpis,
)


def test_year_kpis_match_the_grand_totals(leicestershire, published_grand_totals):
    kpis = year_kpis(leicestershire, "2020/21")

    assert kpis.total_gbp == published_grand_totals["2020/21"]
    assert kpis.previous_year == "2019/20"
    assert kpis.previous_total_gbp == published_grand_totals["2019/20"]
    assert kpis.change_gbp == published_grand_totals["2020/21"] - published_grand_totals["2019/20"]
    assert kpis.change_pct == pytest.approx(kpis.change_gbp / published_grand_totals["2019/20"] * 100)


def test_the_issue_s_example_sentence(leicestershire):
    # The sentence the issue gives for Leicestershire 2020/21, word for word.
    assert summary_sentence(year_kpis(leicestershire, "2020/21")) == (
        "In 2020/21 the PCC committed £4.40m, up £79k (1.8%) on 2019/20; "
        "Victims services took the largest share (32%)."
    )


def test_the_first_year_has_nothing_to_compare_with(leicestershire):
    kpis = year_kpis(leicestershire, "2018/19")

    assert kpis.previous_year is None and kpis.change_gbp is None
    assert summary_sentence(kpis).startswith("In 2018/19 the PCC committed £4.28m; there is no earlier year")


def test_a_fall_reads_down_and_a_filtered_view_says_so(leicestershire):
    vulnerable = leicestershire.loc[leicestershire["strategic_area"].eq("Vulnerable")]
    kpis = year_kpis(vulnerable, "2020/21")

    sentence = summary_sentence(kpis, narrowed=True)
    assert kpis.change_gbp < 0
    assert "in this filtered view, down £122k" in sentence
    # One strategic area is the whole of a filtered total: no "largest share" to name.
    assert "largest share" not in sentence


def test_services_and_providers_count_funded_lines_and_named_organisations(leicestershire):
    kpis = year_kpis(leicestershire, "2020/21")

    in_year = leicestershire.loc[leicestershire["financial_year"].eq("2020/21") & leicestershire["amount_gbp"].ne(0)]
    assert kpis.services == in_year["service"].nunique()
    providers = set(in_year["provider"])
    unnamed = {p for p in providers if p == "Various" or p.startswith("To be ")}
    assert unnamed, "the 2020/21 table has lines with no single named provider"
    assert kpis.providers == len(providers - unnamed)


def test_jointly_funded_share(leicestershire, published_grand_totals):
    kpis = year_kpis(leicestershire, "2020/21")

    in_year = leicestershire.loc[leicestershire["financial_year"].eq("2020/21")]
    joint = in_year.loc[in_year["commissioning_type"].eq(JOINTLY_FUNDED_TYPE), "amount_gbp"].sum()
    # In this table every line naming a co-funder is also procured jointly.
    assert kpis.jointly_funded_share == pytest.approx(joint / published_grand_totals["2020/21"])


def test_spend_by_strategic_area_adds_up_to_each_year(leicestershire, published_grand_totals):
    by_area = spend_by_strategic_area(leicestershire)

    assert by_area.groupby("financial_year")["amount_gbp"].sum().to_dict() == published_grand_totals
    assert set(by_area["strategic_area"]) == {"Victims", "Vulnerable", "Prevention", "Cross Cutting"}


def test_spend_by_service_leaves_out_unfunded_lines(leicestershire, published_grand_totals):
    services = spend_by_service(leicestershire, "2020/21")

    assert services["amount_gbp"].gt(0).all()
    assert services["amount_gbp"].sum() == published_grand_totals["2020/21"]


def test_largest_movers_are_ordered_and_include_new_and_ended_services(leicestershire):
    increases, decreases = largest_movers(leicestershire, "2019/20", count=50)

    assert increases["change_gbp"].is_monotonic_decreasing and increases["change_gbp"].gt(0).all()
    assert decreases["change_gbp"].is_monotonic_increasing and decreases["change_gbp"].lt(0).all()
    # The paediatric SARC starts in 2019/20: a new service is an increase from £0.
    paediatric = increases.loc[increases["service"].eq("Paediatric SARC")].iloc[0]
    assert paediatric["previous_gbp"] == 0 and paediatric["current_gbp"] > 0


def test_service_changes_add_up_to_the_change_in_the_total(leicestershire, published_grand_totals):
    changes = service_changes(leicestershire, "2020/21")

    assert changes["change_gbp"].sum() == pytest.approx(
        published_grand_totals["2020/21"] - published_grand_totals["2019/20"]
    )


def test_previous_year_skips_gaps():
    assert previous_year(["2015/16", "2017/18", "2018/19"], "2017/18") == "2015/16"
    assert previous_year(["2018/19"], "2018/19") is None


def test_areas_by_year_names_who_published_each_year(bundled, bundled_manifest):
    reporting = areas_by_year(bundled)

    for entry in bundled_manifest:
        if entry["kind"] == "allocation":
            continue
        for year in bundled.loc[bundled["area"].eq(entry["area"]), "financial_year"].unique():
            assert entry["area"] in reporting[year]
    # Durham's grant is the only 2015/16 table bundled; Leicestershire's framework and Thames
    # Valley's victims grant are the 2020/21 ones.
    assert reporting["2015/16"] == ["Durham"]
    assert reporting["2020/21"] == ["Leicestershire", "Thames Valley"]
    assert subject_for(reporting["2015/16"]) == "the PCC"
    assert subject_for(reporting["2018/19"]) == f"the {len(reporting['2018/19'])} PCCs together"
