"""Working out a file's Layout: which sheets, header, column roles, years, units and row roles.

Every conclusion is written into the Layout with the reason for it, or the
file is refused with the cell and the choice the user must make. Nothing
here builds the tidy frame; `loaders.read` applies what is decided here.
"""
from __future__ import annotations

from loaders.column_roles import (
    apply_overrides, best_year_column, by_content, column_role, find_unit_row, ignore_hidden, money_column_advice,
    one_column_per_role,
)
from loaders.errors import LoaderError, cell_name, column_index, column_letter
from loaders.headers import Column, HeaderMatch, find_header, header_key, match_header
from loaders.layout import Layout, SheetLayout
from loaders.options import Options
from loaders.readers import Workbook
from loaders.rows import body_of, classify_rows, find_group_rows, spans_of
from loaders.second_table import names_columns, refuse_second_table, refuse_table_at
from loaders.sheet_units import check_unstated_units, sheet_unit
from loaders.transposed import detect_transposed, find_transposed
from loaders.units import given_unit, unit_in_text
from loaders.years import NotAFinancialYear, normalise_year, year_in_header
from loaders.year_source import title_rows, title_year, year_source

__all__ = ["Options", "detect"]


def detect(book: Workbook, options: Options = Options()) -> Layout:
    given_year = _given_year(options, book.file_name)
    given_factor = _given_factor(options, book.file_name)
    names = list(options.sheets) or ([s.sheet for s in options.layout.sheets] if options.layout else [])
    for name in names:
        if name not in book.sheet_names:
            listed = ", ".join(f"'{sheet}'" for sheet in book.sheet_names)
            code = "layout_mismatch" if options.layout and not options.sheets else "no_sheet"
            raise LoaderError(f"there is no sheet '{name}' (the workbook has {listed})", file=book.file_name,
                              code=code)
    named = bool(names)
    found = {}
    for name in names or book.sheet_names:
        table = _find_table(book, name)
        if table is not None:
            found[name] = table
        elif named:
            raise _no_header(book.file_name, name)
    if not found:
        raise _no_header(book.file_name, None)
    if named:
        chosen = list(found)
    else:
        best = max(found, key=lambda name: found[name][0])
        chosen = [best] + _sibling_sheets(book, found, best)
    sheets = tuple(
        _detect_sheet(book, name, found[name][1], options, given_year, given_factor) for name in chosen
    )
    _check_sheet_years(sheets, book.file_name)
    return Layout(file_name=book.file_name, sheets=sheets, area=options.area)


def _given_year(options: Options, file_name: str) -> str | None:
    if not options.year:
        return None
    try:
        return normalise_year(options.year)
    except NotAFinancialYear as problem:
        raise LoaderError(f"--year: {problem}", file=file_name, code="bad_option")


def _given_factor(options: Options, file_name: str) -> float | None:
    if not options.units:
        return None
    try:
        return given_unit(options.units)
    except ValueError as problem:
        raise LoaderError(f"--units: {problem}", file=file_name, code="bad_option")


def _no_header(file_name: str, sheet: str | None) -> LoaderError:
    where = f"sheet '{sheet}'" if sheet else "any sheet"
    return LoaderError(
        f"no header row found in {where}: expected a row naming the columns, such as "
        "'Service' and a financial year like '2020/21 budget (£)'",
        file=file_name, sheet=sheet, code="no_header",
    )


def _find_table(book: Workbook, sheet: str):
    """(score, header) for the sheet's best table, or None; a transposed table scores above all."""
    rows = book.rows(sheet)
    transposed = find_transposed(rows)
    if transposed is not None:
        return 1_000, transposed
    header = find_header(rows)
    return (header.score, header) if header is not None else None


def _signature(header) -> tuple:
    if not isinstance(header, HeaderMatch):
        return ("transposed",)
    return tuple(sorted(
        (column.field or "", header_key(column.header)) for column in header.columns
        if column.field != "amount" and column.field
    )) + (len(header.amount_columns),)


def _sibling_sheets(book: Workbook, found: dict, best: str) -> list[str]:
    """Other sheets laid out like the best one, each for its own year: one sheet per financial year."""
    best_header = found[best][1]
    if not isinstance(best_header, HeaderMatch) or any(c.financial_year for c in best_header.amount_columns):
        return []
    signature = _signature(best_header)
    siblings = []
    for name, (_, header) in found.items():
        if name != best and _signature(header) == signature:
            siblings.append(name)
    if not siblings:
        return []
    years = {name: _sheet_year(book, name, found[name][1]) for name in [best] + siblings}
    if all(years.values()) and len(set(years.values())) == len(years):
        return [name for name in book.sheet_names if name in siblings]
    return []


def _sheet_year(book: Workbook, sheet: str, header: HeaderMatch) -> str | None:
    try:
        year = year_in_header(sheet)
    except NotAFinancialYear:
        year = None
    return year or (title_year(book.rows(sheet), header.row_index, book.file_name, sheet) or (None,))[0]


def _check_sheet_years(sheets: tuple[SheetLayout, ...], file_name: str) -> None:
    seen: dict[str, str] = {}
    for sheet in sheets:
        if sheet.years.year is None:
            continue
        if sheet.years.year in seen:
            raise LoaderError(
                f"sheets '{seen[sheet.years.year]}' and '{sheet.sheet}' both hold {sheet.years.year}; "
                f"read one of them with --sheet '{sheet.sheet}'",
                file=file_name, sheet=sheet.sheet, code="year_conflict",
            )
        seen[sheet.years.year] = sheet.sheet


# --- one sheet ---------------------------------------------------------------------------------

def _detect_sheet(book: Workbook, sheet: str, header, options: Options, given_year: str | None,
                  given_factor: float | None) -> SheetLayout:
    rows = book.rows(sheet)
    if not isinstance(header, HeaderMatch):
        return detect_transposed(book, sheet, header, given_year=given_year, given_factor=given_factor,
                                 title_rows=title_rows(rows, header.row_index))
    file_name = book.file_name
    last_row = options.last_row
    if last_row is not None and last_row <= header.row_index + 1:
        raise LoaderError(f"--last-row {last_row} is not below the header on row {header.row_index + 1}",
                          file=book.file_name, sheet=sheet, code="bad_option")
    body = body_of(book.memo, sheet, rows, header.row_index, last_row)
    header_row = header.row_index + 1
    columns = {column.index: column for column in header.columns}
    overridden = apply_overrides(columns, header, options, file_name, sheet)
    ignore_hidden(columns, book.hidden_columns(sheet), overridden)
    by_content(columns, body, overridden)
    best_year_column(columns, body, overridden)
    one_column_per_role(columns)
    unit_row = find_unit_row(body, columns)
    # A row the publisher hid holds workings or a withdrawn line, not the published table.
    hidden_rows = set() if options.read_hidden_rows else {
        row for row in book.hidden_rows(sheet) if body.first < row <= body.first + len(body.rows)}
    hidden_positions = frozenset(row - body.first - 1 for row in hidden_rows)

    year_columns = [c for c in columns.values() if c.field == "financial_year"]
    amount_columns = [c for c in columns.values() if c.field == "amount"]
    for column in amount_columns:
        if column.year_problem:
            code = "year_span" if column.year_span else "bad_year"
            # Leaving out the only money column would leave nothing to read: then the file must change.
            others = any(c is not column and not c.year_problem for c in amount_columns)
            advice = ("" if not column.year_span else
                      f"; split it into one column per year, or leave it out with --column ignored=\"{column.header}\""
                      if others else "; split it into one column per year in the file")
            raise LoaderError(f"column {column_letter(column.index)} '{column.header}': {column.year_problem}{advice}",
                              file=file_name, sheet=sheet, row=header_row, column=column.index, code=code)
    for column in amount_columns:
        if column.unit_problem and given_factor is None and column.scale is None:
            raise LoaderError(
                f"column {column_letter(column.index)} '{column.header}' states its figures in "
                f"'{column.unit_problem}', a unit the loader does not read (it reads £, £000 and £m); say which "
                "the figures are in with --units £, --units £000 or --units £m",
                file=file_name, sheet=sheet, row=header_row, column=column.index, code="units_unknown")
    if not amount_columns:
        raise LoaderError(f"no column under the header on row {header_row} holds money; "
                          f"{money_column_advice(columns.values())}", file=file_name, sheet=sheet, row=header_row,
                          code="no_amount_column")
    years, used = year_source(rows, header, sheet, year_columns, amount_columns, given_year, file_name)
    for column in amount_columns:
        if column not in used:
            column.field = None
            column.reason = "a money column without a year beside the year columns (a total, not read)"
    used_indexes = [c.index for c in used]

    try:
        findings = classify_rows(
            body, header, amount_indexes=used_indexes,
            service_index=_index(columns, "service") if _index(columns, "service") is not None
            else _index(columns, "provider"), area_index=_index(columns, "area"),
            file_name=file_name, sheet=sheet,
            skip_positions=frozenset({unit_row} if unit_row is not None else ()) | hidden_positions,
        )
    except LoaderError as problem:
        # 'Allocation (£)' in a money column is no amount: it heads a second table, which is the real trouble.
        if problem.code == "bad_amount" and problem.row is not None:
            position = problem.row - body.first - 1
            other = match_header(body.rows[position], problem.row - 1)
            if other is not None and other.amount_columns and names_columns(other):
                refuse_table_at(other, problem.row, header, file_name, sheet)
        raise
    refuse_second_table(body, header, findings, file_name, sheet)
    _refuse_unsaved_formulas(book, sheet, body, columns, hidden_rows)
    column_units = [(c.scale, *getattr(c, "unit_source", ("header", cell_name(header_row, c.index))))
                    for c in used if c.scale is not None]
    unit = sheet_unit(rows, header, body, findings, sheet, file_name, given_factor, column_units)
    roles = tuple(column_role(columns[index], unit_row, given_factor, body) for index in sorted(columns))
    draft = SheetLayout(sheet=sheet, shape="long" if years.kind == "column" else "wide",
                        header_rows=_header_rows(header), columns=roles, years=years, unit=unit)
    check_unstated_units(draft, body, findings, file_name)
    details = [index for index, column in columns.items()
               if column.field in ("provider", "provision", "commissioning_type", "funding_partners", "geography")]
    spans = find_group_rows(body, findings, used_indexes, details)
    named = sorted(set(options.total_rows) - {row for row, _, _ in spans})
    spans = sorted(spans + spans_of(body, findings, used_indexes, named, file_name, sheet))
    groups = [row for row, _, _ in spans]
    if groups:
        group_positions = {row - body.first - 1 for row in groups}
        findings.line_positions = [p for p in findings.line_positions if p not in group_positions]
    line_name, line_source = _line_name(columns, rows, header, options, file_name, sheet)
    return SheetLayout(
        sheet=sheet, shape=draft.shape, header_rows=draft.header_rows, columns=roles, years=years,
        unit=unit, line_name=line_name, line_name_source=line_source,
        section_rows=tuple(findings.section_rows), total_rows=tuple(sorted(set(findings.total_rows) | set(groups))),
        group_rows=tuple(groups), group_spans=tuple(spans), skipped_rows=tuple(sorted(findings.skipped_rows)),
        last_row=last_row,
        hidden_rows=tuple(sorted(hidden_rows)),
    )


def _refuse_unsaved_formulas(book: Workbook, sheet: str, body, columns: dict[int, Column], hidden: set[int]) -> None:
    """A formula never calculated (a file written by a program) reads as a blank: the table would be short."""
    used = {index for index, column in columns.items() if column.field}
    for cell in book.unsaved_formulas(sheet):
        letters = cell.rstrip("0123456789")
        row, column = int(cell[len(letters):]), column_index(letters)
        if body.first < row <= body.first + len(body.rows) and row not in hidden and column in used:
            raise LoaderError(
                "this cell holds a formula with no saved value (the file was written by a program and never "
                "calculated), so its figure is unknown; open the file in Excel or LibreOffice, save it, and load "
                "it again", file=book.file_name, sheet=sheet, row=row, column=column, code="formula_without_value")


def _index(columns: dict[int, Column], role: str) -> int | None:
    return next((index for index, column in sorted(columns.items()) if column.field == role), None)


def _header_rows(header: HeaderMatch) -> tuple[int, ...]:
    joined = any(len(column.keys) > 1 for column in header.columns)
    return (header.row_index, header.row_index + 1) if joined else (header.row_index + 1,)


def _line_name(columns, rows, header: HeaderMatch, options: Options, file_name: str, sheet: str):
    if any(column.field == "service" for column in columns.values()):
        return None, None
    provider = next((c for c in columns.values() if c.field == "provider"), None)
    if provider is not None and not options.line:
        provider.reason = f"{provider.reason}; with no service column, it names each line"
        return None, None
    if options.line:
        return " ".join(options.line.split()), "given with --line"
    if options.layout is not None:
        saved = next((s for s in options.layout.sheets if s.line_name), None)
        if saved is not None:
            return saved.line_name, "saved Layout"
    titles = [(r, c, text) for r, c, text in title_rows(rows, header.row_index)
              if unit_in_text(text) is None or len(text) > 12]
    if len(titles) == 1:
        row_index, column, text = titles[0]
        return text, f"title cell {cell_name(row_index + 1, column)}"
    area = next((c for c in columns.values() if c.field == "area"), None)
    raise LoaderError(
        f"the table names no service for its lines (the header on row {header.row_index + 1} has "
        f"'{area.header if area else ''}' and money columns only); name what the figures are, "
        "e.g. --line \"Police grant\"",
        file=file_name, sheet=sheet, row=header.row_index + 1, code="no_service_column",
    )
