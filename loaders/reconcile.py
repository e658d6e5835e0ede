"""Checking a file against its own subtotals: the first question any finance officer asks."""
from __future__ import annotations

import pandas as pd

from analysis.money import format_gbp

# Pence-level float noise is not a discrepancy; anything from a penny up is.
TOLERANCE_GBP = 0.005

RECONCILIATION_COLUMNS = [
    "area", "label", "kind", "strategic_area", "financial_year",
    "declared_gbp", "computed_gbp", "difference_gbp", "difference_pct", "matches", "source_row",
]


def reconcile(tidy: pd.DataFrame, declared: pd.DataFrame) -> pd.DataFrame:
    """Each declared total beside the sum of the rows it covers; difference = computed - declared."""
    rows = []
    for total in declared.itertuples(index=False):
        covered = tidy[
            (tidy["financial_year"] == total.financial_year)
            & (tidy["source_row"] >= total.covers_from_row)
            & (tidy["source_row"] <= total.covers_to_row)
            & (tidy["source_sheet"] == total.source_sheet)
        ]
        if total.kind != "allocation" and total.area and (tidy["area"] != total.area).any():
            covered = covered[covered["area"] == total.area]
        computed = round(float(covered["amount_gbp"].sum()), 2)
        difference = round(computed - float(total.declared_gbp), 2)
        rows.append({
            "area": total.area,
            "label": total.label,
            "kind": total.kind,
            "strategic_area": total.strategic_area,
            "financial_year": total.financial_year,
            "declared_gbp": float(total.declared_gbp),
            "computed_gbp": computed,
            "difference_gbp": difference,
            "difference_pct": (difference / float(total.declared_gbp) * 100) if total.declared_gbp else None,
            "matches": abs(difference) < TOLERANCE_GBP,
            "source_row": total.source_row,
        })
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)


def describe_line(line: pd.Series | dict) -> str:
    """One plain-English line of the report, e.g. for the CLI and the upload page."""
    label = f"{line['label']} {line['financial_year']}"
    declared = format_gbp(line["declared_gbp"])
    computed = format_gbp(line["computed_gbp"])
    if line["matches"]:
        return f"{label}: declared {declared}, rows sum to {computed}: reconciles"
    difference = abs(line["difference_gbp"])
    direction = "over" if line["difference_gbp"] > 0 else "under"
    noun = "the declared allocation" if line["kind"] == "allocation" else "the declared total"
    return f"{label}: declared {declared}, rows sum to {computed}: {direction} {noun} by {format_gbp(difference)}"


def format_report(reconciliation: pd.DataFrame) -> str:
    if reconciliation.empty:
        return "No subtotals or totals were declared in the file, so there is nothing to reconcile."
    lines = [describe_line(line) for _, line in reconciliation.iterrows()]
    mismatches = int((~reconciliation["matches"]).sum())
    summary = (
        f"All {len(reconciliation)} declared totals reconcile."
        if not mismatches
        else f"{mismatches} of {len(reconciliation)} declared totals do not match the rows they cover."
    )
    return "\n".join(lines + [summary])
