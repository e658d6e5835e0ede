"""The one error type every reader raises, so callers can show a single clear line."""
from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class LoaderError(Exception):
    """A problem with an input file, located as precisely as we know.

    `row` is the spreadsheet's own 1-based row number and `column` a 0-based
    index (shown as a letter), so the message points at the cell a person
    would open in Excel.
    """

    problem: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.problem)

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None and self.column is not None:
            parts.append(f"cell {column_letter(self.column)}{self.row}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        elif self.column is not None:
            parts.append(f"column {column_letter(self.column)}")
        return ", ".join(parts)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.problem}" if location else self.problem
