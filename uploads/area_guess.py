"""The PCC area a file names in its title ("Police and Crime Commissioner for Leicestershire"), to pre-fill the form.

Only the title rows count (those above the first row that looks like a table's
header), and only the police force areas of loaders/forces.py, the longest
name first, so "West Yorkshire" is never read as another area inside it. A
guess pre-fills the box; staff still see it and can change it.
"""
from __future__ import annotations

import re

from loaders.forces import FORCE_AREAS
from loaders.readers import Workbook

TITLE_ROWS = 10
_NAMES = sorted(FORCE_AREAS, key=len, reverse=True)
_PATTERNS = [(name, re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)) for name in _NAMES]


def _title_texts(rows: list[list]) -> list[str]:
    texts = []
    for row in rows[:TITLE_ROWS]:
        filled = [value for value in row if value not in (None, "")]
        if len(filled) >= 3:  # a header or a line of the table: the title is above it
            break
        texts += [str(value) for value in filled if isinstance(value, str)]
    return texts


def area_from_title(book: Workbook) -> str | None:
    """The force area the first sheet's title names, or None when it names none (or two)."""
    if not book.sheet_names:
        return None
    found = []
    for text in _title_texts(book.rows(book.sheet_names[0])):
        for name, pattern in _PATTERNS:
            if pattern.search(text):
                found.append(name)
                text = pattern.sub(" ", text)
    named = set(found)
    return found[0] if len(named) == 1 else None
