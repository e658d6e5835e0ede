"""Checking a file against its own subtotals: the first question any finance officer asks."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.money import format_gbp

# Pence-level float noise is not a discrepancy; anything from a penny up is.
TOLERANCE_GBP = 0.005

RECONCILIATION_COLUMNS = [
    "area", "label", "kind", "strategic_area", "financial_year",
    "declared_gbp", "computed_gbp", "difference_gbp", "difference_pct", "matches", "source_row",
]


def reconcile(tidy: pd.DataFrame, declared: pd.DataFrame, within: str | None = None) -> pd.DataFrame:
    """Each declared total beside the sum of the rows it covers; difference = computed - declared.

    `within` names a column both frames hold (the store's dataset_id): a total
    then covers only the rows with its own value there, as if each value's rows
    and totals were reconciled alone, so a store is checked in one call.
    """
    if declared.empty:
        return pd.DataFrame([], columns=RECONCILIATION_COLUMNS)
    # Column by column, each figure rounded as Python rounds it: a national store reconciles
    # 1,290 totals per store version, and a dict per total cost more than the sums.
    stated = declared["declared_gbp"].tolist()
    computed = [round(covered, 2) for covered in _covered_sums(tidy, declared, within)]
    difference = [round(sum_ - float(total), 2) for sum_, total in zip(computed, stated)]
    columns = {name: declared[name].tolist() for name in ("area", "label", "kind", "strategic_area", "financial_year")}
    return pd.DataFrame(columns | {
        "declared_gbp": [float(total) for total in stated],
        "computed_gbp": computed,
        "difference_gbp": difference,
        "difference_pct": [(gap / float(total) * 100) if total else None for gap, total in zip(difference, stated)],
        "matches": [abs(gap) < TOLERANCE_GBP for gap in difference],
        "source_row": declared["source_row"].tolist(),
    }, columns=RECONCILIATION_COLUMNS)


def _covered_sums(tidy: pd.DataFrame, declared: pd.DataFrame, within: str | None = None) -> list[float]:
    """The sum of amount_gbp over the rows each declared total covers.

    A national file declares over a thousand totals, and filtering the whole
    frame for each took seconds. Instead the rows are grouped once by sheet and
    year (and force, for a total that covers one force); within a group the rows
    a total covers are a slice found by binary search. The slice holds the same
    amounts in the same order as the filter did, so the sums agree to the last bit.
    """
    if within is None:
        scopes, every_area = [None] * len(declared), set(tidy["area"].unique())
    else:
        scopes = declared[within].tolist()
        areas_within = {scope: set(areas) for scope, areas in tidy.groupby(within, sort=False)["area"].unique().items()}
    source_rows = tidy["source_row"].to_numpy()
    amounts = tidy["amount_gbp"].to_numpy(dtype=np.float64)
    # nansum is sum with NaN as 0: on amounts without NaN (every validated frame) .sum()
    # gives the same bits, without nansum's copy of each slice.
    add_up = np.nansum if np.isnan(amounts).any() else np.sum
    positions: dict[bool, dict] = {}
    groups: dict[tuple, tuple[np.ndarray, np.ndarray, bool]] = {}
    sums = []
    columns = [declared[name].tolist() for name in
               ("kind", "area", "source_sheet", "financial_year", "covers_from_row", "covers_to_row")]
    for kind, area, sheet, year, low, high, scope in zip(*columns, scopes):
        areas = every_area if within is None else areas_within.get(scope, set())
        by_area = kind != "allocation" and bool(area) and bool(areas - {area})
        key = (sheet, year, area) if by_area else (sheet, year)
        if within is not None:
            key = (scope, *key)
        if key not in groups:
            if by_area not in positions:
                keys = ([within] if within else []) + ["source_sheet", "financial_year"] + (["area"] if by_area else [])
                positions[by_area] = tidy.groupby(keys, sort=False, dropna=False).indices
            chosen = positions[by_area].get(key, np.empty(0, dtype=np.intp))
            group_rows = source_rows[chosen]
            groups[key] = (group_rows, amounts[chosen], bool(np.all(group_rows[1:] >= group_rows[:-1])))
        group_rows, group_amounts, in_row_order = groups[key]
        if pd.isna(low) or pd.isna(high):
            sums.append(0.0)  # no row lies within a missing bound
        elif in_row_order:
            first = group_rows.searchsorted(low, side="left")
            last = group_rows.searchsorted(high, side="right")
            sums.append(float(add_up(group_amounts[first:last])) if last > first else 0.0)
        else:
            sums.append(float(add_up(group_amounts[(group_rows >= low) & (group_rows <= high)])))
    return sums


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
