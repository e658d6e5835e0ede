"""Columns the upload will not use, said out loud: what each holds and what leaving it out does.

A column read as "Not used" was once dropped without a mark, and a file whose
strategic areas sat under "Area of work" stored every line as Unassigned
(issue 16, point 5). Each unused column with a heading is named with a sample
of its values; one whose heading reads like a strategic area, a provider or a
service, while no column is read as that, is a look-alike, and the Upload
page asks before storing with it left out.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from loaders import LoadResult
from loaders.schema import UNASSIGNED_AREA

SAMPLE_VALUES = 3
_SAMPLE_CHARACTERS = 40

# Words a heading uses for each field when the loader's own header words did not catch it.
LOOKALIKE_WORDS = {
    "strategic_area": ("area of work", "strategic", "priority", "theme", "workstream", "outcome", "pillar",
                       "category", "programme area"),
    "provider": ("organisation", "organization", "provider", "delivered by", "delivery partner", "supplier",
                 "contractor", "charity", "agency", "lead"),
    "service": ("service", "project", "scheme", "activity", "intervention"),
}
FIELD_WORDS = {"strategic_area": "strategic area", "provider": "provider", "service": "service"}


@dataclass(frozen=True)
class UnplacedColumn:
    letter: str
    header: str
    samples: tuple[str, ...]
    looks_like: str | None  # a LOOKALIKE_WORDS key, when the file has no column read as that field
    consequence: str

    @property
    def message(self) -> str:
        held = ", ".join(f"'{sample}'" for sample in self.samples) or "nothing in the rows read"
        if self.looks_like:
            field = FIELD_WORDS[self.looks_like]
            return (f"Column {self.letter} '{self.header}' is not used, but it looks like the {field} "
                    f"(it holds {held}): {self.consequence}. Map it to {field.capitalize()} above if it is.")
        return f"Column {self.letter} '{self.header}' is not used (it holds {held}): {self.consequence}."


def _words(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", header.casefold()).split())


def _looks_like(header: str, placed: set[str]) -> str | None:
    words = _words(header)
    for field, cues in LOOKALIKE_WORDS.items():
        if field not in placed and any(re.search(rf"\b{re.escape(cue)}\b", words) for cue in cues):
            return field
    return None


def _consequence(field: str | None, tidy: pd.DataFrame) -> str:
    if field == "strategic_area" and (tidy["strategic_area"] == UNASSIGNED_AREA).all():
        return f"every line will be {UNASSIGNED_AREA}"
    if field is not None and not tidy.empty and tidy[field].nunique() == 1:
        only = tidy[field].iloc[0]
        return f"every line's {FIELD_WORDS[field]} will be {f'{only!r}' if only else 'blank'}"
    if field is not None:
        return f"the {FIELD_WORDS[field]} of each line is taken from elsewhere in the file instead"
    return "its values will not be stored"


def unplaced_columns(result: LoadResult, sheet_rows: Callable[[], list[list]]) -> list[UnplacedColumn]:
    """Every column with a heading that the upload leaves out, with a sample of what it holds."""
    columns = result.sheet_layout.columns
    placed = {column.role for column in columns}
    unused = [column for column in columns if column.role == "ignored" and str(column.header or "").strip()]
    if not unused:
        return []
    rows = sheet_rows()
    source_rows = sorted(set(int(row) for row in result.tidy["source_row"]))
    found = []
    for column in unused:
        samples: list[str] = []
        for source_row in source_rows:
            row = rows[source_row - 1] if source_row - 1 < len(rows) else []
            value = row[column.index] if column.index < len(row) else None
            text = " ".join(str(value).split()) if value is not None else ""
            if text and text not in samples:
                samples.append(text[:_SAMPLE_CHARACTERS] + ("…" if len(text) > _SAMPLE_CHARACTERS else ""))
            if len(samples) == SAMPLE_VALUES:
                break
        field = _looks_like(str(column.header), placed)
        found.append(UnplacedColumn(column.letter, " ".join(str(column.header).split()), tuple(samples), field,
                                    _consequence(field, result.tidy)))
    return found
