"""What the user decided about a file: each choice overrides the matching conclusion of detect."""
from __future__ import annotations

from dataclasses import dataclass

from loaders.layout import Layout


@dataclass(frozen=True)
class Options:
    """What the user decided; each overrides the matching conclusion of detect."""

    sheets: tuple[str, ...] = ()
    area: str | None = None
    year: str | None = None
    units: str | None = None
    year_column: str | None = None
    columns: tuple[tuple[str, str], ...] = ()  # (role, header text or column letter)
    column_roles: tuple[tuple[int, str], ...] = ()  # (0-based index, role): the upload page's dropdowns
    line: str | None = None
    total_rows: tuple[int, ...] = ()
    last_row: int | None = None
    read_hidden_rows: bool = False
    layout: Layout | None = None
