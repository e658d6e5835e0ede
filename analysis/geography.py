"""How far each pound reaches: the "geographical reach" text sorted into a handful of levels.

PCC files write reach freely ("LLR", "City", "Leicestershire County and Rutland
(not city)", "East Midlands", "Nationwide"). The level is read from small,
documented word tables rather than guessed, and anything the tables do not
know is "Other" so a reader can see it and the tables can grow.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from analysis.grouping import per_distinct_row, plain_text

REACH_LEVEL = "reach_level"

NATIONAL = "National"
REGIONAL = "Regional"
FORCE_WIDE = "Force-wide"
COUNTY = "County"
CITY = "City"
LOCAL = "District / local"
OTHER = "Other"
NOT_STATED = "Not stated"

# Widest first: the order of the legend and of the stacked bars.
REACH_LEVELS = [NATIONAL, REGIONAL, FORCE_WIDE, COUNTY, CITY, LOCAL, OTHER, NOT_STATED]

# Abbreviations and phrases that mean "the whole police force area". LLR is how
# Leicestershire's OPCC and partners write Leicester, Leicestershire and Rutland,
# the area Leicestershire Police covers.
FORCE_WIDE_ABBREVIATIONS = {
    "llr": "Leicester, Leicestershire and Rutland (Leicestershire Police area)",
}
FORCE_WIDE_PHRASES = ("force wide", "forcewide", "force area", "police area", "pcc area", "whole force")

# Force areas written out in full, per PCC area (normalised text).
FORCE_AREA_NAMES = {
    "Leicestershire": ("leicester leicestershire and rutland", "leicestershire and rutland and leicester"),
    "Derbyshire": ("derby and derbyshire", "derbyshire and derby", "derby city and derbyshire"),
    "Durham": ("county durham and darlington", "durham and darlington"),
    "Essex": ("essex southend and thurrock", "greater essex"),
}

NATIONAL_PHRASES = ("nationwide", "national", "england and wales", "united kingdom", "uk wide", "uk", "england", "wales")

# The nine English regions (as ONS names them) and the Welsh ones PCCs use.
REGION_NAMES = (
    "east midlands", "west midlands", "north east", "north west", "yorkshire and the humber",
    "yorkshire and humber", "east of england", "south east", "south west", "london",
    "north wales", "south wales", "regional", "region",
)

# County words. "Leicester and Leicestershire" (the ceremonial county, city
# included) and "Essex (Countywide)" are county reach; counties whose names do
# not end in -shire are listed.
COUNTY_WORDS = ("county", "countywide", "county wide", "shire")
COUNTY_NAMES = (
    "rutland", "durham", "essex", "kent", "surrey", "norfolk", "suffolk", "cumbria", "devon",
    "cornwall", "dorset", "somerset", "northumberland", "merseyside", "avon",
)
CITY_WORDS = ("city",)
LOCAL_WORDS = ("district", "districts", "borough", "boroughs", "ward", "wards", "town", "parish", "neighbourhood", "locality", "local")


def _normalise(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("-", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@functools.cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    # One alternation per word table, compiled once: a national store's 500
    # reaches would otherwise run 50,000 searches, each escaping its phrase.
    return re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in phrases) + r")\b")


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return _phrase_pattern(phrases).search(text) is not None


def classify_reach(reach: str | None, area: str | None = None) -> str:
    """The level of one geographical-reach text, for a line of the given PCC area."""
    text = _normalise(reach or "")
    if not text:
        return NOT_STATED
    words = set(text.split())
    if words & set(FORCE_WIDE_ABBREVIATIONS) or _has_phrase(text, FORCE_WIDE_PHRASES):
        return FORCE_WIDE
    if isinstance(area, str) and area and (text in FORCE_AREA_NAMES.get(area, ()) or text == _normalise(area)):
        # The reach is the PCC's own area ("Thames Valley" for Thames Valley): the whole force.
        return FORCE_WIDE
    # Regions before nations: "East of England" is a region, not England.
    if _has_phrase(text, REGION_NAMES):
        return REGIONAL
    if _has_phrase(text, NATIONAL_PHRASES):
        return NATIONAL
    # "County"/"-shire" outrank "city" ("Leicestershire County and Rutland (not
    # city)"), but "city" outranks a bare county name ("Durham City").
    if _has_phrase(text, COUNTY_WORDS) or any(word.endswith("shire") for word in words):
        return COUNTY
    if _has_phrase(text, CITY_WORDS):
        return CITY
    if _has_phrase(text, COUNTY_NAMES):
        return COUNTY
    if _has_phrase(text, LOCAL_WORDS):
        return LOCAL
    return OTHER


def add_reach_level(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame plus `reach_level`, an ordered categorical of REACH_LEVELS (widest first)."""
    # Classified once per distinct (reach, area): a national store repeats
    # about 500 pairs, and each classification runs dozens of regexes.
    def levels(pairs: pd.DataFrame) -> dict[str, list[str]]:
        return {REACH_LEVEL: [classify_reach(reach, area) for reach, area in zip(pairs["geography"], pairs["area"])]}

    return frame.assign(**per_distinct_row(frame, ["geography", "area"], levels, categories=REACH_LEVELS))


def spend_by_level(frame: pd.DataFrame) -> pd.DataFrame:
    """Spend per financial year and reach level (levels with no spend left out)."""
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    summary = (
        classified.groupby(["financial_year", REACH_LEVEL], observed=True)["amount_gbp"]
        .sum()
        .reset_index()
    )
    summary = plain_text(summary)
    summary[REACH_LEVEL] = summary[REACH_LEVEL].astype(str)
    return summary.sort_values(
        ["financial_year", REACH_LEVEL], key=_level_order_key, ignore_index=True
    )


def spend_by_reach(frame: pd.DataFrame) -> pd.DataFrame:
    """Spend per financial year and reach as written, with its level and how many lines."""
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    summary = (
        classified.assign(geography=classified["geography"].astype(str).fillna("").str.strip())
        .groupby(["financial_year", REACH_LEVEL, "geography"], observed=True)
        .agg(amount_gbp=("amount_gbp", "sum"), lines=("source_row", "size"))
        .reset_index()
    )
    summary = plain_text(summary)
    summary[REACH_LEVEL] = summary[REACH_LEVEL].astype(str)
    summary["geography"] = summary["geography"].replace("", "(not stated)")
    return summary.sort_values(
        ["financial_year", REACH_LEVEL, "amount_gbp"], key=_level_order_key,
        ascending=[True, True, False], ignore_index=True,
    )


def _level_order_key(column: pd.Series) -> pd.Series:
    if column.name == REACH_LEVEL:
        return column.map({level: position for position, level in enumerate(REACH_LEVELS)})
    return column


@dataclass(frozen=True)
class WidestReach:
    """The reach level that took the most of a year's spend (the Geography page's headline)."""

    year: str
    level: str
    amount_gbp: float
    share: float  # of the year's spend, 0 to 1


def largest_reach(frame: pd.DataFrame, year: str) -> WidestReach | None:
    """The level with the most spend in `year`; None when the year has no spend."""
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    in_year = classified[classified["financial_year"] == year]
    year_total = in_year["amount_gbp"].sum()
    level_totals = in_year.groupby(REACH_LEVEL, observed=True)["amount_gbp"].sum()
    if level_totals.empty or not year_total:
        return None
    widest = level_totals.idxmax()
    return WidestReach(year=year, level=str(widest), amount_gbp=float(level_totals[widest]),
                       share=float(level_totals[widest] / year_total))


@dataclass(frozen=True)
class ReachPanels:
    """One panel per year, a bar per reach level stacked by strategic area, and each bar's total."""

    years: list[str]
    levels: list[str]  # those with lines, widest first
    strategic_areas: list[str]
    by_level_area: pd.Series  # (financial_year, reach_level, strategic_area) -> amount
    by_level: pd.Series  # (financial_year, reach_level) -> amount


def reach_panels(frame: pd.DataFrame) -> ReachPanels:
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    present = set(classified[REACH_LEVEL].unique())  # not astype(str): that spells out every line
    return ReachPanels(
        years=sorted(classified["financial_year"].unique()),
        levels=[level for level in REACH_LEVELS if level in present],
        strategic_areas=sorted(classified["strategic_area"].unique()),
        by_level_area=classified.groupby(["financial_year", REACH_LEVEL, "strategic_area"],
                                         observed=True)["amount_gbp"].sum(),
        by_level=classified.groupby(["financial_year", REACH_LEVEL], observed=True)["amount_gbp"].sum(),
    )


def level_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per reach level with lines (widest first) and a Total row; a column of spend per year, NaN where none."""
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    years = sorted(classified["financial_year"].unique())
    present = set(classified[REACH_LEVEL].unique())
    by_level = spend_by_level(classified)
    table = by_level.pivot(index=REACH_LEVEL, columns="financial_year", values="amount_gbp").reindex(
        index=[level for level in REACH_LEVELS if level in present], columns=years)
    table.loc["Total"] = [classified.loc[classified["financial_year"] == year, "amount_gbp"].sum() for year in years]
    table.columns.name = None
    return table.rename_axis(REACH_LEVEL)


def reach_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Reach as written: level, geography, lines over every year, and a column of spend per year (NaN where none)."""
    classified = frame if REACH_LEVEL in frame else add_reach_level(frame)
    years = sorted(classified["financial_year"].unique())
    by_reach = spend_by_reach(classified)
    table = by_reach.pivot_table(index=[REACH_LEVEL, "geography"], columns="financial_year",
                                 values="amount_gbp", aggfunc="sum").reindex(columns=years)
    lines = by_reach.groupby([REACH_LEVEL, "geography"])["lines"].sum()
    table = table.reset_index()
    table.insert(2, "lines", [int(lines[(level, text)]) for level, text in zip(table[REACH_LEVEL], table["geography"])])
    table["_order"] = table[REACH_LEVEL].map({level: i for i, level in enumerate(REACH_LEVELS)})
    table = table.sort_values(["_order", "geography"]).drop(columns="_order").reset_index(drop=True)
    table.columns.name = None
    return table
