"""Applying a Layout to a workbook's cells: the tidy frame and the totals the file declares.

Nothing is decided here. Which rows are lines, sections and totals, which
column is which, each amount's year and unit: all come from the Layout, so
what was explained to the user is exactly what is read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.cells import DECLARED_COLUMNS, first_text, section_name
from loaders.commissioning import normalise_commissioning
from loaders.errors import LoaderError, column_letter
from loaders.layout import Layout, SheetLayout
from loaders.readers import Workbook
from loaders.amounts import AmountError, has_own_unit, parse_amount
from loaders.rows import TOTAL_WORDS, body_of, footnote_marks
from loaders.schema import TIDY_COLUMNS, UNASSIGNED_AREA, empty_tidy_frame
from loaders.transposed import is_year_cell
from loaders.years import NotAFinancialYear, year_in_header, year_of_period

@dataclass
class Read:
    tidy: pd.DataFrame
    declared: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def read(book: Workbook, layout: Layout) -> Read:
    frames, declared = [], []
    for sheet in layout.sheets:
        if sheet.shape == "transposed":
            tidy, totals = _read_transposed(book, sheet, layout.area)
        else:
            tidy, totals = _read_table(book, sheet, layout.area)
        frames.append(tidy)
        declared += totals
    tidy = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return Read(tidy=tidy, declared=pd.DataFrame(declared, columns=DECLARED_COLUMNS))


def _scaled(values: np.ndarray, own_unit: np.ndarray, factor: float) -> np.ndarray:
    if factor == 1.0:
        return values
    return np.round(np.where(own_unit, values, values * factor), 2)


def _read_table(book: Workbook, sheet: SheetLayout, area: str | None):
    file_name = book.file_name
    rows = book.rows(sheet.sheet)
    body = body_of(book.memo, sheet.sheet, rows, sheet.header_row - 1, sheet.last_row)
    body.file_name = file_name  # so a bad year cell met anywhere below is named with its file
    first = body.first
    amount_columns = sheet.amount_columns
    amounts = []
    for column in amount_columns:
        values, problems, _, own = body.amounts(column.index)
        amounts.append((column, _scaled(values, own, sheet.unit_of(column).factor), problems))
    role_index = {c.role: c.index for c in sheet.columns if c.role not in ("amount", "ignored")}
    service_index, area_index = role_index.get("service"), role_index.get("area")
    if service_index is None and not sheet.line_name:
        service_index = role_index.get("provider")  # a grant list: each recipient names its line
    strategic_index = role_index.get("strategic_area")
    labels = body.column_texts(service_index) if service_index is not None else None
    area_texts = body.column_texts(area_index) if area_index is not None else None
    strategic_texts = body.column_texts(strategic_index) if strategic_index is not None else None
    amount_set = {column.index for column in amount_columns}
    sections, totals, groups = set(sheet.section_rows), set(sheet.total_rows), set(sheet.group_rows)
    skipped = set(sheet.skipped_rows)
    has_figure = np.zeros(len(body.rows), dtype=bool)
    for _, values, _ in amounts:
        has_figure |= ~np.isnan(values)
    # Only rows that hold a figure or a role need visiting; a national sheet is mostly lines.
    visit = sorted(set(np.flatnonzero(has_figure).tolist())
                   | {row - first - 1 for row in sections | totals if row - first - 1 >= 0})

    current_section, block_start = UNASSIGNED_AREA, first + 1
    current_area = area or "Unspecified"
    area_seen = False
    previous_total: tuple[str, int] | None = None  # (label, block start) of the row just before, if a total
    declared: list[dict] = []
    # Each group row stands for the run of lines the Layout says it sums; those lines are its area.
    spans = {row: (low, high) for row, low, high in sheet.group_spans}
    group_of_line: dict[int, int] = {}
    for row, (low, high) in spans.items():
        for line_row in range(low, high + 1):
            group_of_line.setdefault(line_row, row)
    group_names: dict[int, str] = {}
    found = Found()
    plain = _plain_lines(visit, first, labels, area_texts, strategic_texts, amounts,
                         sections | totals | skipped | set(group_of_line))
    events = [position for position, is_plain in zip(visit, plain) if not is_plain]
    if area_texts is not None:
        events = sorted(set(events) | _first_of_each_area(visit, plain, area_texts, first, totals | skipped))
    plain_visits = [position for position, is_plain in zip(visit, plain) if is_plain]
    added = 0
    for position in events + [None]:
        # The plain lines before this row: each keeps the force and section in force, nothing else.
        upto = bisect.bisect_left(plain_visits, position) if position is not None else len(plain_visits)
        if upto > added:
            found.extend(plain_visits[added:upto], current_area, current_section, labels)
            previous_total = None
        added = max(added, upto + (1 if upto < len(plain_visits) and plain_visits[upto] == position else 0))
        if position is None:
            break
        source_row = first + position + 1
        if source_row in skipped:
            continue
        area_text = area_texts[position] if area_texts is not None else ""
        label = (labels[position] if labels is not None else "") \
            or first_text(body.rows[position], amount_set, area_index) or ""
        if area_text and source_row not in totals:
            if area_text != current_area and area_seen:
                current_section, block_start = UNASSIGNED_AREA, source_row
            # The first force named: sections above it (often without the force's cell) still apply.
            current_area, area_seen = area_text, True
        if source_row not in totals:
            previous_total = None
        if source_row in sections:
            current_section, block_start = section_name(label), source_row + 1
            continue
        if source_row in totals:
            label = label or area_text
            if source_row in groups:
                group_names[source_row] = section_name(label)
                low, high = spans.get(source_row, (source_row + 1, source_row))
                for column, values, _ in amounts:
                    if values[position] == values[position]:
                        declared.append(_declared(
                            current_area, label, "subtotal", group_names[source_row],
                            _year(sheet, column, body, position), values[position], low, high,
                            file_name, sheet.sheet, source_row))
                continue
            remainder = [w for w in re.split(r"[\s:]+", label.lower()) if w and w not in TOTAL_WORDS]
            is_subtotal = "sub" in label.lower() or bool(
                remainder and current_section != UNASSIGNED_AREA and remainder[0] in current_section.lower())
            if previous_total is not None and previous_total[0] == label:
                # A long table repeats a subtotal once per year, on consecutive rows: one block, many years.
                block_start = previous_total[1]
            previous_total = (label, block_start)
            for column, values, _ in amounts:
                if values[position] == values[position]:
                    declared.append(_declared(
                        current_area, label, "subtotal" if is_subtotal else "grand_total",
                        current_section if is_subtotal else "", _year(sheet, column, body, position),
                        values[position], block_start if is_subtotal else first + 1, source_row - 1,
                        file_name, sheet.sheet, source_row))
            if is_subtotal:
                block_start = source_row + 1
            continue
        for column, _, problems in amounts:
            if position in problems:
                raise LoaderError(problems[position], file=file_name, sheet=sheet.sheet, row=source_row,
                                  column=column.index, code="bad_amount")
        if not label and sheet.line_name:
            label = sheet.line_name
        if sheet.line_name and service_index is None:
            label = sheet.line_name
        if not label:
            raise LoaderError("this row has amounts but no service name", file=file_name, sheet=sheet.sheet,
                              row=source_row, column=service_index, code="no_service_column")
        if strategic_texts is not None and strategic_texts[position]:
            # A strategic area cell merged down its group holds its text in the first row only.
            named = section_name(strategic_texts[position])
            if named != current_section:
                current_section, block_start = named, source_row
        section = current_section
        if source_row in group_of_line:
            group_row = group_of_line[source_row]
            section = group_names.get(group_row) or section_name(_label_at(body, group_row, labels, amount_set,
                                                                           area_index))
        found.append(position, current_area, section, label)
    tidy = _frame(book, sheet, body, found, amounts)
    return tidy, declared


class Found:
    """The lines read, in sheet order, as four columns: position, force, section, label."""

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.areas: list[str] = []
        self.sections: list[str] = []
        self.labels: list[str] = []

    def __len__(self) -> int:
        return len(self.positions)

    def append(self, position: int, area: str, section: str, label: str) -> None:
        self.positions.append(position)
        self.areas.append(area)
        self.sections.append(section)
        self.labels.append(label)

    def extend(self, positions: list[int], area: str, section: str, labels: list[str]) -> None:
        self.positions += positions
        self.areas += [area] * len(positions)
        self.sections += [section] * len(positions)
        self.labels += [labels[position] for position in positions]


def _plain_lines(visit: list[int], first: int, labels, area_texts, strategic_texts, amounts,
                 role_rows: set[int]) -> list[bool]:
    """Rows read the same way whatever came before: a named line with figures, in no group,
    naming no section of its own. Every other row is walked one by one."""
    if labels is None or strategic_texts is not None:
        return [False] * len(visit)
    problems = set().union(*(problems for _, _, problems in amounts))
    return [bool(labels[position]) and position not in problems and first + position + 1 not in role_rows
            for position in visit]


def _first_of_each_area(visit: list[int], plain: list[bool], area_texts: list[str], first: int,
                        passed_over: set[int]) -> set[int]:
    """Plain lines naming a force other than the last force named above them (totals and skipped
    rows change no force)."""
    changes, last = set(), None
    for position in visit:
        text = area_texts[position]
        if text and first + position + 1 not in passed_over:
            if text != last:
                changes.add(position)
            last = text
    return {position for position, is_plain in zip(visit, plain) if is_plain and position in changes}


def _label_at(body, row: int, labels, amount_set, area_index) -> str:
    position = row - body.first - 1
    return (labels[position] if labels is not None else "") or first_text(body.rows[position], amount_set, area_index)


def _year(sheet: SheetLayout, column, body, position: int) -> str:
    if sheet.years.kind == "columns":
        return column.financial_year
    if sheet.years.kind == "column":
        value = body.cells[sheet.years.column][position]
        try:
            year = year_of_period(value)
        except NotAFinancialYear as problem:
            raise LoaderError(str(problem), file=body.file_name, sheet=sheet.sheet,
                              row=body.source_row(position), column=sheet.years.column, code="bad_year")
        if year is None:
            raise LoaderError(
                f"this row holds an amount but no financial year in column {column_letter(sheet.years.column)}",
                file=body.file_name, sheet=sheet.sheet, row=body.source_row(position),
                column=sheet.years.column, code="year_unknown")
        return year
    return sheet.years.year


def _declared(area, label, kind, strategic_area, year, amount, covers_from, covers_to, file_name, sheet, row):
    return {
        "area": area, "label": label, "kind": kind, "strategic_area": strategic_area, "financial_year": year,
        "declared_gbp": float(amount), "covers_from_row": covers_from, "covers_to_row": covers_to,
        "source_file": file_name, "source_sheet": sheet, "source_row": row,
    }


def _frame(book, sheet: SheetLayout, body, found: Found, amounts) -> pd.DataFrame:
    """One tidy row per filled amount of each line, in sheet order, built by column.

    A national table repeats a few hundred texts down 100,000 rows, so each text column is
    coded once (pandas.factorize) and its distinct texts taken by code, never row by row.
    """
    if not found:
        return empty_tidy_frame()
    positions = found.positions
    chosen = np.asarray(positions, dtype=np.intp)
    grid = np.column_stack([values[chosen] for _, values, _ in amounts])
    present = ~np.isnan(grid)
    amount_line, amount_column = np.nonzero(present)
    if sheet.years.kind == "column":
        years = _taken(_line_years(sheet, body, positions), amount_line)
    else:
        column_years = [_year(sheet, column, body, 0) for column, _, _ in amounts]
        years = pd.array(pa.array(column_years, type=pa.string()).take(pa.array(amount_column)), dtype="str")
    lines: dict[str, list] = {"area": found.areas, "strategic_area": found.sections}
    # "Other spend *": the mark points at a footnote, it is not part of the line's name.
    services = {label: label.rstrip(" *†‡") or label for label in set(found.labels)}
    lines["service"] = list(map(services.__getitem__, found.labels))
    by_role = {c.role: c.index for c in sheet.columns if c.role not in ("amount", "ignored")}
    blank = [""] * len(found)
    texts = {}
    for role in ("provider", "provision", "commissioning_type", "funding_partners", "geography"):
        if role in by_role:
            column = body.column_texts(by_role[role])
            texts[role] = [column[p] for p in positions]
    commissioning = texts.get("commissioning_type", blank)
    normalised = {text: normalise_commissioning(text) for text in set(commissioning)}
    partners = texts.get("funding_partners", blank)
    lines["provider"] = texts.get("provider", blank)
    lines["provision"] = texts.get("provision", blank)
    lines["commissioning_type"] = [normalised[text][0] for text in commissioning]
    lines["funding_partners"] = [explicit or normalised[text][1] for explicit, text in zip(partners, commissioning)]
    lines["geography"] = texts.get("geography", blank)
    columns = {}
    for name in TIDY_COLUMNS:
        if name == "financial_year":
            columns[name] = years
        elif name == "amount_gbp":
            columns[name] = grid[present]
        elif name == "source_row":
            columns[name] = (np.asarray(positions, dtype=np.int64) + body.first + 1)[amount_line]
        elif name == "source_column":
            letters = [column_letter(column.index) for column, _, _ in amounts]
            columns[name] = pd.array(pa.array(letters, type=pa.string()).take(pa.array(amount_column)), dtype="str")
        elif name == "source_file":
            columns[name] = pd.array(pa.array([book.file_name] * len(amount_line), type=pa.string()), dtype="str")
        elif name == "source_sheet":
            columns[name] = pd.array(pa.array([sheet.sheet] * len(amount_line), type=pa.string()), dtype="str")
        else:
            columns[name] = _taken(lines[name], amount_line)
    return pd.DataFrame(columns)


def _taken(line_texts: list[str], amount_line: np.ndarray):
    """Each amount's text, taken from its line's, by code."""
    codes, distinct = pd.factorize(np.asarray(line_texts, dtype=object), sort=False)
    dictionary = pa.array(list(distinct), type=pa.string())
    return pd.array(dictionary.take(pa.array(codes[amount_line])), dtype="str")


def _line_years(sheet: SheetLayout, body, positions: list[int]) -> list[str]:
    """Each line's year from the year column: each distinct cell read once, first where it first occurs,
    so a cell that is no year is refused at the first row holding it."""
    column = body.cells[sheet.years.column]
    values = [column[position] for position in positions]
    distinct = dict.fromkeys(values)
    if len(distinct) <= 1_000 and all(value.__class__ is str for value in distinct):
        for value in distinct:
            distinct[value] = _year(sheet, None, body, positions[values.index(value)])
        return list(map(distinct.__getitem__, values))
    # Numbers, dates or many distinct cells: 1, 1.0 and True are one dict key but read differently.
    read_once: dict = {}
    line_years = []
    for position, value in zip(positions, values):
        key = (value.__class__, value)
        if key not in read_once:
            read_once[key] = _year(sheet, None, body, position)
        line_years.append(read_once[key])
    return line_years


def _read_transposed(book: Workbook, sheet: SheetLayout, area: str | None):
    rows = book.rows(sheet.sheet)
    file_name = book.file_name
    year_column = sheet.years.column
    lines = [c for c in sheet.columns if c.role == "amount"]
    total = next((c for c in sheet.columns if c.role == "ignored" and c.reason.startswith("the year's declared")),
                 None)
    records, declared = [], []
    marks = footnote_marks(rows)
    for offset, row in enumerate(rows[sheet.header_row:]):
        source_row = sheet.header_row + 1 + offset
        if year_column >= len(row) or not is_year_cell(row[year_column]):
            continue
        year = year_in_header(row[year_column])
        for column in lines:
            value = row[column.index] if column.index < len(row) else None
            try:
                amount = parse_amount(value, marks)
            except AmountError as problem:
                raise LoaderError(str(problem), file=file_name, sheet=sheet.sheet, row=source_row,
                                  column=column.index, code="bad_amount")
            if amount is None:
                continue
            if not has_own_unit(value):
                amount = round(amount * sheet.unit_of(column).factor, 2)
            records.append({
                "area": area or "Unspecified", "strategic_area": UNASSIGNED_AREA, "service": column.header,
                "provider": "", "provision": "", "commissioning_type": "Other", "funding_partners": "",
                "geography": "", "financial_year": year, "amount_gbp": amount, "source_file": file_name,
                "source_sheet": sheet.sheet, "source_row": source_row, "source_column": column_letter(column.index),
            })
        if total is not None and total.index < len(row):
            try:
                declared_total = parse_amount(row[total.index])
            except AmountError as problem:
                raise LoaderError(str(problem), file=file_name, sheet=sheet.sheet, row=source_row,
                                  column=total.index, code="bad_amount")
            if declared_total is not None:
                if not has_own_unit(row[total.index]):
                    declared_total = round(declared_total * sheet.unit.factor, 2)
                declared.append(_declared(area or "Unspecified", f"{total.header} {year}", "grand_total", "", year,
                                          declared_total, source_row, source_row, file_name, sheet.sheet, source_row))
    frame = pd.DataFrame(records, columns=TIDY_COLUMNS) if records else empty_tidy_frame()
    return frame, declared
