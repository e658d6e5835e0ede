"""A panel member asks who gets the money, and how much goes to the few largest providers."""
from __future__ import annotations

from analysis.money import format_gbp
from analysis.providers import is_unnamed_provider
from store import list_aliases, make_engine, set_alias
from tests.pages.page_elements import chart, metric, table

PROVIDERS = "pages/providers.py"


def bar_totals(figure: dict) -> dict[str, float]:
    """Provider label -> the sum of its stacked bar segments."""
    totals: dict[str, float] = {}
    for trace in figure["data"]:
        if trace.get("type") != "bar":
            continue
        for label, amount in zip(trace["y"], trace["x"]):
            if amount is not None:
                totals[label.replace("<br>", " ")] = totals.get(label.replace("<br>", " "), 0.0) + amount
    return totals


def named(lines):
    return lines[~lines["provider"].map(is_unnamed_provider)]


def test_providers_page_ranks_the_framework_providers(run_page, leicestershire_framework):
    at = run_page(PROVIDERS)

    assert not at.exception
    in_2020 = leicestershire_framework[leicestershire_framework["financial_year"] == "2020/21"]
    # Funded ones only: WIRE's and Achieve and Mosaic's providers have £0 lines in 2020/21.
    funded = named(in_2020[in_2020["amount_gbp"] != 0])
    assert funded["provider"].nunique() < named(in_2020)["provider"].nunique()
    assert metric(at, "Named providers in 2020/21") == str(funded["provider"].nunique())

    figure = chart(at, "providers_ranked")
    assert figure["layout"]["title"]["text"].startswith("Spend per provider, 2018/19 to 2020/21")
    per_provider = named(leicestershire_framework).groupby("provider")["amount_gbp"].sum()
    shown = bar_totals(figure)
    assert shown["Catch 22"] == per_provider["Catch 22"]
    assert max(shown, key=shown.get) == per_provider.idxmax()


def test_top_five_share_is_computed_from_the_lines(run_page, leicestershire_framework):
    at = run_page(PROVIDERS)

    in_2020 = leicestershire_framework[leicestershire_framework["financial_year"] == "2020/21"]
    top_five = named(in_2020).groupby("provider")["amount_gbp"].sum().nlargest(5).sum()
    assert metric(at, "Top 5 providers' share, 2020/21") == f"{top_five / in_2020['amount_gbp'].sum():.0%}"
    unnamed = in_2020.loc[in_2020["provider"].map(is_unnamed_provider), "amount_gbp"].sum()
    assert metric(at, "Unnamed providers, 2020/21") == format_gbp(unnamed)


def test_a_strategic_area_filter_changes_the_ranking(run_page, leicestershire_framework):
    at = run_page(PROVIDERS)
    at.sidebar.multiselect(key="filter_strategic_areas").set_value(["Victims"]).run()

    assert not at.exception
    victims = leicestershire_framework[
        (leicestershire_framework["strategic_area"] == "Victims") & (leicestershire_framework["financial_year"] == "2020/21")
    ]
    assert metric(at, "Named providers in 2020/21") == str(named(victims)["provider"].nunique())
    assert set(bar_totals(chart(at, "providers_ranked"))) <= set(named(leicestershire_framework)["provider"].str.replace("<br>", " "))


def test_a_confirmed_alias_groups_the_two_trust_spellings(run_page, bundled_store, leicestershire_framework):
    engine = make_engine(bundled_store)
    set_alias(engine, "Leicestershire Partnership Trust", "Leicestershire Partnership NHS Trust", user="opcc.analyst")
    assert len(list_aliases(engine)) == 1
    engine.dispose()

    at = run_page(PROVIDERS)

    assert not at.exception
    aliases = table(at, "Spelling in the file")
    assert aliases["Spelling in the file"].tolist() == ["Leicestershire Partnership Trust"]
    both = leicestershire_framework[leicestershire_framework["provider"].str.startswith("Leicestershire Partnership")]
    ranked = table(at, "Rank").set_index("Provider")
    assert ranked.loc["Leicestershire Partnership NHS Trust", "Spend"] == format_gbp(both["amount_gbp"].sum())
    assert "Leicestershire Partnership Trust" not in ranked.index
    # The other misspelling is only suggested, never merged.
    suggestions = table(at, "May be the same as")
    assert "Leicester County Council" in suggestions["Spelling"].tolist()
    assert "Leicester County Council" in ranked.index


def test_choosing_a_provider_lists_its_services_by_year(run_page, leicestershire_framework):
    at = run_page(PROVIDERS)
    at.selectbox(key="providers_profile_choice").set_value("Turning Point").run()

    profile = table(at, "Strategic area").set_index("Service")
    lines = leicestershire_framework[leicestershire_framework["provider"] == "Turning Point"]
    assert set(profile.index) == set(lines["service"])
    for (service, year), amount in lines.groupby(["service", "financial_year"])["amount_gbp"].sum().items():
        assert profile.loc[service, year] == format_gbp(amount)
    sources = table(at, "Provider as written")
    assert set(sources["Row"]) == set(lines["source_row"])


def test_lines_with_no_named_provider_give_a_sentence(run_page):
    at = run_page(PROVIDERS, query={"area": "Leicestershire", "provider": "Various"})

    assert not at.exception
    assert any("no one to rank" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_a_filter_matching_nothing_shows_a_sentence(run_page):
    at = run_page(PROVIDERS, query={"area": "Leicestershire", "provider": "no such provider anywhere"})

    assert not at.exception
    assert any("No spending matches these filters" in info.value for info in at.info)


def test_the_overview_and_this_page_count_the_same_providers_before_and_after_an_alias(
        run_page, bundled_store, leicestershire_framework):
    def counts() -> tuple[str, str]:
        overview = run_page("pages/overview.py", query={"area": "Leicestershire"})
        providers = run_page(PROVIDERS, query={"area": "Leicestershire"})
        assert not overview.exception and not providers.exception
        return metric(overview, "Providers named"), metric(providers, "Named providers in 2020/21")

    in_2020 = leicestershire_framework[(leicestershire_framework["financial_year"] == "2020/21")
                                       & (leicestershire_framework["amount_gbp"] != 0)]
    written = named(in_2020)["provider"].str.strip().nunique()
    assert counts() == (str(written), str(written))

    # Both trust spellings have money in 2020/21, so grouping them leaves one provider fewer.
    assert {"Leicestershire Partnership Trust", "Leicestershire Partnership NHS Trust"} <= set(in_2020["provider"])
    engine = make_engine(bundled_store)
    set_alias(engine, "Leicestershire Partnership Trust", "Leicestershire Partnership NHS Trust", user="opcc.analyst")
    engine.dispose()
    assert counts() == (str(written - 1), str(written - 1))
