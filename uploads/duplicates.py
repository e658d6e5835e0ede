"""Is this upload already stored? Checked as the file arrives, before its preview, by its bytes and by its lines.

The same bytes (sha256) are the same file, whatever it is called. The same
lines are the same figures in another form: a CSV saved from a stored
workbook, or the workbook saved again (which changes its bytes). Either way
storing it would count its figures twice, so the preview opens with a message
naming the dataset and version that hold it. When that is an earlier
version, no longer current, the person most likely wants it back: the page
offers to make it current again (store.restore_version) instead.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

# What a line says, without where it was read from: a CSV of a workbook has
# other file and sheet names (and maybe rows), never other figures.
CONTENT_COLUMNS = ["area", "strategic_area", "service", "provider", "provision", "commissioning_type",
                   "funding_partners", "geography", "financial_year"]
SAME_FILE, SAME_LINES = "same_file", "same_lines"
STORED_FILE_COLUMNS = ["id", "name", "version", "is_current", "lineage_id", "sha256", "original_filename",
                       "content_key"]


@dataclass(frozen=True)
class Duplicate:
    """The stored version an upload repeats, and how (SAME_FILE or SAME_LINES)."""

    how: str
    dataset_id: int
    name: str
    version: int
    is_current: bool
    original_filename: str
    current_version: int | None = None  # the lineage's current version, when this one is not it

    @property
    def restorable(self) -> bool:
        return not self.is_current

    @property
    def message(self) -> str:
        held = f"version {self.version} of '{self.name}' (dataset {self.dataset_id}, from {self.original_filename})"
        if self.how == SAME_FILE:
            said = f"This file is already stored, as {held}"
        else:
            said = f"This file holds exactly the same lines as {held}, the same figures in another file"
        if self.is_current:
            return f"{said}; storing it again would count its figures twice."
        replaced = f" by version {self.current_version}" if self.current_version else ""
        return (f"{said}, since replaced{replaced}. To bring those figures back, make version {self.version} "
                "current again rather than storing them twice.")


def content_key(lines: pd.DataFrame) -> str:
    """A digest of the lines' words and amounts (to the penny), in any order."""
    if lines.empty:
        return ""
    words = lines[CONTENT_COLUMNS].astype(str).apply(lambda column: column.str.strip())
    pence = lines["amount_gbp"].astype(float).round(2).map(lambda amount: f"{amount:.2f}")
    rows = sorted(zip(*(words[column] for column in CONTENT_COLUMNS), pence))
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def stored_files(datasets: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    """Every stored version (store.list_datasets) with the content_key of its lines (store.load_spend, all versions)."""
    if datasets.empty:
        return pd.DataFrame(columns=STORED_FILE_COLUMNS)
    keys = spend.groupby("dataset_id").apply(content_key, include_groups=False) if not spend.empty else pd.Series()
    return datasets.assign(content_key=datasets["id"].map(keys).fillna(""))[STORED_FILE_COLUMNS]


def same_file(sha256: str, stored: pd.DataFrame) -> Duplicate | None:
    """The stored version holding exactly these bytes, the current one first."""
    return _first(stored[stored["sha256"] == sha256], stored, SAME_FILE)


def same_lines(lines: pd.DataFrame, stored: pd.DataFrame) -> Duplicate | None:
    """The stored version with exactly these lines, the current one first."""
    key = content_key(lines)
    return _first(stored[stored["content_key"] == key], stored, SAME_LINES) if key else None


def _first(holders: pd.DataFrame, stored: pd.DataFrame, how: str) -> Duplicate | None:
    if holders.empty:
        return None
    holder = holders.sort_values(["is_current", "version"], ascending=False).iloc[0]
    current = stored[(stored["lineage_id"] == holder["lineage_id"]) & stored["is_current"].astype(bool)]
    return Duplicate(
        how=how, dataset_id=int(holder["id"]), name=str(holder["name"]), version=int(holder["version"]),
        is_current=bool(holder["is_current"]), original_filename=str(holder["original_filename"]),
        current_version=None if current.empty else int(current["version"].iloc[0]),
    )
