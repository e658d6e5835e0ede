"""Which spend lines count toward totals, so no pound is counted twice.

A PCC publishes its whole commissioning framework, and separately decisions
that spend part of one framework line (Leicestershire's emergent issues table
spends the framework's "Emergent issues" line). Adding both would count the
money twice. So, per area and financial year:

- the most recently uploaded current framework covering that area-year counts;
  an older framework for the same year is set aside;
- where no framework covers the area-year, decision datasets count;
- an allocation never adds to totals: it is shown, never summed;
- nor does a cap (the most a PCC agreed to pay, as in the Eastern Region
  collaboration's "up to £10,000 per annum each") or funding received (money
  in, as Durham's Ministry of Justice victims' services grant): neither is
  money spent, and funding received is set beside spend (analysis.income).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.grouping import group_sum

COUNTED = "counts_toward_total"
COUNT_NOTE = "count_note"

KIND_LABELS = {
    "framework": "Framework: the PCC's whole commissioning budget",
    "allocation": "Allocation: spends part of a framework line, so never added to totals",
    "decision": "Decision: a single funding decision, counted where no framework covers the year",
    "cap": "Cap: the most a PCC agreed to pay, not a spend, so never added to totals",
    "funding_received": "Funding received: money that came in (a grant, with its funder), "
                        "shown beside spend, never added to it",
}
# The kinds whose lines may count toward a spend total (an allocation is spend, but counted in its framework).
COUNTABLE_KINDS = ("framework", "decision")
# The kinds whose lines are never money spent: no view sums them, even a dataset chosen on its own.
NOT_SPEND_KINDS = ("cap", "funding_received")
NOT_ADDED_NOTES = {
    "allocation": "Not added: an allocation spends part of a framework line already counted",
    "cap": "Not added: a cap is the most the PCC agreed to pay, not money spent",
    "funding_received": "Not added: funding received is money in, shown beside spend, never added to it",
}


def mark_counted(spend: pd.DataFrame, datasets: pd.DataFrame) -> pd.DataFrame:
    """The spend lines with `counts_toward_total` and a plain-English `count_note`.

    `spend` is store.load_spend's frame; `datasets` is store.list_datasets'
    (for when each dataset was uploaded).
    """
    if spend.empty:
        return spend.assign(**{COUNTED: pd.Series(dtype="bool"), COUNT_NOTE: pd.Series(dtype="str")})
    uploaded = datasets.set_index("id")["uploaded_at"]
    lines = spend.assign(_uploaded_at=spend["dataset_id"].map(uploaded))
    chosen = _chosen_frameworks(lines)
    lines = lines.merge(chosen, on=["area", "financial_year"], how="left")
    has_framework = lines["_framework_id"].notna()
    kind = lines["dataset_kind"]

    counted = (kind.eq("framework") & lines["dataset_id"].eq(lines["_framework_id"])) | (
        kind.eq("decision") & ~has_framework
    )
    notes = pd.Series("Counted in totals", index=lines.index, dtype="str")
    for not_added, note in NOT_ADDED_NOTES.items():
        notes = notes.mask(kind.eq(not_added), note)
    for set_aside, before_name, after_name in (
        (kind.eq("decision") & has_framework, "Not added: the framework '", "' already covers "),
        (kind.eq("framework") & ~counted, "Not added: the more recent framework '", "' covers "),
    ):
        # Spelt out for the lines set aside only, not built for every line and
        # then mostly thrown away. astype("str"): the text columns may be
        # categoricals (store.load_spend's text_as_category).
        aside = lines.loc[set_aside]
        notes.loc[set_aside] = (
            before_name + aside["_framework_name"].astype("str").fillna("") + after_name
            + aside["area"].astype("str") + " " + aside["financial_year"].astype("str")
        )
    return lines.assign(**{COUNTED: counted.astype("bool"), COUNT_NOTE: notes}).drop(
        columns=["_uploaded_at", "_framework_id", "_framework_name"]
    )


def counted_rows(marked: pd.DataFrame) -> pd.DataFrame:
    """Only the lines that count toward totals."""
    return marked.loc[marked[COUNTED]]


def _chosen_frameworks(lines: pd.DataFrame) -> pd.DataFrame:
    frameworks = (
        lines.loc[lines["dataset_kind"].eq("framework"),
                  ["area", "financial_year", "dataset_id", "dataset_name", "_uploaded_at"]]
        .drop_duplicates(["area", "financial_year", "dataset_id"])
        .sort_values(["_uploaded_at", "dataset_id"])
    )
    latest = frameworks.drop_duplicates(["area", "financial_year"], keep="last")
    return latest.rename(
        columns={"dataset_id": "_framework_id", "dataset_name": "_framework_name"}
    ).drop(columns="_uploaded_at")


@dataclass(frozen=True)
class LinesSummary:
    """The sentence above the Data page's table: how many lines, and what the counted ones add up to."""

    lines: int
    counted_gbp: float
    uncounted_lines: int  # shown for reference, never added (allocations, set-aside frameworks)
    uncounted_gbp: float
    per_year: dict[str, float]  # counted spend per financial year
    has_pence: bool  # whether any amount shown has pence, so the table shows them


def lines_summary(rows: pd.DataFrame, *, every_line_counts: bool) -> LinesSummary:
    """`every_line_counts`: one dataset was chosen, so each of its lines is shown and summed, whatever its kind."""
    counted = rows if every_line_counts else counted_rows(rows)
    uncounted = rows.iloc[:0] if every_line_counts else rows.loc[~rows[COUNTED]]
    per_year = group_sum(counted, ["financial_year"])
    return LinesSummary(
        lines=len(rows),
        counted_gbp=float(counted["amount_gbp"].sum()),
        uncounted_lines=len(uncounted),
        uncounted_gbp=float(uncounted["amount_gbp"].sum()),
        per_year=dict(zip(per_year["financial_year"], per_year["amount_gbp"])),
        has_pence=bool((rows["amount_gbp"].round(2) % 1).abs().gt(0).any()),
    )
