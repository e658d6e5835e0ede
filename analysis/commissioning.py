"""How the money is commissioned: procured, granted or paid as a statutory contribution, alone or with partners.

The loaders already settle each line's commissioning type into one of six
labels; co-funders arrive as the free text that sat in brackets after
"jointly funded" ("the City and County councils", "Essex County Council
£1,632,000, Southend-on-Sea Borough Council £25,000, ..."). This module splits
that text into bodies a panel member would recognise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.grouping import group_sum, items_per_line, per_distinct_row, plain_text
from analysis.shares import percentages
from loaders.schema import COMMISSIONING_TYPES

PROCURED = "Procured"
GRANT = "Grant funding"
STATUTORY = "Statutory contribution"
NOT_APPLICABLE = "Not applicable"
OTHER = "Other"
FUNDING_ROUTES = [PROCURED, GRANT, STATUTORY, NOT_APPLICABLE, OTHER]

SOLE = "Sole funded"
JOINT = "Jointly funded"
NOT_SPECIFIED = "Not stated"
FUNDING_BASES = [SOLE, JOINT, NOT_SPECIFIED]

_ROUTE_OF_TYPE = {
    "Procured – sole funded": PROCURED,
    "Procured – jointly funded": PROCURED,
    "Grant funding": GRANT,
    "Statutory contribution": STATUTORY,
    "Not applicable": NOT_APPLICABLE,
    "Other": OTHER,
}

# "£1,632,000", "£451k", "£2.125m", "£ 25,000" — a stated contribution, not part of a name.
_AMOUNT = re.compile(
    r"£\s?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?(?P<unit>m|k|bn|million|thousand)\b)?", re.IGNORECASE
)
_UNIT_FACTORS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}

# "and" inside these names joins words of one body's name, not two bodies.
_PROTECTED_AND = (
    "police and crime", "fire and rescue", "health and social care", "health and care", "crime and disorder",
    "safety and justice", "leicester leicestershire and rutland", "yorkshire and the humber",
    "england and wales", "youth and community",
)

# Plural nouns that let "the City and County councils" stand for two councils.
_SHARED_PLURALS = {
    "councils": "council", "authorities": "authority", "boards": "board",
    "trusts": "trust", "partnerships": "partnership", "pccs": "PCC", "ccgs": "CCG",
}


@dataclass(frozen=True)
class CoFunder:
    name: str
    stated_amount_gbp: float | None = None


def funding_route(commissioning_type: str) -> str:
    return _ROUTE_OF_TYPE.get(commissioning_type, OTHER)


def funding_basis(commissioning_type: str, funding_partners: str | None = "") -> str:
    """Sole or jointly funded; a named co-funder makes any line joint."""
    if commissioning_type == "Procured – jointly funded" or (funding_partners or "").strip():
        return JOINT
    if commissioning_type == "Procured – sole funded":
        return SOLE
    return NOT_SPECIFIED


def add_funding_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame plus funding_route and funding_basis; categorical when the commissioning types are.

    Worked out once per distinct (type, partners) pair: a national store
    repeats a dozen pairs over 100,000 lines.
    """
    if frame.empty:  # the columns' dtypes as they always were: text, and pandas' float64 for an empty list
        return frame.assign(funding_route=frame["commissioning_type"].astype("str").map(funding_route),
                            funding_basis=[])

    def routes_and_bases(pairs: pd.DataFrame) -> dict[str, list[str]]:
        return {
            "funding_route": [funding_route(kind) for kind in pairs["commissioning_type"]],
            "funding_basis": [funding_basis(kind, partners)
                              for kind, partners in zip(pairs["commissioning_type"], pairs["funding_partners"].fillna(""))],
        }

    return frame.assign(**per_distinct_row(frame, ["commissioning_type", "funding_partners"], routes_and_bases))


_FUNDING_INPUTS = ["financial_year", "commissioning_type", "funding_partners", "amount_gbp"]


def _shares_per_year(frame: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    columns = ["financial_year", column, "amount_gbp", "share"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    summary = group_sum(frame, ["financial_year", column])
    year_totals = summary.groupby("financial_year")["amount_gbp"].transform("sum")
    summary["share"] = (summary["amount_gbp"] / year_totals).where(year_totals != 0)
    rank = {label: position for position, label in enumerate(order)}
    summary = summary.sort_values(
        ["financial_year", column],
        key=lambda values: values.map(lambda label: rank.get(label, len(rank))) if values.name == column else values,
        ignore_index=True,
    )
    return summary[columns]


def route_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Procured vs grant vs statutory contribution, per year."""
    return _shares_per_year(add_funding_columns(frame), "funding_route", FUNDING_ROUTES)


def basis_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Sole vs jointly funded, per year."""
    return _shares_per_year(add_funding_columns(frame), "funding_basis", FUNDING_BASES)


def _stated_amount(text: str) -> float | None:
    match = _AMOUNT.search(text)
    if not match:
        return None
    value = float(match["number"].replace(",", ""))
    unit = (match["unit"] or "").lower()
    return value * _UNIT_FACTORS.get(unit, 1.0)


def _tidy_name(text: str) -> str:
    text = _AMOUNT.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" .:-–()")
    text = re.sub(r"^(the|and|with|from)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:] if text else text


def _hide_and(match: re.Match) -> str:
    return re.sub(r"\s+(and|&)\s+", lambda joiner: f"\x00{joiner.group(1)}\x00", match.group(0))


def _split_on_and(part: str) -> list[str]:
    guarded = part
    for phrase in _PROTECTED_AND:
        pattern = r"\s+(?:and|&)\s+".join(re.escape(word) for word in phrase.split(" and "))
        guarded = re.sub(pattern, _hide_and, guarded, flags=re.IGNORECASE)
    return [re.sub("\x00(and|&)\x00", r" \1 ", piece) for piece in re.split(r"\s+(?:and|&)\s+", guarded)]


def _share_plural(pieces: list[str]) -> list[str]:
    """'City' + 'County councils' -> 'City council' + 'County council'.

    Only the run of one-word pieces just before the plural shares its noun, so
    "NHS England, the City and County councils" keeps NHS England whole.
    """
    if len(pieces) < 2:
        return pieces
    bare = [re.sub(r"^the\s+", "", piece.strip(), flags=re.IGNORECASE) for piece in pieces]
    last_words = bare[-1].split()
    singular = _SHARED_PLURALS.get(last_words[-1].lower()) if len(last_words) == 2 else None
    if singular is None:
        return pieces
    first = len(bare) - 1
    while first > 0 and len(bare[first - 1].split()) == 1:
        first -= 1
    if first == len(bare) - 1:
        return pieces
    shared = [f"{qualifier} {singular}" for qualifier in [*bare[first:-1], last_words[0]]]
    return [*pieces[:first], *shared]


def parse_co_funders(funding_partners: str | None) -> list[CoFunder]:
    """The bodies named in a funding-partners cell, each with the amount stated beside it, if any."""
    text = (funding_partners or "").strip()
    if not text:
        return []
    # Commas inside "£1,632,000" are not separators: take amounts out first, remembering where they were.
    placeholders: list[str] = []

    def hold(match: re.Match) -> str:
        placeholders.append(match.group(0))
        return f"\x01{len(placeholders) - 1}\x01"

    held = _AMOUNT.sub(hold, text)
    pieces = [piece for part in re.split(r"[,;]", held) for piece in _split_on_and(part.strip()) if piece.strip()]
    co_funders = []
    for piece in _share_plural(pieces):
        restored = re.sub(r"\x01(\d+)\x01", lambda m: placeholders[int(m.group(1))], piece)
        name = _tidy_name(restored)
        if name:
            co_funders.append(CoFunder(name=name, stated_amount_gbp=_stated_amount(restored)))
    return co_funders


def co_funder_lines(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (line, co-funder): a line with two co-funders appears twice, once under each."""
    columns = [
        "co_funder", "stated_amount_gbp", "area", "strategic_area", "service", "provider",
        "financial_year", "amount_gbp", "source_file", "source_sheet", "source_row",
    ]
    line, co_funders = items_per_line(frame["funding_partners"], parse_co_funders)
    if not len(line):
        return pd.DataFrame(columns=columns)
    names = [co_funder.name for co_funder in co_funders]
    amounts = [co_funder.stated_amount_gbp for co_funder in co_funders]
    lines = plain_text(frame.iloc[line][columns[2:]]).reset_index(drop=True)
    lines.insert(0, "stated_amount_gbp", pd.Series(amounts))
    lines.insert(0, "co_funder", pd.Series(names))
    return lines


@dataclass(frozen=True)
class RouteShares:
    """The Commissioning page's headline: shares (0 to 1) of one year's spend, None when the year has none."""

    year: str
    procured: float | None
    grant: float | None
    statutory: float | None
    jointly_funded: float | None
    # Every route with spend in the year, as whole percentages of the year's one total
    # that add up to exactly 100 (analysis.shares); jointly funded cuts across them.
    route_percentages: dict[str, float]
    total_gbp: float


def route_headline(frame: pd.DataFrame, year: str) -> RouteShares:
    # A year's shares are of its own lines alone: only they are sorted into routes, once for both tables.
    in_year_lines = add_funding_columns(frame.loc[frame["financial_year"].eq(year), _FUNDING_INPUTS])
    routes = _shares_per_year(in_year_lines, "funding_route", FUNDING_ROUTES)
    bases = _shares_per_year(in_year_lines, "funding_basis", FUNDING_BASES)
    in_year = routes.loc[routes["financial_year"].eq(year) & routes["amount_gbp"].ne(0)]
    shown = dict(zip(in_year["funding_route"], percentages(in_year["amount_gbp"].tolist())))

    def share(table: pd.DataFrame, column: str, label: str) -> float | None:
        match = table[(table["financial_year"] == year) & (table[column] == label)]
        return float(match["share"].iloc[0]) if not match.empty else 0.0

    return RouteShares(year=year, procured=share(routes, "funding_route", PROCURED),
                       grant=share(routes, "funding_route", GRANT),
                       statutory=share(routes, "funding_route", STATUTORY),
                       jointly_funded=share(bases, "funding_basis", JOINT),
                       route_percentages=shown, total_gbp=float(in_year["amount_gbp"].sum()))


@dataclass(frozen=True)
class TypePanels:
    """One panel per commissioning type present: years along the bottom, bars stacked by strategic area."""

    types: list[str]
    years: list[str]
    strategic_areas: list[str]
    amounts: pd.Series  # (commissioning_type, financial_year, strategic_area) -> amount
    bar_totals: list[float]  # each (type, year) bar's height, for the shared money axis


def type_panels(frame: pd.DataFrame) -> TypePanels:
    present = set(frame["commissioning_type"].unique())  # not set() of the column: that walks every line
    by_type = group_sum(frame, ["commissioning_type", "financial_year", "strategic_area"]).set_index(
        ["commissioning_type", "financial_year", "strategic_area"])["amount_gbp"]
    return TypePanels(
        types=[kind for kind in COMMISSIONING_TYPES if kind in present],
        years=sorted(frame["financial_year"].unique()),
        strategic_areas=sorted(frame["strategic_area"].unique()),
        amounts=by_type,
        bar_totals=by_type.groupby(level=[0, 1]).sum().tolist(),
    )


@dataclass(frozen=True)
class ShareTable:
    """One row per route (or basis) in `order`, one column per year: amounts and shares, NaN where none."""

    amounts: pd.DataFrame
    shares: pd.DataFrame
    # The shares as whole percentages of each year's total, adding to exactly 100 a year.
    percentages: pd.DataFrame


def share_table(summary: pd.DataFrame, column: str, order: list[str]) -> ShareTable:
    """route_shares' or basis_shares' rows laid out as a table."""
    years = sorted(summary["financial_year"].unique())
    amounts = summary.pivot_table(index=column, columns="financial_year", values="amount_gbp", aggfunc="sum")
    shares = summary.pivot_table(index=column, columns="financial_year", values="share", aggfunc="sum")
    labels = [label for label in order if label in amounts.index]
    amounts = amounts.reindex(index=labels, columns=years)
    percent = pd.DataFrame(index=amounts.index, columns=amounts.columns, dtype="float64")
    for year in years:
        present = amounts[year].dropna()
        percent.loc[present.index, year] = percentages(present.tolist())
    return ShareTable(amounts=amounts, shares=shares.reindex(index=labels, columns=years), percentages=percent)


@dataclass(frozen=True)
class CoFunderBars:
    """PCC spend on the lines each partner co-funds, per strategic area; labels carry the area when several."""

    lines: pd.DataFrame  # co_funder_lines plus `label`
    order: list[str]  # labels, the most PCC spend first
    totals: pd.Series  # label -> PCC spend on its lines
    by_area: pd.Series  # (label, strategic_area) -> PCC spend
    stated: pd.Series  # label -> the partner's own stated contribution, where the file gives one
    strategic_areas: list[str]


def co_funder_bars(frame: pd.DataFrame) -> CoFunderBars | None:
    """None when no line names a co-funder. A line with two partners counts under both."""
    lines = co_funder_lines(frame)
    if lines.empty:
        return None
    several_areas = lines["area"].nunique() > 1
    lines = lines.assign(label=lines["co_funder"] + (" (" + lines["area"] + ")" if several_areas else ""))
    totals = lines.groupby("label")["amount_gbp"].sum().sort_values(ascending=False)
    return CoFunderBars(
        lines=lines, order=list(totals.index), totals=totals,
        by_area=lines.groupby(["label", "strategic_area"])["amount_gbp"].sum(),
        stated=lines.dropna(subset=["stated_amount_gbp"]).groupby("label")["stated_amount_gbp"].first(),
        strategic_areas=sorted(lines["strategic_area"].unique()),
    )
