"""Tables that scroll on screen print in full: each is followed by a print-only copy of every row."""
from __future__ import annotations

import re
from html import unescape

import pytest

PAGES_AND_TABLES = [
    # page, query, which of the page's dataframes (in the order drawn)
    ("pages/checks.py", {"area": "all"}, 0),  # text against table
    ("pages/checks.py", {"area": "all"}, 1),  # declared totals against their rows
    ("pages/strategic_areas.py", {"area": "Leicestershire"}, 0),  # services
    ("pages/strategic_areas.py", {"area": "Leicestershire"}, 1),  # a service's lines
    ("pages/providers.py", {"area": "all"}, "May be the same as"),  # spellings that may be one provider
]


def _print_copies(at) -> list[list[list[str]]]:
    """Each print-only table on the page, as its body's rows of cell texts."""
    copies = []
    for element in at.get("html"):
        body = element.proto.body
        if "print-table" not in body:
            continue
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)
        copies.append([[unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
                       for row in rows])
    return copies


@pytest.mark.parametrize(("page", "query", "index"), PAGES_AND_TABLES)
def test_every_row_of_the_table_is_in_its_print_copy(run_page, page, query, index):
    at = run_page(page, query)

    assert not at.exception
    # A table by its place on the page, or by a column only it has.
    shown = (at.dataframe[index].value if isinstance(index, int)
             else next(frame.value for frame in at.dataframe if index in frame.value.columns))
    copies = _print_copies(at)
    copy = next((rows for rows in copies if len(rows) == len(shown)), None)
    assert copy is not None, f"no print copy with the {len(shown)} rows of table {index}: {[len(c) for c in copies]}"
    # The same first column, row for row (text columns print as they are shown).
    first = shown.columns[0]
    assert [row[0] for row in copy] == ["" if value is None or value != value else str(value)
                                        for value in shown[first]]
