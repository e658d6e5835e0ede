"""Where each amount's financial year comes from: the money headings, a year column,
the sheet name, a title row, or the user; disagreement between them is refused.
"""
from __future__ import annotations

from loaders.errors import LoaderError, cell_name, column_letter
from loaders.headers import Column, HeaderMatch
from loaders.layout import YearSource
from loaders.column_roles import money_column_advice
from loaders.years import NotAFinancialYear, year_in_header


def title_rows(rows: list[list], header_index: int) -> list[tuple[int, int, str]]:
    """(row, column, text) of every text cell above the header: titles, notes, metadata blocks."""
    cells = []
    for row_index in range(header_index):
        for column, value in enumerate(rows[row_index]):
            if isinstance(value, str) and value.strip():
                cells.append((row_index, column, " ".join(value.split())))
    return cells


def title_year(rows, header_index, file_name, sheet) -> tuple[str, str] | None:
    """The one financial year the rows above the header name, with its cell; dates are not years."""
    found: dict[str, str] = {}
    for row_index, column, text in title_rows(rows, header_index):
        try:
            year = year_in_header(text)
        except NotAFinancialYear:
            continue  # "2018-21 framework" names a span, not the year of each amount
        if year:
            found.setdefault(year, cell_name(row_index + 1, column))
    if len(found) == 1:
        year, cell = next(iter(found.items()))
        return year, cell
    return None


def year_source(rows, header: HeaderMatch, sheet: str, year_columns, amount_columns, given_year, file_name):
    header_row = header.row_index + 1
    dated = [c for c in amount_columns if c.financial_year]
    undated = [c for c in amount_columns if not c.financial_year]
    if year_columns:
        column = year_columns[0]
        if given_year:
            raise LoaderError(
                f"--year {given_year} was given, but column {column_letter(column.index)} ('{column.header}') "
                "states each line's year; leave out --year",
                file=file_name, sheet=sheet, row=header_row, column=column.index, code="year_conflict",
            )
        if len(undated) > 1:
            _several(undated, header_row, file_name, sheet)
        if not undated:
            raise LoaderError(
                f"column {column_letter(column.index)} gives each row's year, but no money column without a "
                f"year is beside it; {money_column_advice(header.columns)}",
                file=file_name, sheet=sheet, row=header_row, code="no_amount_column",
            )
        return YearSource("column", column=column.index), undated[:1]
    if dated:
        years = {c.financial_year for c in dated}
        if given_year and years != {given_year}:
            first = dated[0]
            raise LoaderError(
                f"--year {given_year} was given, but the column headers state {', '.join(sorted(years))} "
                f"(column {column_letter(first.index)} '{first.header}'); leave out --year",
                file=file_name, sheet=sheet, row=header_row, column=first.index, code="year_conflict",
            )
        seen: dict[str, Column] = {}
        for column in dated:
            if column.financial_year in seen:
                raise LoaderError(
                    f"two columns hold {column.financial_year}: column {column_letter(seen[column.financial_year].index)} "
                    f"and column {column_letter(column.index)} ('{column.header}'); read one with "
                    f"--column ignored=\"{column.header}\"",
                    file=file_name, sheet=sheet, row=header_row, column=column.index, code="duplicate_year",
                )
            seen[column.financial_year] = column
        return YearSource("columns"), dated
    if len(undated) > 1:
        _several(undated, header_row, file_name, sheet)
    column = undated[0]
    try:
        sheet_year = year_in_header(sheet)
    except NotAFinancialYear:
        sheet_year = None
    title = title_year(rows, header.row_index, file_name, sheet)
    stated = [(f"the sheet name '{sheet}'", sheet_year)] if sheet_year else []
    stated += [(f"title cell {title[1]}", title[0])] if title else []
    if given_year:
        for where, year in stated:
            if year != given_year:
                raise LoaderError(
                    f"--year {given_year} was given, but {where} states {year}; leave out --year, or correct the file",
                    file=file_name, sheet=sheet, code="year_conflict",
                )
        return YearSource("given", year=given_year), [column]
    if sheet_year and title and title[0] != sheet_year:
        raise LoaderError(
            f"the sheet name states {sheet_year} but title cell {title[1]} states {title[0]}; "
            f"say which with --year {sheet_year} or --year {title[0]}",
            file=file_name, sheet=sheet, code="year_conflict",
        )
    if sheet_year:
        return YearSource("sheet_name", year=sheet_year), [column]
    if title:
        return YearSource("title", year=title[0], cell=title[1]), [column]
    raise LoaderError(
        f"column {column_letter(column.index)} '{column.header}' holds amounts but no financial year: "
        "its header, the sheet name and the title rows name none; give it, e.g. --year 2020/21",
        file=file_name, sheet=sheet, row=header_row, column=column.index, code="year_unknown",
    )


def _several(undated: list[Column], header_row: int, file_name: str, sheet: str) -> None:
    names = ", ".join(f"'{c.header}'" for c in undated)
    raise LoaderError(
        f"several money columns without a year ({names}); choose one with --column amount=\"{undated[0].header}\"",
        file=file_name, sheet=sheet, row=header_row, column=undated[0].index, code="several_money_columns",
    )
