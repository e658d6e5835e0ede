"""Providers: one body under one name, ranked, and how much goes to the five biggest."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.providers import (
    PROVIDER_GROUP,
    UNNAMED_PROVIDER,
    aliases_in_use,
    apply_aliases,
    count_funded_providers,
    is_unnamed_provider,
    normalise_provider_name,
    provider_profile,
    provider_services_by_year,
    rank_providers,
    resolve_alias,
    suggest_aliases,
    top_concentration,
    years_funded,
)
from store import list_aliases, make_engine, set_alias

LPT = "Leicestershire Partnership Trust"
LPT_NHS = "Leicestershire Partnership NHS Trust"
COUNTY_TYPO = "Leicester County Council"
COUNTY = "Leicestershire County Council"
CITY = "Leicester City Council"
JOINT = "Leicester City Council/ Leicestershire County Council"

# The two spellings the issue names, as a person would confirm them on the Data page.
CONFIRMED = {LPT: LPT_NHS, COUNTY_TYPO: COUNTY}


def test_the_two_trust_spellings_normalise_alike(leicestershire):
    written = set(leicestershire["provider"])
    assert {LPT, LPT_NHS} <= written
    assert normalise_provider_name(LPT) == normalise_provider_name(LPT_NHS)


def test_suggestions_pair_the_misspellings_the_issue_names(leicestershire):
    suggestions = suggest_aliases(leicestershire)
    pairs = set(zip(suggestions["alias"], suggestions["canonical_name"]))

    assert (LPT, LPT_NHS) in pairs
    assert (COUNTY_TYPO, COUNTY) in pairs


def test_suggestions_never_pair_different_councils_joint_lines_or_placeholders(leicestershire):
    suggestions = suggest_aliases(leicestershire, threshold=0.5)
    named = set(suggestions["alias"]) | set(suggestions["canonical_name"])

    city_county = {frozenset(pair) for pair in zip(suggestions["alias"], suggestions["canonical_name"])}
    assert frozenset({CITY, COUNTY_TYPO}) not in city_county
    assert JOINT not in named
    assert "Various" not in named
    assert not any(name.startswith("To be selected") for name in named)


def test_nothing_is_merged_until_an_alias_is_set(leicestershire):
    grouped = apply_aliases(leicestershire, None)

    assert (grouped[PROVIDER_GROUP] == LPT).any()
    assert (grouped[PROVIDER_GROUP] == LPT_NHS).any()


def test_a_confirmed_alias_groups_both_spellings_and_keeps_the_written_name(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)

    written_total = leicestershire.loc[leicestershire["provider"].isin([LPT, LPT_NHS]), "amount_gbp"].sum()
    assert grouped.loc[grouped[PROVIDER_GROUP] == LPT_NHS, "amount_gbp"].sum() == written_total
    assert not (grouped[PROVIDER_GROUP] == LPT).any()
    assert grouped["provider"].tolist() == leicestershire["provider"].tolist()


def test_a_joint_line_stays_as_written(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)
    joint = grouped[grouped["provider"] == JOINT]

    assert not joint.empty
    assert set(joint[PROVIDER_GROUP]) == {JOINT}


def test_aliases_from_the_store_are_applied(leicestershire, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    for alias, canonical in CONFIRMED.items():
        set_alias(engine, alias, canonical, user="opcc.analyst")

    grouped = apply_aliases(leicestershire, list_aliases(engine))

    assert set(grouped.loc[grouped["provider"] == COUNTY_TYPO, PROVIDER_GROUP]) == {COUNTY}
    assert set(suggest_aliases(leicestershire, list_aliases(engine))["alias"]).isdisjoint(CONFIRMED)


def test_alias_chains_are_followed_and_loops_stop():
    chain = {LPT: "LPT", "LPT": LPT_NHS}
    assert resolve_alias(LPT, chain) == LPT_NHS

    loop = {LPT: LPT_NHS, LPT_NHS: LPT}
    assert resolve_alias(LPT, loop) in {LPT, LPT_NHS}


def test_aliases_in_use_counts_the_lines_each_alias_moves(leicestershire):
    in_use = aliases_in_use(leicestershire, {**CONFIRMED, "Victim Support": "Victim Support Ltd"}).set_index("alias")

    assert set(in_use.index) == set(CONFIRMED)
    for alias in CONFIRMED:
        written = leicestershire[leicestershire["provider"] == alias]
        assert in_use.loc[alias, "lines"] == len(written)
        assert in_use.loc[alias, "amount_gbp"] == written["amount_gbp"].sum()


def test_ranking_orders_named_providers_by_their_spend(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)
    ranked = rank_providers(grouped)

    independent = (
        grouped[~grouped["provider"].map(is_unnamed_provider)]
        .groupby(PROVIDER_GROUP)["amount_gbp"].sum().sort_values(ascending=False)
    )
    assert ranked["amount_gbp"].tolist() == independent.tolist()
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert UNNAMED_PROVIDER not in set(ranked[PROVIDER_GROUP])
    assert ranked["share"].sum() == pytest.approx(independent.sum() / grouped["amount_gbp"].sum())


def test_top_five_share_is_their_spend_over_all_spend(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)
    for year, lines in grouped.groupby("financial_year"):
        concentration = top_concentration(lines)
        named = lines[lines[PROVIDER_GROUP] != UNNAMED_PROVIDER]
        five_largest = named.groupby(PROVIDER_GROUP)["amount_gbp"].sum().nlargest(5)

        assert concentration.top_amount_gbp == five_largest.sum(), year
        assert concentration.total_amount_gbp == lines["amount_gbp"].sum()
        assert concentration.share == pytest.approx(five_largest.sum() / lines["amount_gbp"].sum())
        assert len(concentration.providers) == 5


def test_a_providers_profile_lists_its_services_and_years(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)
    profile = provider_profile(grouped, LPT_NHS)

    written = leicestershire[leicestershire["provider"].isin([LPT, LPT_NHS])]
    assert len(profile) == len(written)
    assert set(profile["service"]) == set(written["service"])
    assert set(profile["provider"]) == {LPT, LPT_NHS}
    assert profile[["source_file", "source_sheet", "source_row"]].notna().all().all()

    by_year = provider_services_by_year(grouped, LPT_NHS).set_index("service")
    for (service, year), amount in written.groupby(["service", "financial_year"])["amount_gbp"].sum().items():
        assert by_year.loc[service, year] == amount


def test_years_funded_reads_as_a_run_or_a_list(leicestershire):
    grouped = apply_aliases(leicestershire, CONFIRMED)
    ranked = rank_providers(grouped).set_index(PROVIDER_GROUP)

    all_years = sorted(set(leicestershire["financial_year"]))
    assert ranked.loc["Catch 22", "years"] == f"{all_years[0]}–{all_years[-1]}"
    paediatric_years = sorted(set(leicestershire.loc[leicestershire["service"] == "Paediatric SARC", "financial_year"]))
    assert ranked.loc["Nottingham University Hospital Trust", "years"] == f"{paediatric_years[0]}–{paediatric_years[-1]}"
    assert years_funded(["2018/19", "2020/21"]) == "2018/19, 2020/21"
    assert years_funded(["2015/16"]) == "2015/16"


def test_an_empty_selection_gives_empty_answers(leicestershire):
    nothing = apply_aliases(leicestershire.iloc[0:0], CONFIRMED)

    assert rank_providers(nothing).empty
    assert top_concentration(nothing).total_amount_gbp == 0
    assert provider_services_by_year(nothing, LPT_NHS).empty
    assert aliases_in_use(nothing, CONFIRMED).empty
    assert suggest_aliases(nothing).empty


def test_unnamed_provider_cells_are_not_ranked(bundled):
    grouped = apply_aliases(bundled, None)
    unnamed = grouped[grouped[PROVIDER_GROUP] == UNNAMED_PROVIDER]

    assert {"Various", "To be selected via competitive tender"} <= set(unnamed["provider"])
    assert isinstance(rank_providers(grouped), pd.DataFrame)
    assert UNNAMED_PROVIDER not in set(rank_providers(grouped)[PROVIDER_GROUP])


def test_funded_providers_are_counted_once_per_confirmed_name(leicestershire):
    in_year = leicestershire[leicestershire["financial_year"] == "2019/20"]
    funded = in_year.loc[in_year["amount_gbp"] != 0, "provider"].str.strip()
    written = {name for name in funded if not is_unnamed_provider(name)}
    assert count_funded_providers(in_year) == len(written)
    # Each confirmed pair with both spellings funded this year is one provider fewer.
    merged = sum(1 for alias, canonical in CONFIRMED.items() if {alias, canonical} <= written)
    assert merged >= 1
    assert count_funded_providers(in_year, CONFIRMED) == len(written) - merged


def test_any_to_be_cell_is_not_a_named_provider():
    assert is_unnamed_provider("To be procured (County Council-led)")
    assert is_unnamed_provider("To be decided")
    assert not is_unnamed_provider("Turning Point")


def test_unnamed_spend_and_a_providers_total_come_from_its_lines(leicestershire):
    from analysis.providers import PROVIDER_GROUP, UNNAMED_PROVIDER, apply_aliases, provider_total, rank_providers, unnamed_spend

    grouped = apply_aliases(leicestershire, None)
    ranked = rank_providers(grouped)
    unnamed = grouped[grouped[PROVIDER_GROUP] == UNNAMED_PROVIDER]["amount_gbp"].sum()

    assert unnamed_spend(grouped) == unnamed > 0  # "To be selected via competitive tender" and the like
    assert unnamed_spend(grouped) + ranked["amount_gbp"].sum() == pytest.approx(leicestershire["amount_gbp"].sum())
    top = ranked.iloc[0]
    assert provider_total(grouped, top[PROVIDER_GROUP]) == top["amount_gbp"]
