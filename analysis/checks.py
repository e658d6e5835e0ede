"""Checks anyone can read: every total a file declares against its own rows, and where a decision's words and table disagree.

A panel member trusts a figure more when they can see it add up, and trusts
the dashboard more when it says plainly where the published papers do not:
Durham's 2015-16 projects (£500,545) come to £14,968 more than the allocation
printed over them (£485,577), and Leicestershire's decision record says
£4,385,961 where its own Appendix A adds to £4,395,961.

The totals come from the store (each dataset's declared totals beside the
lines it holds); the disagreements between text and table are written down by
hand in data/known_discrepancies.json, because no loader can read a
paragraph, and each is compared with the table figure as stored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.grouping import plain_text
from analysis.money import format_gbp
from loaders.reconcile import TOLERANCE_GBP, reconcile

KNOWN_DISCREPANCIES_FILE = Path(__file__).resolve().parent.parent / "data" / "known_discrepancies.json"

TOTAL_CHECK_COLUMNS = [
    "area", "dataset_id", "dataset_name", "label", "kind", "financial_year",
    "declared_gbp", "rows_sum_gbp", "difference_gbp", "matches",
    "source_file", "source_sheet", "source_row",
]
DISCREPANCY_COLUMNS = [
    "id", "area", "document", "where_in_text", "quote", "text_says", "text_gbp",
    "table_label", "where_in_document", "financial_year", "table_gbp", "difference_gbp",
    "source_file", "source_sheet", "source_row", "note",
]
# What reconcile needs of a spend line; text as plain strings, since the
# dashboard's shared frame holds them as categoricals.
_LINE_COLUMNS = ["area", "source_sheet", "financial_year", "source_row", "amount_gbp"]


@dataclass(frozen=True)
class Checks:
    """Every declared total with its rows' sum, and every known text-against-table disagreement."""

    totals: pd.DataFrame
    discrepancies: pd.DataFrame
    # Datasets whose file declares no total at all (Essex's single line), so nothing can be checked.
    unchecked: pd.DataFrame

    @property
    def mismatched_totals(self) -> pd.DataFrame:
        return self.totals.loc[~self.totals["matches"]]

    def for_areas(self, areas) -> Checks:
        """The checks for these PCC areas only (every area when none is given)."""
        if not areas:
            return self
        areas = set(areas)
        return Checks(
            totals=self.totals.loc[self.totals["area"].isin(areas)].reset_index(drop=True),
            discrepancies=self.discrepancies.loc[self.discrepancies["area"].isin(areas)].reset_index(drop=True),
            unchecked=self.unchecked.loc[self.unchecked["area"].isin(areas)].reset_index(drop=True),
        )


def load_known_discrepancies(path: Path = KNOWN_DISCREPANCIES_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["discrepancies"]


def total_checks(declared: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Each declared total and allocation beside the sum of the stored rows it covers.

    difference_gbp = rows' sum − declared, so a positive difference is spend
    over what the file declares (Durham's +£14,968). Each dataset is checked
    against its own lines only: two files may share a sheet name ("Appendix A")
    and years, and their rows must never be added together.
    """
    if declared.empty:
        return pd.DataFrame(columns=TOTAL_CHECK_COLUMNS)
    # The text spelt out once for every line: a national store's 43 datasets each
    # converting and reconciling their own lines spent more on that than on the sums.
    every_line = pd.DataFrame({
        column: plain_text(lines[column]).astype(str) if column in ("area", "source_sheet", "financial_year")
        else lines[column]
        for column in _LINE_COLUMNS + ["dataset_id"]
    })
    # Every dataset's totals in one reconcile, each over its own lines only (within dataset_id),
    # in the order their datasets first appear; a total with no dataset is checked by none.
    by_dataset = declared.groupby("dataset_id", sort=False).indices
    order = [by_dataset[key] for key in pd.unique(declared["dataset_id"]) if key in by_dataset]
    if not order:
        return pd.DataFrame(columns=TOTAL_CHECK_COLUMNS)
    totals = declared.iloc[np.concatenate(order)]
    result = reconcile(every_line, totals.reset_index(drop=True), within="dataset_id")
    return pd.DataFrame({
        "area": totals["area"].to_numpy(),
        "dataset_id": totals["dataset_id"].to_numpy(),
        "dataset_name": totals["dataset_name"].to_numpy(),
        "label": totals["label"].to_numpy(),
        "kind": totals["kind"].to_numpy(),
        "financial_year": totals["financial_year"].to_numpy(),
        "declared_gbp": result["declared_gbp"].to_numpy(),
        "rows_sum_gbp": result["computed_gbp"].to_numpy(),
        "difference_gbp": result["difference_gbp"].to_numpy(),
        "matches": result["matches"].to_numpy(dtype=bool),
        "source_file": totals["source_file"].to_numpy(),
        "source_sheet": totals["source_sheet"].to_numpy(),
        "source_row": totals["source_row"].to_numpy(),
    })[TOTAL_CHECK_COLUMNS]


def text_discrepancies(declared: pd.DataFrame, known: list[dict]) -> pd.DataFrame:
    """Each known disagreement whose table figure is in the store, against the figure as stored.

    An entry whose file, sheet, row and year match no stored declared total
    (its dataset was never uploaded, or was deleted) is left out: the page
    speaks only of figures it holds. difference_gbp = table − text.
    """
    rows = []
    for entry in known:
        table = entry["table"]
        stored = declared.loc[
            declared["source_file"].eq(table["source_file"])
            & declared["source_sheet"].eq(table["source_sheet"])
            & declared["source_row"].eq(table["source_row"])
            & declared["financial_year"].eq(table["financial_year"])
        ]
        if stored.empty:
            continue
        table_gbp = float(stored["declared_gbp"].iloc[0])
        amounts = entry["text_amounts"]
        text_gbp = float(sum(amount["amount_gbp"] for amount in amounts))
        rows.append({
            "id": entry["id"],
            "area": entry["area"],
            "document": entry["document"],
            "where_in_text": entry["where_in_text"],
            "quote": entry["quote"],
            "text_says": _text_says(amounts),
            "text_gbp": text_gbp,
            "table_label": table["label"],
            "where_in_document": table["where_in_document"],
            "financial_year": table["financial_year"],
            "table_gbp": table_gbp,
            "difference_gbp": round(table_gbp - text_gbp, 2),
            "source_file": table["source_file"],
            "source_sheet": table["source_sheet"],
            "source_row": int(table["source_row"]),
            "note": entry.get("note", ""),
        })
    return pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS)


UNCHECKED_COLUMNS = ["area", "dataset_id", "dataset_name", "lines", "total_gbp"]


def unchecked_datasets(declared: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """The datasets in the store that declare no total, with how many lines and pounds they hold."""
    without = lines.loc[~lines["dataset_id"].isin(set(declared["dataset_id"]))]
    if without.empty:
        return pd.DataFrame(columns=UNCHECKED_COLUMNS)
    grouped = without.groupby("dataset_id", sort=True, observed=True)
    return pd.DataFrame({
        "area": grouped["area"].first().astype(str),
        "dataset_name": grouped["dataset_name"].first().astype(str),
        "lines": grouped.size(),
        "total_gbp": grouped["amount_gbp"].sum().round(2),
    }).reset_index()[UNCHECKED_COLUMNS]


def _text_says(amounts: list[dict]) -> str:
    """'£4,385,961', or for a figure the text builds from parts, '£485,577 + £27,150 = £512,727'."""
    if len(amounts) == 1:
        return format_gbp(amounts[0]["amount_gbp"])
    parts = " + ".join(format_gbp(amount["amount_gbp"]) for amount in amounts)
    return f"{parts} = {format_gbp(sum(amount['amount_gbp'] for amount in amounts))}"


def store_checks(declared: pd.DataFrame, lines: pd.DataFrame, known: list[dict] | None = None) -> Checks:
    """Everything the Checks page and the Overview's Checks section show, from the store's two frames."""
    known = load_known_discrepancies() if known is None else known
    return Checks(
        totals=total_checks(declared, lines),
        discrepancies=text_discrepancies(declared, known),
        unchecked=unchecked_datasets(declared, lines),
    )


def describe_total(check: pd.Series | dict) -> str:
    """'Adds up', or which way and by how much the rows miss the declared figure."""
    if check["matches"]:
        return "Adds up"
    noun = "allocation" if check["kind"] == "allocation" else "declared total"
    direction = "over" if check["difference_gbp"] > 0 else "under"
    return f"Rows are {format_gbp(abs(check['difference_gbp']))} {direction} the {noun}"


def describe_discrepancy(discrepancy: pd.Series | dict) -> str:
    """One sentence: 'The text says £4,385,961 where Appendix A's Grand Total is £4,395,961 (£10,000 more).'"""
    difference = discrepancy["difference_gbp"]
    how = "the same" if abs(difference) < TOLERANCE_GBP else (
        f"{format_gbp(abs(difference))} {'more' if difference > 0 else 'less'}")
    return (f"The text says {discrepancy['text_says']} where the table's {discrepancy['table_label']} "
            f"is {format_gbp(discrepancy['table_gbp'])} ({how}).")


def summary_sentence(checks: Checks, *, scope: str = "the store") -> str:
    """The plain-English sentence over the checks: how many add up, and what does not."""
    totals = checks.totals
    if totals.empty and checks.discrepancies.empty:
        return f"No file in {scope} declares a total or allocation, and no difference between a decision's text and its table is known."
    allocations = int(totals["kind"].eq("allocation").sum())
    counted = f"{len(totals):,} declared total{'s' if len(totals) != 1 else ''} in {scope}"
    if allocations:
        counted += f" ({allocations} of them {'an allocation' if allocations == 1 else 'allocations'})"
    mismatched = checks.mismatched_totals
    if mismatched.empty:
        sentence = f"All {counted} add up to the rows beneath them."
    else:
        misses = "; ".join(
            f"{row.area}'s {row.label} {row.financial_year}: declared {format_gbp(row.declared_gbp)}, "
            f"rows add to {format_gbp(row.rows_sum_gbp)}, {format_gbp(abs(row.difference_gbp))} "
            f"{'over' if row.difference_gbp > 0 else 'under'}"
            for row in mismatched.itertuples(index=False)
        )
        matched = len(totals) - len(mismatched)
        sentence = (f"Of {counted}, {matched:,} {'adds up to its' if matched == 1 else 'add up to their'} rows and "
                    f"{len(mismatched):,} {'does' if len(mismatched) == 1 else 'do'} not ({misses}).")
    discrepancies = checks.discrepancies
    if discrepancies.empty:
        return sentence + " No difference between a decision's text and its own table is known."
    listed = "; ".join(
        f"{row.area}: text {row.text_says}, table {format_gbp(row.table_gbp)}"
        for row in discrepancies.itertuples(index=False)
    )
    count = len(discrepancies)
    return (sentence + f" In {count} place{'s' if count != 1 else ''} a decision's text gives a different "
            f"figure from its own table ({listed}).")


KIND_NAMES = {"subtotal": "Subtotal", "grand_total": "Total", "allocation": "Allocation"}


def _signed_gbp(amount: float) -> str:
    return ("+" if amount > 0 else "") + format_gbp(amount)


def totals_table(checks: Checks) -> pd.DataFrame:
    """The declared totals as a reader sees them: pounds written £1,234,567, the failures first."""
    totals = checks.totals.sort_values("matches", kind="stable")
    return pd.DataFrame({
        "Area": totals["area"],
        "Dataset": totals["dataset_name"],
        "Declared as": totals["label"],
        "Kind": totals["kind"].map(KIND_NAMES).fillna(totals["kind"]),
        "Year": totals["financial_year"],
        "Declared": totals["declared_gbp"].map(format_gbp),
        "Rows add to": totals["rows_sum_gbp"].map(format_gbp),
        "Difference": totals["difference_gbp"].map(_signed_gbp),
        "Result": [describe_total(check) for _, check in totals.iterrows()],
        "Source file": totals["source_file"],
        "Sheet": totals["source_sheet"],
        "Row": totals["source_row"].astype("int64"),
    }).reset_index(drop=True)


def discrepancies_table(checks: Checks) -> pd.DataFrame:
    """The text-against-table disagreements, each with the document, the quote and the stored cell."""
    found = checks.discrepancies
    return pd.DataFrame({
        "Area": found["area"],
        "Year": found["financial_year"],
        "The text says": found["text_says"],
        "The table says": found["table_gbp"].map(format_gbp),
        "Difference (table − text)": found["difference_gbp"].map(_signed_gbp),
        "Document": found["document"],
        "Where in the text": found["where_in_text"],
        "Quote": found["quote"],
        "Where in the table": found["where_in_document"],
        "Source file": found["source_file"],
        "Sheet": found["source_sheet"],
        "Row": found["source_row"].astype("int64"),
        "Note": found["note"],
    }).reset_index(drop=True)


def needing_attention_table(checks: Checks) -> pd.DataFrame:
    """One short table of everything that does not agree: totals that miss their rows, then text against table."""
    misses = checks.mismatched_totals
    return pd.DataFrame({
        "Area": list(misses["area"]) + list(checks.discrepancies["area"]),
        "Year": list(misses["financial_year"]) + list(checks.discrepancies["financial_year"]),
        "What disagrees": [f"{row.label}: declared against the rows beneath it" for row in misses.itertuples()]
        + [f"{row.where_in_text} against {row.where_in_document}" for row in checks.discrepancies.itertuples()],
        "Says": [format_gbp(amount) for amount in misses["declared_gbp"]] + list(checks.discrepancies["text_says"]),
        "Adds up to / table says": [format_gbp(amount) for amount in misses["rows_sum_gbp"]]
        + [format_gbp(amount) for amount in checks.discrepancies["table_gbp"]],
        "Difference": [_signed_gbp(amount) for amount in misses["difference_gbp"]]
        + [_signed_gbp(amount) for amount in checks.discrepancies["difference_gbp"]],
        "Source file": list(misses["source_file"]) + list(checks.discrepancies["source_file"]),
        "Sheet": list(misses["source_sheet"]) + list(checks.discrepancies["source_sheet"]),
        "Row": [int(row) for row in misses["source_row"]] + [int(row) for row in checks.discrepancies["source_row"]],
    })
