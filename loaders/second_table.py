"""A second table below the first: read with the first table's columns, its figures
would land in the first table's years, so it is refused at its header row.
"""
from __future__ import annotations

from loaders.errors import LoaderError
from loaders.headers import HeaderMatch, header_key, match_header
from loaders.rows import Body, RowFindings


def names_columns(other: HeaderMatch) -> bool:
    """A row that names a column by a heading the loader knows, not a data row with a word in its money."""
    return any(c.confident and c.field and c.field != "amount" and c.reason == "by its header" for c in other.columns)


def _plain_key(text: str) -> str:
    return header_key(text).replace("£", "").strip()


def refuse_second_table(body: Body, header: HeaderMatch, findings: RowFindings, file_name: str,
                         sheet: str) -> None:
    """A header with other years or columns below the table starts a second table.

    Read with the first table's columns, a projection table's "2021/22" figures
    would land in the first table's years: a wrong figure that looks right.
    """
    if not findings.line_positions:
        return
    last_line = body.source_row(findings.line_positions[-1])
    # Only money matters here: text columns may be remapped by the user, and a repeat after a page
    # break may spell a heading differently; other years, or years in other columns, are another table.
    main_years = {(c.index, c.financial_year) for c in header.columns if c.financial_year}
    # Each part of a two-row heading counts: its page-break repeat may be the upper row alone.
    main_headings = {c.index: {_plain_key(c.header)} | {key.replace("£", "").strip() for key in c.keys}
                     for c in header.columns if c.financial_year}
    seen: set[tuple] = set()  # a national file repeats one header at every page break: each text once
    for row in sorted(set(findings.skipped_rows + findings.section_rows)):
        if row >= last_line:
            break
        values = body.rows[row - body.first - 1]
        key = tuple(values)
        if key in seen or sum(isinstance(v, str) and bool(v.strip()) for v in values) < 2:
            continue
        seen.add(key)
        other = match_header(values, row - 1)
        if other is None:
            continue
        years = {(c.index, c.financial_year) for c in other.amount_columns if c.financial_year}
        # An undated money heading over a dated column of the first table ("Amount (£)" over 2018/19's column).
        retitled = [c for c in other.amount_columns if not c.financial_year and c.index in main_headings
                    and _plain_key(c.header) not in main_headings[c.index]]
        if (not years or years <= main_years) and not (retitled and names_columns(other)):
            continue
        refuse_table_at(other, row, header, file_name, sheet)


def refuse_table_at(other: HeaderMatch, row: int, header: HeaderMatch, file_name: str, sheet: str) -> None:
    headers = ", ".join(f"'{c.header}'" for c in other.columns if c.field)[:160]
    raise LoaderError(
        f"row {row} starts another table ({headers}), with columns unlike the header on row "
        f"{header.row_index + 1}; read the first table alone with --last-row {row - 1}",
        file=file_name, sheet=sheet, row=row, code="second_table",
    )
