"""Working out a file's Layout: which sheets, header, column roles, years, units and row roles.

Every conclusion is written into the Layout with the reason for it, or the
file is refused with the cell and the choice the user must make. Nothing
here builds the tidy frame; `loaders.read` applies what is decided here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from loaders.cells import is_filled, tidy_text
from loaders.errors import LoaderError, cell_name, column_index, column_letter
from loaders.forces import is_force_name
from loaders.headers import Column, HeaderMatch, find_header, header_key, match_header
from loaders.layout import ROLES, TEXT_ROLES, ColumnRole, Layout, SheetLayout, Unit, YearSource
from loaders.readers import Workbook
from loaders.rows import Body, RowFindings, body_of, classify_rows, find_group_rows, is_total_label
from loaders.transposed import detect_transposed, find_transposed
from loaders.units import UNIT_LABELS, given_unit, unit_in_text
from loaders.years import NotAFinancialYear, YearSpan, normalise_year, year_in_header, year_of_period

ORGANISATION_WORDS = re.compile(
    r"\b(?:ltd|limited|cic|trust|council|charity|nhs|foundation|association|society|partnership|"
    r"women'?s aid|victim support|plc|llp|university|hospital|housing|cio|group|project|centre|refuge)\b",
    re.IGNORECASE,
)
NOTE_KEYS = {"notes", "note", "comments", "comment", "remarks", "narrative", "explanation", "commentary"}
# A column holds text, not money, when most of its filled cells are words.
TEXT_SHARE = 0.5


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
    layout: Layout | None = None


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
    return year or (_title_year(book.rows(sheet), header.row_index, book.file_name, sheet) or (None,))[0]


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


def _title_rows(rows: list[list], header_index: int) -> list[tuple[int, int, str]]:
    """(row, column, text) of every text cell above the header: titles, notes, metadata blocks."""
    cells = []
    for row_index in range(header_index):
        for column, value in enumerate(rows[row_index]):
            if isinstance(value, str) and value.strip():
                cells.append((row_index, column, " ".join(value.split())))
    return cells


def _title_year(rows, header_index, file_name, sheet) -> tuple[str, str] | None:
    """The one financial year the rows above the header name, with its cell; dates are not years."""
    found: dict[str, str] = {}
    for row_index, column, text in _title_rows(rows, header_index):
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


# --- one sheet ---------------------------------------------------------------------------------

def _detect_sheet(book: Workbook, sheet: str, header, options: Options, given_year: str | None,
                  given_factor: float | None) -> SheetLayout:
    rows = book.rows(sheet)
    if not isinstance(header, HeaderMatch):
        return detect_transposed(book, sheet, header, given_year=given_year, given_factor=given_factor,
                                 title_rows=_title_rows(rows, header.row_index))
    file_name = book.file_name
    last_row = options.last_row
    if last_row is not None and last_row <= header.row_index + 1:
        raise LoaderError(f"--last-row {last_row} is not below the header on row {header.row_index + 1}",
                          file=book.file_name, sheet=sheet, code="bad_option")
    body = body_of(book.memo, sheet, rows, header.row_index, last_row)
    header_row = header.row_index + 1
    columns = {column.index: column for column in header.columns}
    overridden = _apply_overrides(columns, header, options, file_name, sheet)
    _hidden(columns, book.hidden_columns(sheet), overridden)
    _by_content(columns, body, overridden)
    _best_year_column(columns, body, overridden)
    _one_column_per_role(columns)
    unit_row = _unit_row(body, columns)

    year_columns = [c for c in columns.values() if c.field == "financial_year"]
    amount_columns = [c for c in columns.values() if c.field == "amount"]
    for column in amount_columns:
        if column.year_problem:
            code = "year_span" if column.year_span else "bad_year"
            advice = (f"; split it into one column per year, or leave it out with "
                      f"--column ignored=\"{column.header}\"" if column.year_span else "")
            raise LoaderError(f"column {column_letter(column.index)} '{column.header}': {column.year_problem}{advice}",
                              file=file_name, sheet=sheet, row=header_row, column=column.index, code=code)
    if not amount_columns:
        raise LoaderError(f"no column under the header on row {header_row} holds money; name it with "
                          "--column amount=\"HEADER\"", file=file_name, sheet=sheet, row=header_row,
                          code="no_amount_column")
    years, used = _year_source(rows, header, sheet, year_columns, amount_columns, given_year, file_name)
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
            label_indexes=[], file_name=file_name, sheet=sheet,
            skip_positions=frozenset({unit_row} if unit_row is not None else ()),
        )
    except LoaderError as problem:
        # 'Allocation (£)' in a money column is no amount: it heads a second table, which is the real trouble.
        if problem.code == "bad_amount" and problem.row is not None:
            position = problem.row - body.first - 1
            other = match_header(body.rows[position], problem.row - 1)
            if other is not None and other.amount_columns and _names_columns(other):
                _second_table(other, problem.row, header, file_name, sheet)
        raise
    _refuse_second_table(body, header, findings, file_name, sheet)
    sheet_unit = _sheet_unit(rows, header, body, findings, sheet, file_name, given_factor)
    roles = tuple(_role(columns[index], unit_row, given_factor, body) for index in sorted(columns))
    draft = SheetLayout(sheet=sheet, shape="long" if years.kind == "column" else "wide",
                        header_rows=_header_rows(header), columns=roles, years=years, unit=sheet_unit)
    _check_unstated_units(draft, body, findings, file_name)
    details = [index for index, column in columns.items()
               if column.field in ("provider", "provision", "commissioning_type", "funding_partners", "geography")]
    groups = find_group_rows(body, findings, used_indexes, details)
    groups = sorted(set(groups) | set(options.total_rows))
    if groups:
        group_positions = {row - body.first - 1 for row in groups}
        findings.line_positions = [p for p in findings.line_positions if p not in group_positions]
    line_name, line_source = _line_name(columns, rows, header, options, file_name, sheet)
    return SheetLayout(
        sheet=sheet, shape=draft.shape, header_rows=draft.header_rows, columns=roles, years=years,
        unit=sheet_unit, line_name=line_name, line_name_source=line_source,
        section_rows=tuple(findings.section_rows), total_rows=tuple(sorted(set(findings.total_rows) | set(groups))),
        group_rows=tuple(groups), skipped_rows=tuple(sorted(findings.skipped_rows)), last_row=last_row,
    )


def _index(columns: dict[int, Column], role: str) -> int | None:
    return next((index for index, column in sorted(columns.items()) if column.field == role), None)


def _header_rows(header: HeaderMatch) -> tuple[int, ...]:
    joined = any(len(column.keys) > 1 for column in header.columns)
    return (header.row_index, header.row_index + 1) if joined else (header.row_index + 1,)


def _find_column(columns: dict[int, Column], wanted: str, header: HeaderMatch, file_name: str, sheet: str,
                 option: str) -> Column:
    text = wanted.strip()
    for column in columns.values():
        if column.header.casefold() == text.casefold() or header_key(column.header) == header_key(text):
            return column
    if re.fullmatch(r"[A-Za-z]{1,3}", text):
        index = column_index(text)
        if index in columns:
            return columns[index]
    listed = ", ".join(f"'{c.header}'" for c in sorted(columns.values(), key=lambda c: c.index))
    raise LoaderError(f"{option}: no column headed '{text}' on row {header.row_index + 1} (the headers are {listed})",
                      file=file_name, sheet=sheet, row=header.row_index + 1, code="bad_option")


def _set_role(columns: dict[int, Column], column: Column, role: str, reason: str) -> None:
    if role in TEXT_ROLES or role == "financial_year":
        for other in columns.values():
            if other is not column and other.field == role:
                other.field, other.reason = None, f"not used: column {column_letter(column.index)} is the {role}"
    column.field = None if role == "ignored" else role
    column.reason = reason
    column.confident = True
    if role != "amount":
        column.financial_year, column.year_problem = None, None


def _apply_overrides(columns, header, options: Options, file_name: str, sheet: str) -> set[int]:
    """The user's choices (saved Layout, --column, --year-column, the upload page), in rising precedence."""
    overridden: set[int] = set()
    if options.layout is not None:
        saved = next((s for s in options.layout.sheets if s.sheet == sheet), options.layout.sheets[0])
        for role in saved.columns:
            if role.role == "amount" and role.financial_year:
                continue  # next year's file names its own years
            match = next((c for c in columns.values() if c.header.casefold() == role.header.casefold()), None)
            if match is None:
                if role.role == "ignored":
                    continue
                listed = ", ".join(f"'{c.header}'" for c in sorted(columns.values(), key=lambda c: c.index))
                raise LoaderError(
                    f"the saved Layout reads column '{role.header}' as {role.role}, but the header on row "
                    f"{header.row_index + 1} has no such column (it has {listed}); detect afresh without --layout",
                    file=file_name, sheet=sheet, row=header.row_index + 1, code="layout_mismatch",
                )
            _set_role(columns, match, role.role, f"saved Layout: {role.reason}" if role.reason else "saved Layout")
            overridden.add(match.index)
    for role, wanted in options.columns:
        if role not in ROLES:
            raise LoaderError(f"--column {role}=…: '{role}' is not a role; use one of {', '.join(ROLES)}",
                              file=file_name, code="bad_option")
        column = _find_column(columns, wanted, header, file_name, sheet, f"--column {role}")
        _set_role(columns, column, role, f"given with --column {role}")
        if role == "amount" and column.financial_year is None:
            try:
                column.financial_year = year_in_header(column.header)
            except NotAFinancialYear as problem:
                column.year_problem = str(problem)
                column.year_span = isinstance(problem, YearSpan)
        if role == "amount" and column.scale is None:
            column.scale = unit_in_text(column.header)
        overridden.add(column.index)
    if options.year_column:
        column = _find_column(columns, options.year_column, header, file_name, sheet, "--year-column")
        _set_role(columns, column, "financial_year", "given with --year-column")
        overridden.add(column.index)
    for index, role in options.column_roles:
        if index in columns:
            _set_role(columns, columns[index], role, "chosen on the upload page")
            if role == "amount":
                column = columns[index]
                try:
                    column.financial_year = year_in_header(column.header)
                except NotAFinancialYear as problem:
                    column.year_problem = str(problem)
                    column.year_span = isinstance(problem, YearSpan)
                if column.scale is None:
                    column.scale = unit_in_text(column.header)
            overridden.add(index)
    return overridden


def _by_content(columns: dict[int, Column], body: Body, overridden: set[int]) -> None:
    """Columns whose names mislead or say nothing, read by what they hold."""
    have = {column.field for column in columns.values()}
    for index, column in sorted(columns.items()):
        if index in overridden:
            continue
        if column.field == "amount" and not column.financial_year and not column.year_problem:
            values, problems, strings, _ = body.amounts(index)
            figures = int(np.count_nonzero(~np.isnan(values)))
            words = len(problems)
            if words >= 2 and words > TEXT_SHARE * (words + figures):
                sample = next(iter(sorted({tidy_text(body.cells[index][p]) for p in problems})))
                column.field = None
                column.reason = f"holds words such as '{sample}', not amounts (by content)"
            continue
        if column.field is not None or column.reason or column.financial_year:
            continue
        if header_key(column.header) in NOTE_KEYS:
            column.reason = "notes: read by no rule, whatever they mention"
            continue
        texts = [tidy_text(value) for value in body.cells[index] if is_filled(value) and isinstance(value, str)]
        if len(texts) < 2:
            continue
        if "area" not in have and sum(map(is_force_name, texts)) >= 0.6 * len(texts):
            column.field, column.reason, have = "area", "holds police force area names (by content)", have | {"area"}
        elif "provider" not in have and sum(bool(ORGANISATION_WORDS.search(t)) for t in texts) >= 0.5 * len(texts):
            column.field, column.reason = "provider", "holds organisation names (by content)"
            have |= {"provider"}
        elif "financial_year" not in have and sum(_is_year_text(t) for t in texts) >= 0.8 * len(texts):
            column.field, column.reason = "financial_year", "holds financial years (by content)"
            have |= {"financial_year"}
    if "service" in have:
        # A guessed service column that is really the provider or the area gives up the guess.
        guessed = [c for c in columns.values() if c.field == "service" and not c.confident]
        for column in guessed:
            if any(c.field == "service" and c is not column for c in columns.values()):
                column.field, column.reason = None, ""


def _hidden(columns: dict[int, Column], hidden: set[int], overridden: set[int]) -> None:
    """A column hidden in the workbook holds workings, not the published table."""
    for index in hidden & set(columns) - overridden:
        column = columns[index]
        if column.field in ("amount", "financial_year") or column.field is None:
            column.field, column.reason = None, "hidden in the workbook (workings, not the published table)"
            column.financial_year, column.year_problem = None, None


def _best_year_column(columns: dict[int, Column], body: Body, overridden: set[int]) -> None:
    """Of several period columns ('Period' 1–12 beside 'FY'), the one whose cells are years."""
    candidates = [c for c in columns.values() if c.field == "financial_year"]
    if len(candidates) < 2:
        return
    def share(column: Column) -> float:
        values = [v for v in body.cells[column.index] if is_filled(v)]
        return sum(_is_year_value(v) for v in values) / len(values) if values else 0.0
    ranked = sorted(candidates, key=lambda c: (c.index not in overridden, -share(c), c.index))
    for column in ranked[1:]:
        column.field = None
        column.reason = (f"not the year: column {column_letter(ranked[0].index)} is"
                         if share(column) else "period numbers, not financial years")


def _is_year_value(value: object) -> bool:
    if isinstance(value, float) and value.is_integer() and value < 100:
        return False  # a period number, 1 to 12
    try:
        return year_of_period(value) is not None
    except NotAFinancialYear:
        return False


def _is_year_text(text: str) -> bool:
    try:
        return year_of_period(text) is not None
    except NotAFinancialYear:
        return False


def _one_column_per_role(columns: dict[int, Column]) -> None:
    seen: dict[str, Column] = {}
    for index in sorted(columns):
        column = columns[index]
        if column.field in TEXT_ROLES or column.field == "financial_year":
            if column.field in seen:
                first = seen[column.field]
                column.field = None
                column.reason = f"a second {column.header!r}-like column; column {column_letter(first.index)} is used"
            else:
                seen[column.field] = column


def _unit_row(body: Body, columns: dict[int, Column]) -> int | None:
    """A row under the header that only states units ('£k' under '2019/20'): a second header row."""
    if not body.rows:
        return None
    row = body.rows[0]
    filled = [(index, value) for index, value in enumerate(row) if is_filled(value)]
    if not filled or not all(isinstance(value, str) and len(value) <= 16 and unit_in_text(value) is not None
                             for _, value in filled):
        return None
    for index, value in filled:
        column = columns.get(index)
        if column is not None and column.field == "amount" and column.scale is None:
            column.scale = unit_in_text(value)
            column.unit_source = ("second header row", cell_name(body.first + 1, index))
    return 0


def _names_columns(other: HeaderMatch) -> bool:
    """A row that names a column by a heading the loader knows, not a data row with a word in its money."""
    return any(c.confident and c.field and c.field != "amount" and c.reason == "by its header" for c in other.columns)


def _plain_key(text: str) -> str:
    return header_key(text).replace("£", "").strip()


def _refuse_second_table(body: Body, header: HeaderMatch, findings: RowFindings, file_name: str,
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
    for row in sorted(set(findings.skipped_rows + findings.section_rows)):
        if row >= last_line:
            break
        values = body.rows[row - body.first - 1]
        if sum(isinstance(v, str) and bool(v.strip()) for v in values) < 2:
            continue
        other = match_header(values, row - 1)
        if other is None:
            continue
        years = {(c.index, c.financial_year) for c in other.amount_columns if c.financial_year}
        # An undated money heading over a dated column of the first table ("Amount (£)" over 2018/19's column).
        retitled = [c for c in other.amount_columns if not c.financial_year and c.index in main_headings
                    and _plain_key(c.header) not in main_headings[c.index]]
        if (not years or years <= main_years) and not (retitled and _names_columns(other)):
            continue
        _second_table(other, row, header, file_name, sheet)


def _second_table(other: HeaderMatch, row: int, header: HeaderMatch, file_name: str, sheet: str) -> None:
    headers = ", ".join(f"'{c.header}'" for c in other.columns if c.field)[:160]
    raise LoaderError(
        f"row {row} starts another table ({headers}), with columns unlike the header on row "
        f"{header.row_index + 1}; read the first table alone with --last-row {row - 1}",
        file=file_name, sheet=sheet, row=row, code="second_table",
    )


def _year_source(rows, header: HeaderMatch, sheet: str, year_columns, amount_columns, given_year, file_name):
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
                f"year is beside it; name it with --column amount=\"HEADER\"",
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
    title = _title_year(rows, header.row_index, file_name, sheet)
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


def _sheet_unit(rows, header: HeaderMatch, body: Body, findings: RowFindings, sheet: str, file_name: str,
                given_factor: float | None) -> Unit:
    if given_factor is not None:
        return Unit(factor=given_factor, label=UNIT_LABELS[given_factor], source="given")
    stated: list[tuple[float, str, str | None]] = []
    for row_index, column, text in _title_rows(rows, header.row_index):
        factor = unit_in_text(text)
        if factor is not None:
            stated.append((factor, "title row", cell_name(row_index + 1, column)))
    last_figure = max([body.source_row(p) for p in findings.line_positions] + findings.total_rows, default=0)
    for row in findings.skipped_rows + findings.section_rows:
        if row <= last_figure:
            continue
        for column, value in enumerate(body.rows[row - body.first - 1]):
            if isinstance(value, str) and (factor := unit_in_text(value)) is not None:
                stated.append((factor, "note row", cell_name(row, column)))
    sheet_factor = unit_in_text(sheet)
    if sheet_factor is not None:
        stated.append((sheet_factor, "sheet name", None))
    factors = {factor for factor, _, _ in stated}
    if len(factors) > 1:
        (first, second) = stated[0], next(s for s in stated if s[0] != stated[0][0])
        where = lambda s: f"{s[1]} {s[2]}" if s[2] else s[1]  # noqa: E731
        raise LoaderError(
            f"{where(first)} says {UNIT_LABELS[first[0]]} but {where(second)} says {UNIT_LABELS[second[0]]}; "
            f"say which with --units {UNIT_LABELS[first[0]]} or --units {UNIT_LABELS[second[0]]}",
            file=file_name, sheet=sheet, code="units_unknown",
        )
    if stated:
        factor, source, cell = stated[0]
        return Unit(factor=factor, label=UNIT_LABELS[factor], source=source, cell=cell)
    return Unit()


def _role(column: Column, unit_row, given_factor, body: Body) -> ColumnRole:
    role = column.field or "ignored"
    unit = None
    if role == "amount" and column.scale is not None and given_factor is None:
        source, cell = getattr(column, "unit_source", ("header", cell_name(body.first, column.index)))
        unit = Unit(factor=column.scale, label=UNIT_LABELS[column.scale], source=source, cell=cell)
    reason = column.reason
    if role == "ignored" and not reason:
        reason = "its header names nothing the loader reads"
    return ColumnRole(index=column.index, header=column.header, role=role, reason=reason,
                      financial_year=column.financial_year if role == "amount" else None, unit=unit,
                      by_content="by content" in reason)


def _check_unstated_units(sheet: SheetLayout, body: Body, findings: RowFindings, file_name: str) -> None:
    """Figures such as 234.5 with no unit anywhere look like £m or £000: refuse rather than read pounds."""
    unstated = [c for c in sheet.amount_columns if sheet.unit_of(c).source == "default"]
    if not unstated or not findings.line_positions:
        return
    positions = np.asarray(findings.line_positions)
    largest, at = 0.0, None
    fractional = False
    for column in unstated:
        values, _, _, own = body.amounts(column.index)
        chosen = values[positions]
        chosen = chosen[~own[positions] & ~np.isnan(chosen)]
        if chosen.size == 0:
            continue
        fractional |= bool(np.any(np.abs(chosen - np.round(chosen)) > 1e-9))
        top = float(np.max(np.abs(chosen)))
        if top >= largest:
            largest = top
            position = positions[int(np.argmax(np.where(np.isnan(values[positions]), -1, np.abs(values[positions]))))]
            at = (body.source_row(int(position)), column.index)
    if at is not None and fractional and largest < 1_000:
        raise LoaderError(
            f"figures such as {largest:g} look like £000 or £m, but the file states no unit; "
            "say which with --units £000, --units £m or --units £",
            file=file_name, sheet=sheet.sheet, row=at[0], column=at[1], code="units_unknown",
        )


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
    titles = [(r, c, text) for r, c, text in _title_rows(rows, header.row_index)
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
