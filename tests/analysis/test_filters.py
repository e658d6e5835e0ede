"""The sidebar's filters, applied to the Leicestershire framework."""
from __future__ import annotations

from analysis.filters import Filters, apply_filters, years_label


def test_no_filter_keeps_every_line(leicestershire):
    assert apply_filters(leicestershire, Filters()).equals(leicestershire)


def test_year_and_strategic_area_give_the_published_subtotal(leicestershire_result):
    lines = apply_filters(leicestershire_result.tidy, Filters(years=("2020/21",), strategic_areas=("Victims",)))

    declared = leicestershire_result.declared_totals
    subtotal = declared.loc[
        declared["label"].str.startswith("Victims") & declared["financial_year"].eq("2020/21"), "declared_gbp"
    ].item()
    assert lines["amount_gbp"].sum() == subtotal == 1_395_707


def test_provider_search_ignores_case_and_matches_part_of_a_name(leicestershire):
    lines = apply_filters(leicestershire, Filters(provider_search="  turning point "))

    assert set(lines["provider"]) == {"Turning Point"}
    assert len(lines) == leicestershire["provider"].eq("Turning Point").sum()


def test_provider_search_with_regex_characters_is_taken_literally(leicestershire):
    lines = apply_filters(leicestershire, Filters(provider_search="(UAVA)"))

    assert set(lines["provider"]) == {"United Against Violence and Abuse (UAVA)"}


def test_filters_combine_with_and(leicestershire):
    wanted = Filters(commissioning_types=("Procured – jointly funded",), geographies=("City",))
    lines = apply_filters(leicestershire, wanted)

    assert not lines.empty
    assert lines["commissioning_type"].eq("Procured – jointly funded").all()
    assert lines["geography"].eq("City").all()


def test_a_filter_matching_nothing_leaves_an_empty_frame_with_the_columns(leicestershire):
    lines = apply_filters(leicestershire, Filters(areas=("Durham",)))

    assert lines.empty
    assert list(lines.columns) == list(leicestershire.columns)


def test_narrows_lines_only_for_filters_beyond_area_dataset_and_year():
    assert not Filters(areas=("Leicestershire",), dataset_id=3, years=("2020/21",)).narrows_lines()
    assert Filters(provider_search="Catch").narrows_lines()
    assert not Filters(provider_search="   ").narrows_lines()
    assert Filters(years=("2020/21",)).without_years() == Filters()


def test_years_label(leicestershire):
    years = list(leicestershire["financial_year"])

    assert years_label(years) == "2018/19 to 2020/21"
    assert years_label(["2020/21"]) == "2020/21"
    assert years_label([]) == "no years"


def test_describe_narrowing_names_each_filter_in_words():
    from analysis.filters import describe_narrowing

    assert describe_narrowing(Filters(areas=("Leicestershire",), years=("2020/21",))) == ""
    assert describe_narrowing(
        Filters(strategic_areas=("Victims", "Prevention"), provider_search=" Catch ")
    ) == "strategic area: Victims, Prevention; provider contains “Catch”"
