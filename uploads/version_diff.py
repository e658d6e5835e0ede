"""What a new version changes, year by year and line by line: the preview of a replacement, and Manage data's diff.

Two versions of one dataset are compared as their tidy lines. A line is the
same line in both when its strategic area, service and provider match in the
same year; a service a file lists twice (Appendix A's Domestic Homicide
Reviews) is matched first with first, second with second, in row order. Its
amount, or any of the words that describe it, may change; its row may move
without that counting as a change, since a new year's file often gains or
loses a line above it.

Years are compared as wholes first: next year's framework adds a year and
drops the oldest, and the person replacing must see that, and decide about
the dropped year, before anything else (uploads.version_diff.years_missing).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.money import format_gbp

LINE_KEY = ["strategic_area", "service", "provider"]
DESCRIBED = ["provision", "commissioning_type", "funding_partners", "geography"]
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
NEW_YEAR, MISSING_YEAR, BOTH = "new in this version", "not in this version", "in both"

LINE_COLUMNS = ["financial_year", "change", *LINE_KEY, "old_gbp", "new_gbp", "difference_gbp", "what_changed",
                "old_row", "new_row"]
YEAR_COLUMNS = ["financial_year", "status", "lines_added", "lines_removed", "lines_changed",
                "old_gbp", "new_gbp", "difference_gbp"]


@dataclass(frozen=True)
class VersionDiff:
    """The difference from an old version's lines to a new one's.

    `lines` has one row per line added, removed or changed (LINE_COLUMNS),
    by year and row; `by_year` one row per year in either (YEAR_COLUMNS).
    """

    lines: pd.DataFrame
    by_year: pd.DataFrame

    def _years(self, status: str) -> list[str]:
        return self.by_year.loc[self.by_year["status"] == status, "financial_year"].tolist()

    @property
    def years_added(self) -> list[str]:
        return self._years(NEW_YEAR)

    @property
    def years_missing(self) -> list[str]:
        return self._years(MISSING_YEAR)

    @property
    def years_in_both(self) -> list[str]:
        return self._years(BOTH)

    def changed_lines(self) -> pd.DataFrame:
        """The lines added, removed or changed within the years both versions hold."""
        return self.lines[self.lines["financial_year"].isin(self.years_in_both)].reset_index(drop=True)

    def unchanged(self) -> bool:
        return self.lines.empty

    def summary(self) -> str:
        """One sentence per kind of change, with the lines and £ involved."""
        year = self.by_year.set_index("financial_year")
        sentences = []
        for added in self.years_added:
            sentences.append(f"{added} is new ({int(year.loc[added, 'lines_added'])} lines, "
                             f"{format_gbp(year.loc[added, 'new_gbp'])}).")
        for missing in self.years_missing:
            sentences.append(f"{missing} is not in the new version ({int(year.loc[missing, 'lines_removed'])} lines, "
                             f"{format_gbp(year.loc[missing, 'old_gbp'])} stored).")
        for both in self.years_in_both:
            row = year.loc[both]
            counts = [f"{int(row[column])} {word}" for column, word in
                      (("lines_changed", "changed"), ("lines_added", "added"), ("lines_removed", "removed"))
                      if row[column]]
            lines = int(row["lines_changed"] + row["lines_added"] + row["lines_removed"])
            if counts:
                sentences.append(f"{both}: {', '.join(counts)} line{'s' if lines > 1 else ''}, "
                                 f"{format_gbp(row['old_gbp'])} → {format_gbp(row['new_gbp'])} "
                                 f"({_signed(row['difference_gbp'])}).")
            else:
                sentences.append(f"{both}: no change ({format_gbp(row['new_gbp'])}).")
        return " ".join(sentences)


def version_diff(old: pd.DataFrame, new: pd.DataFrame) -> VersionDiff:
    """Compare two versions' tidy lines (the loader's or store.load_spend's columns)."""
    matched = pd.merge(_numbered(old), _numbered(new), on=["financial_year", *LINE_KEY, "occurrence"],
                       how="outer", suffixes=("_old", "_new"), indicator=True)
    old_gbp = matched["amount_gbp_old"].round(2)
    new_gbp = matched["amount_gbp_new"].round(2)
    both = matched["_merge"] == "both"
    differences = pd.DataFrame({"amount": old_gbp != new_gbp, **{
        field: matched[f"{field}_old"].fillna("") != matched[f"{field}_new"].fillna("") for field in DESCRIBED}})
    what_changed = differences.apply(lambda row: ", ".join(field for field, differs in row.items() if differs),
                                     axis=1).where(both, "") if len(matched) else pd.Series(dtype=str)
    change = matched["_merge"].map({"left_only": REMOVED, "right_only": ADDED, "both": CHANGED}).astype(str)
    lines = pd.DataFrame({
        "financial_year": matched["financial_year"], "change": change,
        **{column: matched[column] for column in LINE_KEY},
        "old_gbp": old_gbp, "new_gbp": new_gbp,
        "difference_gbp": (new_gbp.fillna(0) - old_gbp.fillna(0)).round(2),
        "what_changed": what_changed,
        "old_row": matched["source_row_old"].astype("Int64"), "new_row": matched["source_row_new"].astype("Int64"),
    })
    lines = lines[~both | (what_changed != "")]
    lines = lines.assign(_row=lines["new_row"].fillna(lines["old_row"])).sort_values(
        ["financial_year", "_row", "change"]).drop(columns="_row").reset_index(drop=True)
    return VersionDiff(lines=lines[LINE_COLUMNS], by_year=_by_year(old, new, lines))


def _numbered(lines: pd.DataFrame) -> pd.DataFrame:
    columns = ["financial_year", *LINE_KEY, *DESCRIBED, "amount_gbp", "source_row"]
    ordered = lines[columns].astype({column: str for column in ["financial_year", *LINE_KEY, *DESCRIBED]})
    ordered = ordered.sort_values(["financial_year", "source_row"], kind="stable")
    return ordered.assign(occurrence=ordered.groupby(["financial_year", *LINE_KEY]).cumcount())


def _by_year(old: pd.DataFrame, new: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    old_years, new_years = set(old["financial_year"].astype(str)), set(new["financial_year"].astype(str))
    old_gbp = old.groupby(old["financial_year"].astype(str))["amount_gbp"].sum()
    new_gbp = new.groupby(new["financial_year"].astype(str))["amount_gbp"].sum()
    rows = []
    for year in sorted(old_years | new_years):
        in_year = lines[lines["financial_year"] == year]["change"]
        status = BOTH if year in old_years and year in new_years else NEW_YEAR if year in new_years else MISSING_YEAR
        before, after = round(float(old_gbp.get(year, 0.0)), 2), round(float(new_gbp.get(year, 0.0)), 2)
        rows.append({"financial_year": year, "status": status,
                     "lines_added": int((in_year == ADDED).sum()), "lines_removed": int((in_year == REMOVED).sum()),
                     "lines_changed": int((in_year == CHANGED).sum()),
                     "old_gbp": before, "new_gbp": after, "difference_gbp": round(after - before, 2)})
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)


def _signed(amount: float) -> str:
    return ("+" if amount > 0 else "") + format_gbp(amount)


def years_table(diff: VersionDiff) -> pd.DataFrame:
    """by_year as a page shows it."""
    return diff.by_year.rename(columns={
        "financial_year": "Year", "status": "Year is", "lines_added": "Lines added", "lines_removed": "Lines removed",
        "lines_changed": "Lines changed", "old_gbp": "Before (£)", "new_gbp": "After (£)",
        "difference_gbp": "Difference (£)"})


def lines_table(lines: pd.DataFrame) -> pd.DataFrame:
    """VersionDiff.lines (or changed_lines()) as a page shows it."""
    return lines.rename(columns={
        "financial_year": "Year", "change": "Line is", "strategic_area": "Strategic area", "service": "Service",
        "provider": "Provider", "old_gbp": "Before (£)", "new_gbp": "After (£)", "difference_gbp": "Difference (£)",
        "what_changed": "What changed", "old_row": "Row before", "new_row": "Row after"})
