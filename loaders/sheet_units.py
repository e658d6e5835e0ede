"""The unit of a sheet's figures, from its title, notes or name, and the refusal when
figures such as 234.5 stand with no unit stated anywhere.
"""
from __future__ import annotations

import numpy as np

from loaders.errors import LoaderError, cell_name, column_index
from loaders.headers import HeaderMatch
from loaders.layout import SheetLayout, Unit
from loaders.rows import Body, RowFindings
from loaders.units import UNIT_LABELS, unit_in_text
from loaders.year_source import title_rows


def sheet_unit(rows, header: HeaderMatch, body: Body, findings: RowFindings, sheet: str, file_name: str,
               given_factor: float | None, column_units: list[tuple[float, str, str | None]] = ()) -> Unit:
    """The sheet's unit; `column_units` are the (factor, where, cell) the money headings state."""
    stated: list[tuple[float, str, str | None]] = []
    for row_index, column, text in title_rows(rows, header.row_index):
        factor = unit_in_text(text)
        if factor is not None:
            stated.append((factor, "title row", cell_name(row_index + 1, column)))
    lines_end = [body.source_row(max(findings.line_positions))] if findings.line_positions else []
    last_figure = max(lines_end + findings.total_rows, default=0)
    for row in findings.skipped_rows + findings.section_rows:
        if row <= last_figure:
            continue
        for column, value in enumerate(body.rows[row - body.first - 1]):
            if isinstance(value, str) and (factor := unit_in_text(value)) is not None:
                stated.append((factor, "note row", cell_name(row, column)))
    sheet_factor = unit_in_text(sheet)
    if sheet_factor is not None:
        stated.append((sheet_factor, "sheet name", None))
    if given_factor is not None:
        refuse_units_conflict(given_factor, list(column_units) + stated, file_name, sheet)
        return Unit(factor=given_factor, label=UNIT_LABELS[given_factor], source="given")
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


def refuse_units_conflict(given_factor: float, stated: list[tuple[float, str, str | None]], file_name: str,
                          sheet: str) -> None:
    """--units overrides only what the file leaves unsaid: against the file's own word, it would
    scale every figure, totals too, by a thousand, and nothing would show it."""
    clash = next((entry for entry in stated if entry[0] != given_factor), None)
    if clash is None:
        return
    factor, where, cell = clash
    letters = cell.rstrip("0123456789") if cell else None
    raise LoaderError(
        f"--units {UNIT_LABELS[given_factor]} was given, but the {where}{' ' + cell if cell else ''} says "
        f"{UNIT_LABELS[factor]}; leave out --units",
        file=file_name, sheet=sheet, row=int(cell[len(letters):]) if cell else None,
        column=column_index(letters) if cell else None, code="units_conflict",
    )


def check_unstated_units(sheet: SheetLayout, body: Body, findings: RowFindings, file_name: str) -> None:
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
