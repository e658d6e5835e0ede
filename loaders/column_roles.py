"""What each column under a header holds: by its heading, by its content, or as the user said.

A heading can mislead ("Funding stream" holds words) or say nothing (a column of
force names headed "Area"); the content decides then, and the reason is kept for
the Layout to show.
"""
from __future__ import annotations

import re

import numpy as np

from loaders.cells import is_filled, tidy_text
from loaders.errors import LoaderError, cell_name, column_index, column_letter
from loaders.forces import is_force_name
from loaders.headers import Column, HeaderMatch, header_key
from loaders.layout import ROLES, TEXT_ROLES, ColumnRole, Unit
from loaders.options import Options
from loaders.rows import Body
from loaders.units import UNIT_LABELS, unit_in_text
from loaders.years import NotAFinancialYear, YearSpan, year_in_header, year_of_period


ORGANISATION_WORDS = re.compile(
    r"\b(?:ltd|limited|cic|trust|council|charity|nhs|foundation|association|society|partnership|"
    r"women'?s aid|victim support|plc|llp|university|hospital|housing|cio|group|project|centre|refuge)\b",
    re.IGNORECASE,
)


NOTE_KEYS = {"notes", "note", "comments", "comment", "remarks", "narrative", "explanation", "commentary"}
# A column holds text, not money, when most of its filled cells are words.


# A column holds text, not money, when most of its filled cells are words.
TEXT_SHARE = 0.5


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


def apply_overrides(columns, header, options: Options, file_name: str, sheet: str) -> set[int]:
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


def by_content(columns: dict[int, Column], body: Body, overridden: set[int]) -> None:
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


def ignore_hidden(columns: dict[int, Column], hidden: set[int], overridden: set[int]) -> None:
    """A column hidden in the workbook holds workings, not the published table."""
    for index in hidden & set(columns) - overridden:
        column = columns[index]
        if column.field in ("amount", "financial_year") or column.field is None:
            column.field, column.reason = None, "hidden in the workbook (workings, not the published table)"
            column.financial_year, column.year_problem = None, None


def best_year_column(columns: dict[int, Column], body: Body, overridden: set[int]) -> None:
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


def one_column_per_role(columns: dict[int, Column]) -> None:
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


def find_unit_row(body: Body, columns: dict[int, Column]) -> int | None:
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


def column_role(column: Column, unit_row, given_factor, body: Body) -> ColumnRole:
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


def money_column_advice(columns) -> str:
    """A --column choice that names a real heading: the rightmost column nothing else reads."""
    spare = [column for column in sorted(columns, key=lambda c: c.index) if column.field is None]
    if not spare:
        return "every column is read as something else; check the header row"
    return f"name it with --column amount=\"{spare[-1].header}\""
