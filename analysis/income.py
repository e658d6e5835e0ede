"""Money in beside money committed: funding received, and caps, which are never spend.

A funding_received dataset holds what a PCC was given to commission with (Durham's
2015-16 streams: the Community Safety Grant, and the Ministry of Justice's victims'
services and restorative justice money). analysis.selection never adds it to a
spend total; here it is set beside the spend counted for the same area and year.
The difference is funding the stored spend does not account for: it is not
"unspent money", since a PCC's published decisions rarely cover all it commissions.

Every function takes the marked lines (analysis.selection.mark_counted) and
optional areas and years (empty: all), and returns plain text columns.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.grouping import group_sum, plain_text
from analysis.money import format_gbp
from analysis.selection import counted_rows

FUNDING_KIND = "funding_received"
CAP_KIND = "cap"

STREAM_COLUMNS = ["area", "financial_year", "stream", "funder", "amount_gbp", "dataset_id", "dataset_name"]
BESIDE_COLUMNS = ["area", "financial_year", "funding_received_gbp", "committed_gbp", "difference_gbp"]
CAP_COLUMNS = ["area", "financial_year", "service", "amount_gbp", "dataset_name"]


def _in_view(marked: pd.DataFrame, areas: Sequence[str], years: Sequence[str]) -> pd.DataFrame:
    keep = pd.Series(True, index=marked.index)
    if areas:
        keep &= marked["area"].isin(areas)
    if years:
        keep &= marked["financial_year"].isin(years)
    return marked.loc[keep]


def funding_streams(marked: pd.DataFrame, *, areas: Sequence[str] = (), years: Sequence[str] = ()) -> pd.DataFrame:
    """One row per stream of funding received: area, financial_year, stream, funder, amount_gbp, dataset.

    The funder is the line's funding partner as the file names it ("Ministry of
    Justice"), "" where the document names none. A stream whose amount is not set
    (Durham's D, printed "TBD") has no line, so it is absent here, never £0.
    The scenario planner may take its envelope from these rows.
    """
    # The kind first: a handful of lines among a national store's 100,000.
    lines = _in_view(marked.loc[marked["dataset_kind"].eq(FUNDING_KIND)], areas, years)
    streams = plain_text(lines[["area", "financial_year", "service", "funding_partners", "amount_gbp",
                                "dataset_id", "dataset_name"]])
    streams = streams.rename(columns={"service": "stream", "funding_partners": "funder"})
    streams["funder"] = streams["funder"].fillna("").astype("str").str.strip()
    return streams[STREAM_COLUMNS].sort_values(["area", "financial_year", "stream"]).reset_index(drop=True)


def income_against_spend(marked: pd.DataFrame, *, areas: Sequence[str] = (),
                         years: Sequence[str] = ()) -> pd.DataFrame:
    """Per area and year holding both: funding received, spend committed (counted lines) and the difference.

    difference_gbp = funding_received_gbp - committed_gbp: positive where the
    stored spend accounts for less than the funding, negative where it exceeds it.
    """
    received = group_sum(_in_view(marked.loc[marked["dataset_kind"].eq(FUNDING_KIND)], areas, years),
                         ["area", "financial_year"])
    # Spend only where there is funding to set it against (the join below keeps no other).
    funded = _in_view(marked, sorted(set(received["area"])), years) if len(received) else marked.iloc[:0]
    committed = group_sum(counted_rows(funded), ["area", "financial_year"])
    both = received.rename(columns={"amount_gbp": "funding_received_gbp"}).merge(
        committed.rename(columns={"amount_gbp": "committed_gbp"}), on=["area", "financial_year"], how="inner")
    both["difference_gbp"] = both["funding_received_gbp"] - both["committed_gbp"]
    return both[BESIDE_COLUMNS].sort_values(["area", "financial_year"]).reset_index(drop=True)


def funding_without_spend(marked: pd.DataFrame, *, areas: Sequence[str] = (),
                          years: Sequence[str] = ()) -> list[str]:
    """'Durham 2016/17' for each area and year with funding received but no spend counted, to say so."""
    streams = funding_streams(marked, areas=areas, years=years)
    compared = income_against_spend(marked, areas=areas, years=years)
    held = set(zip(compared["area"], compared["financial_year"]))
    pairs = sorted(set(zip(streams["area"], streams["financial_year"])) - held)
    return [f"{area} {year}" for area, year in pairs]


def caps(marked: pd.DataFrame, *, areas: Sequence[str] = (), years: Sequence[str] = ()) -> pd.DataFrame:
    """The cap lines (the most a PCC agreed to pay), one per area, year and service, never summed."""
    lines = _in_view(marked.loc[marked["dataset_kind"].eq(CAP_KIND)], areas, years)[CAP_COLUMNS]
    return plain_text(lines).sort_values(["area", "financial_year", "service"]).reset_index(drop=True)


def income_table(beside: pd.DataFrame) -> pd.DataFrame:
    """income_against_spend's rows as the Overview shows them, £ to the pound."""
    return pd.DataFrame({
        "Area": beside["area"],
        "Year": beside["financial_year"],
        "Funding received": beside["funding_received_gbp"].map(format_gbp),
        "Spend committed": beside["committed_gbp"].map(format_gbp),
        "Difference": beside["difference_gbp"].map(_signed_gbp),
    })


def streams_table(streams: pd.DataFrame) -> pd.DataFrame:
    """funding_streams' rows for a table: a funder the document does not name says so."""
    return pd.DataFrame({
        "Area": streams["area"],
        "Year": streams["financial_year"],
        "Funding stream": streams["stream"],
        "Funder": streams["funder"].where(streams["funder"].ne(""), "Not named in the source"),
        "Amount": streams["amount_gbp"].map(format_gbp),
    })


def caps_table(listed: pd.DataFrame) -> pd.DataFrame:
    """caps' rows for a table, each amount said to be a ceiling."""
    return pd.DataFrame({
        "Area": listed["area"],
        "Year": listed["financial_year"],
        "What for": listed["service"],
        "Up to": listed["amount_gbp"].map(format_gbp),
        "From": listed["dataset_name"],
    })


def _signed_gbp(value: float) -> str:
    return ("+" if value > 0 else "") + format_gbp(value)
