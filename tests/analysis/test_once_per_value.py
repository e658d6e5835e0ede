"""Geography, Providers and Commissioning figures worked out once per distinct value, against the line-by-line way.

On a national store these pages spent seconds running regexes and string
functions on each of 100,000 lines that repeat a few hundred texts. Each
faster function is compared, exactly, with the straightforward computation
it replaced, on the bundled data held three ways: as text, as categoricals
with sorted categories (as the store gives them) and with shuffled categories
and missing values (as other callers may).
"""
from __future__ import annotations

import difflib
import itertools

import pandas as pd
import pytest

from analysis import commissioning, geography, providers
from analysis.grouping import plain_text
from tests.analysis.categorical_forms import FORMS, in_form

TEXT = ["area", "strategic_area", "service", "provider", "commissioning_type", "funding_partners", "geography",
        "financial_year"]
# Not reaches or funding partners: classify_reach and parse_co_funders
# themselves fail on a missing one, so there is nothing to compare.
GAPS = ["area", "strategic_area", "service", "provider", "commissioning_type"]


@pytest.fixture(scope="module", params=FORMS)
def lines(request, bundled) -> pd.DataFrame:
    return in_form(bundled, request.param, TEXT, GAPS)


# --- geography ---------------------------------------------------------------------------------

def reference_add_reach_level(rows: pd.DataFrame) -> pd.DataFrame:
    levels = [geography.classify_reach(reach, area) for reach, area in zip(rows["geography"], rows["area"])]
    return rows.assign(**{geography.REACH_LEVEL: pd.Categorical(levels, categories=geography.REACH_LEVELS,
                                                                ordered=True)})


def test_reach_levels_as_line_by_line(lines):
    for rows in (lines, lines.iloc[::3], lines.iloc[:0]):
        pd.testing.assert_frame_equal(geography.add_reach_level(rows), reference_add_reach_level(rows))


# --- providers ---------------------------------------------------------------------------------

# A confirmed alias, a chain, an alias of an unnamed cell, and one naming nothing in the data.
ALIASES = {
    "Leicestershire Partnership Trust": "Leicestershire Partnership NHS Trust",
    "Victim First": "Victim First (Leicestershire)",
    "Various": "Various providers",
    "Nobody at all": "Someone",
}


def reference_apply_aliases(frame: pd.DataFrame, aliases) -> pd.DataFrame:
    mapping = providers.alias_mapping(aliases)
    written = frame["provider"].astype(str).fillna("").str.strip()
    grouped = written.map(lambda name: providers.resolve_alias(name, mapping) if mapping else name)
    grouped = grouped.where(~grouped.map(providers.is_unnamed_provider), providers.UNNAMED_PROVIDER)
    return frame.assign(**{providers.PROVIDER_GROUP: grouped})


def reference_aliases_in_use(frame: pd.DataFrame, aliases) -> pd.DataFrame:
    mapping = providers.alias_mapping(aliases)
    columns = ["alias", "canonical_name", "lines", "amount_gbp"]
    if not mapping or frame.empty:
        return pd.DataFrame(columns=columns)
    written = frame.assign(alias=frame["provider"].astype(str).fillna("").str.strip())
    used = written[written["alias"].isin(list(mapping))]
    if used.empty:
        return pd.DataFrame(columns=columns)
    summary = used.groupby("alias", sort=True).agg(lines=("source_row", "size"), amount_gbp=("amount_gbp", "sum"))
    summary = summary.reset_index()
    summary.insert(1, "canonical_name", summary["alias"].map(lambda name: providers.resolve_alias(name, mapping)))
    return summary[columns]


def reference_suggest_aliases(frame: pd.DataFrame, aliases, threshold: float) -> pd.DataFrame:
    """Every pair of spellings compared with a fresh SequenceMatcher."""
    columns = ["alias", "canonical_name", "similarity", "alias_lines", "canonical_lines"]
    mapping = providers.alias_mapping(aliases)
    line_counts = frame["provider"].astype(str).fillna("").str.strip().value_counts()
    candidates = sorted(
        name for name in line_counts.index
        if not providers.is_unnamed_provider(name) and not providers.is_joint_provider(name) and name not in mapping
    )
    suggestions = []
    for first, second in itertools.combinations(candidates, 2):
        if providers.resolve_alias(first, mapping) == providers.resolve_alias(second, mapping):
            continue
        if (providers._tiers(providers.normalise_provider_name(first))
                != providers._tiers(providers.normalise_provider_name(second))):
            continue
        similarity = difflib.SequenceMatcher(
            None, providers.normalise_provider_name(first), providers.normalise_provider_name(second)).ratio()
        if similarity < threshold:
            continue
        canonical, alias = sorted((first, second), key=lambda name: (-len(name), -line_counts[name], name))
        suggestions.append((alias, canonical, round(similarity, 3), int(line_counts[alias]), int(line_counts[canonical])))
    result = pd.DataFrame(suggestions, columns=columns)
    return result.sort_values(["similarity", "alias"], ascending=[False, True], ignore_index=True)


def reference_rank_providers(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["rank", providers.PROVIDER_GROUP, "amount_gbp", "share", "services", "lines", "years"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    total = frame["amount_gbp"].sum()
    named = plain_text(frame[frame[providers.PROVIDER_GROUP] != providers.UNNAMED_PROVIDER])
    if named.empty:
        return pd.DataFrame(columns=columns)
    ranked = (
        named.groupby(providers.PROVIDER_GROUP, sort=False)
        .agg(amount_gbp=("amount_gbp", "sum"), services=("service", "nunique"), lines=("source_row", "size"),
             years=("financial_year", providers.years_funded))
        .reset_index()
        .sort_values(["amount_gbp", providers.PROVIDER_GROUP], ascending=[False, True], ignore_index=True)
    )
    ranked["share"] = ranked["amount_gbp"] / total if total else float("nan")
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked[columns]


def reference_provider_spend_by_area(frame: pd.DataFrame, names=None) -> pd.DataFrame:
    subset = plain_text(frame[frame[providers.PROVIDER_GROUP] != providers.UNNAMED_PROVIDER])
    if names is not None:
        subset = subset[subset[providers.PROVIDER_GROUP].isin(list(names))]
    return subset.groupby([providers.PROVIDER_GROUP, "strategic_area"], sort=True)["amount_gbp"].sum().reset_index()


def _views(lines: pd.DataFrame) -> list[pd.DataFrame]:
    """Every line, one year, every third line, one PCC area and none."""
    return [lines, lines.loc[lines["financial_year"].eq("2020/21")], lines.iloc[::3],
            lines.loc[lines["area"].eq("Leicestershire")], lines.iloc[:0]]


def _assert_same(got, expected, text_input: bool) -> None:
    pd.testing.assert_frame_equal(plain_text(got), plain_text(expected))
    if text_input:  # text in, exactly what it always gave out
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("aliases", [None, ALIASES, tuple(ALIASES.items())], ids=["none", "mapping", "pairs"])
def test_provider_figures_as_line_by_line(lines, aliases):
    text_input = not isinstance(lines["provider"].dtype, pd.CategoricalDtype)
    for rows in _views(lines):
        grouped, expected = providers.apply_aliases(rows, aliases), reference_apply_aliases(rows, aliases)
        _assert_same(grouped, expected, text_input)
        _assert_same(providers.aliases_in_use(rows, aliases), reference_aliases_in_use(rows, aliases), text_input)
        pd.testing.assert_frame_equal(providers.rank_providers(grouped), reference_rank_providers(expected))
        top = reference_rank_providers(expected)[providers.PROVIDER_GROUP].head(8)
        for names in (None, top):
            pd.testing.assert_frame_equal(providers.provider_spend_by_area(grouped, names),
                                          reference_provider_spend_by_area(expected, names))
    if aliases:  # the aliases do move lines here
        assert {"Leicestershire Partnership Trust", "Various"} <= set(reference_aliases_in_use(lines, aliases)["alias"])


@pytest.mark.parametrize("threshold", [providers.DEFAULT_SIMILARITY, 0.6])
def test_suggested_aliases_as_comparing_every_pair(lines, threshold):
    for aliases in (None, ALIASES):
        for rows in (lines, lines.loc[lines["area"].eq("Leicestershire")], lines.iloc[:0]):
            expected = reference_suggest_aliases(rows, aliases, threshold)
            # Every pair: the bundled providers' groups of lookalikes are all within PAIRS_PER_GROUP.
            got = providers.suggest_aliases(rows, aliases, threshold=threshold)
            pd.testing.assert_frame_equal(got[list(expected.columns)], expected)
    assert len(reference_suggest_aliases(lines, None, threshold)) > 0


# --- commissioning -----------------------------------------------------------------------------

def reference_add_funding_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        funding_route=frame["commissioning_type"].astype("str").map(commissioning.funding_route),
        funding_basis=[
            commissioning.funding_basis(kind, partners)
            for kind, partners in zip(frame["commissioning_type"], frame["funding_partners"].astype("str").fillna(""))
        ],
    )


def reference_shares_per_year(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    columns = ["financial_year", column, "amount_gbp", "share"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    summary = plain_text(frame).groupby(["financial_year", column], sort=True)["amount_gbp"].sum().reset_index()
    year_totals = summary.groupby("financial_year")["amount_gbp"].transform("sum")
    summary["share"] = (summary["amount_gbp"] / year_totals).where(year_totals != 0)
    rank = {label: position for position, label in enumerate(order)}
    summary = summary.sort_values(
        ["financial_year", column],
        key=lambda values: values.map(lambda label: rank.get(label, len(rank))) if values.name == column else values,
        ignore_index=True,
    )
    return summary[columns]


def reference_co_funder_lines(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "co_funder", "stated_amount_gbp", "area", "strategic_area", "service", "provider",
        "financial_year", "amount_gbp", "source_file", "source_sheet", "source_row",
    ]
    rows = []
    for record in frame.itertuples(index=False):
        for co_funder in commissioning.parse_co_funders(record.funding_partners):
            rows.append({"co_funder": co_funder.name, "stated_amount_gbp": co_funder.stated_amount_gbp,
                         **{column: getattr(record, column) for column in columns[2:]}})
    return pd.DataFrame(rows, columns=columns)


def test_commissioning_figures_as_line_by_line(lines):
    text_input = not isinstance(lines["commissioning_type"].dtype, pd.CategoricalDtype)
    for rows in _views(lines):
        funded, expected = commissioning.add_funding_columns(rows), reference_add_funding_columns(rows)
        _assert_same(funded, expected, text_input)
        for shares, column, order in [
            (commissioning.route_shares, "funding_route", commissioning.FUNDING_ROUTES),
            (commissioning.basis_shares, "funding_basis", commissioning.FUNDING_BASES),
        ]:
            pd.testing.assert_frame_equal(shares(rows), reference_shares_per_year(expected, column, order))
        pd.testing.assert_frame_equal(commissioning.co_funder_lines(rows), reference_co_funder_lines(rows))
    assert commissioning.co_funder_lines(lines)["stated_amount_gbp"].notna().any()  # Essex states amounts
