"""The known Leicestershire tidy frame, written back out in other layouts.

The published framework loads to a tidy frame whose every figure is checked
against the published subtotals (tests/loaders/test_leicestershire_layouts.py).
That frame is the oracle here: its lines are written again as a wide table,
a long table, one sheet per year, in xlsx or CSV, under other headers and
units, and whatever the loader reads back must be the same lines, years and
pounds, or a LoaderError; never a different frame in silence.

A `Spec` says how one file is laid out; `build` writes it and returns the
bytes, the load options and the tidy frame the loader must return for it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import openpyxl
import pandas as pd

from loaders.load import load_file
from loaders.schema import UNASSIGNED_AREA
from tests.loaders.layouts import APPENDIX_XLSX, xlsx_bytes

AREA = "Leicestershire"
YEARS = ("2018/19", "2019/20", "2020/21")
PUBLISHED_GRAND_TOTALS = {"2018/19": 4_283_405.0, "2019/20": 4_316_550.0, "2020/21": 4_395_961.0}
# Every text column of a line; area is set by the option or an area column.
LINE_TEXT = ["strategic_area", "service", "provider", "provision", "commissioning_type", "funding_partners",
             "geography"]
# Every tidy column but source_file, source_sheet, source_row and source_column.
COMPARED = ["area", *LINE_TEXT, "financial_year", "amount_gbp"]
# What the loader puts in a text column the layout does not have.
ABSENT = {"strategic_area": UNASSIGNED_AREA, "provider": "", "provision": "", "commissioning_type": "Other",
          "funding_partners": "", "geography": ""}


@cache
def known_tidy() -> pd.DataFrame:
    """The published framework as the loader reads it (its grand totals are asserted in the tests)."""
    return load_file(APPENDIX_XLSX, area=AREA).tidy


@dataclass(frozen=True)
class Line:
    row: int  # the published spreadsheet row the line came from
    texts: tuple[tuple[str, str], ...]
    amounts: tuple[tuple[str, float], ...]  # (year, pounds) for each year the line has a figure
    published_commissioning: str = ""  # the commissioning cell as published, e.g. '… (with NHS England)'

    def text(self, role: str) -> str:
        return dict(self.texts)[role]

    def amount(self, year: str) -> float | None:
        return dict(self.amounts).get(year)


@cache
def known_lines() -> tuple[Line, ...]:
    """Each service line of the published framework once, in sheet order, with its figures by year."""
    tidy = known_tidy()
    sheet = openpyxl.load_workbook(APPENDIX_XLSX, data_only=True)[str(tidy["source_sheet"].iloc[0])]
    commissioning_column = 4  # column D, 'How service is Commissioned?'
    lines = []
    for row, group in tidy.groupby("source_row", sort=True):
        first = group.iloc[0]
        lines.append(Line(
            row=int(row),
            texts=tuple((role, str(first[role])) for role in LINE_TEXT),
            amounts=tuple((str(y), float(a)) for y, a in zip(group["financial_year"], group["amount_gbp"])),
            published_commissioning=" ".join(str(sheet.cell(int(row), commissioning_column).value or "").split()),
        ))
    return tuple(lines)


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The compared columns, sorted one way, amounts to the penny, text as str."""
    out = frame[COMPARED].copy()
    for column in COMPARED:
        if column != "amount_gbp":
            out[column] = out[column].astype("str")
    out["amount_gbp"] = out["amount_gbp"].astype("float64").round(2)
    return out.sort_values(COMPARED, kind="mergesort").reset_index(drop=True)


def expected_frame(lines, texts_present: set[str], area: str = AREA) -> pd.DataFrame:
    """The tidy frame the loader must return for these lines when the layout has these text columns.

    A line's commissioning text is written as the tidy category, so its co-funders
    come only from a funding partners column; strategic area from a column or sections.
    """
    records = []
    for line in lines:
        texts = {role: (line.text(role) if role in texts_present else ABSENT[role]) for role in LINE_TEXT
                 if role != "service"}
        texts["service"] = line.text("service")
        for year, amount in line.amounts:
            records.append({"area": area, **texts, "financial_year": year, "amount_gbp": amount})
    return comparable(pd.DataFrame(records, columns=COMPARED))


# --- writing files ----------------------------------------------------------------------------

def csv_bytes(rows: list[list], *, bom: bool = False) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(
        [["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, datetime) else v for v in row]
         for row in rows])
    return text.getvalue().encode("utf-8-sig" if bom else "utf-8")


def year_text(year: str, spelling: str):
    """2019/20 in one of the spellings offices use; 'date:first'/'date:last' is a date cell in the year."""
    start, end = int(year[:4]), int(year[:4]) + 1
    if spelling == "date:first":
        return datetime(start, 4, 1)
    if spelling == "date:last":
        return datetime(end, 3, 31)
    return spelling.format(y=year, dash=f"{start}-{year[5:]}", long=f"{start}/{end}", longdash=f"{start}-{end}",
                           short=f"{start % 100:02d}/{end % 100:02d}", start=start, end=end)


def figure(amount: float, factor: float):
    """Pounds in the file's unit; £000 of a whole-pound figure keep three decimals."""
    value = amount / factor
    rounded = round(value)
    return int(rounded) if abs(value - rounded) < 1e-9 else round(value, 9)


def cell_text(value, style: str):
    """A figure as a cell: a number, or as text in one of the ways people type money."""
    if value is None:
        return None
    if style == "number":
        return value
    if value == 0 and style == "dash":
        return "-"
    if style in ("commas", "dash"):
        return f"{value:,}"
    if style == "pound":
        return f"£{value:,}"
    return str(value)


NOTES = ("Contract review due", "Annual grant", "", "Extended to March 2021", "Subject to evaluation")
FOOTNOTES = ("* Figures for future years are indicative", "Source: OPCC for Leicestershire")
EXTRA_HEADERS = {"notes": "Notes", "total_years": "Total 2018-21", "change": "Change 2019/20 to 2020/21 (%)",
                 "reference": "Ref"}


@dataclass
class Spec:
    """One generated layout of a set of lines."""

    shape: str = "wide"  # wide | long | sheets
    fmt: str = "xlsx"  # xlsx | csv (csv only for one sheet)
    # Text columns in left-to-right order with their headers; service is always among them.
    # The money columns sit before position amount_at of this list.
    text_columns: tuple[tuple[str, str], ...] = (("service", "Service"),)
    amount_at: int = 1
    extra_columns: tuple[str, ...] = ()  # EXTRA_HEADERS kinds, placed after the money: never read
    area_column: str | None = None  # header of an area column, or None for the area option
    strategic: str = "none"  # column | sections | none
    section_upper: bool = True
    subtotals: bool = False  # a 'Victims subtotal' row after each strategic area's lines
    year_spelling: tuple[str, ...] = ("{y} budget", "{y} budget", "{y} budget")  # wide: per year
    two_row_header: bool = False  # wide: 'Budget' over the year columns on the row above
    unit_suffix: str = ""  # e.g. " (£000)": after every money header (or the spanning one)
    factor: float = 1.0
    unit_title: str | None = None  # a title row stating the unit, e.g. "All figures £000"
    unit_note: str | None = None  # a note row under the table stating it, e.g. "Figures in £000"
    title_rows: tuple[str, ...] = ()
    blank_after_title: bool = True
    blank_rows: tuple[int, ...] = ()  # body positions (before which) an empty row is inserted
    repeat_header_at: tuple[int, ...] = ()  # body positions where a page break repeats the header
    total_label: str | None = None
    footnotes: bool = False
    year_header: str = "Financial Year"  # long
    year_value_spelling: str = "{y}"  # long
    amount_header: str = "Amount"  # long and sheets
    year_major: bool = False  # long: all lines of one year, then the next
    sheet_spelling: str = "{dash}"  # sheets
    notes_sheet: bool = False  # xlsx: a notes sheet before the table
    section_area: bool = False  # section rows repeat the area cell too
    padded: bool = False  # text cells and headers carry stray spaces and line breaks
    labels_left: bool = False  # section, subtotal and total labels in the leftmost column that is not the area
    strategic_merged: bool = False  # a strategic area column names its area on the group's first row only
    year_order: tuple[int, ...] = (0, 1, 2)  # wide: the order of the year columns
    left_margin: int = 0  # empty columns before the table
    gap_at: int | None = None  # an empty column (no header) before this column of the table
    bom: bool = False  # csv: UTF-8 with a byte order mark, as Excel saves it
    number_style: str = "number"
    sheet_name: str = "Budget"

    @property
    def texts_present(self) -> set[str]:
        present = {role for role, _ in self.text_columns}
        if self.strategic != "none":
            present.add("strategic_area")
        return present


@dataclass
class Built:
    file_name: str
    data: bytes
    options: dict
    expected: pd.DataFrame
    sheets: dict[str, list[list]] = field(default_factory=dict)
    declared: int = 0  # declared totals written: one per year of each total and subtotal row


def _padded(value, seed: int):
    """Text as people leave it: a trailing space, a doubled space, a line break in a wrapped cell."""
    if not isinstance(value, str) or not value.strip() or value.strip() in ("-",) or value[0] == "£":
        return value
    return (" ", "", "  ")[seed % 3] + value.replace(" ", ("  ", " ", "\n")[seed % 3], 1) + ("", " ")[seed % 2]


def build(spec: Spec, lines: tuple[Line, ...] | list[Line]) -> Built:
    lines = list(lines)
    columns: list[tuple[str, str]] = list(spec.text_columns)
    if spec.strategic == "column" and not any(role == "strategic_area" for role, _ in columns):
        columns.insert(0, ("strategic_area", "Strategic area"))
    if spec.area_column:
        columns.insert(0, ("area", spec.area_column))
    amount_at = min(spec.amount_at + len(columns) - len(spec.text_columns), len(columns))
    if spec.shape == "wide":
        money = [(f"amount:{YEARS[i]}", year_text(YEARS[i], spec.year_spelling[i])
                   + ("" if spec.two_row_header else spec.unit_suffix)) for i in spec.year_order]
        extras = [(f"extra:{kind}", EXTRA_HEADERS[kind]) for kind in spec.extra_columns]
    elif spec.shape == "long":
        money = [("year", spec.year_header), ("amount", spec.amount_header + spec.unit_suffix)]
        extras = [(f"extra:{kind}", EXTRA_HEADERS[kind]) for kind in spec.extra_columns
                  if kind in ("notes", "reference")]
    else:
        money = [("amount", spec.amount_header + spec.unit_suffix)]
        extras = [(f"extra:{kind}", EXTRA_HEADERS[kind]) for kind in spec.extra_columns
                  if kind in ("notes", "reference")]
    layout = columns[:amount_at] + money + extras + columns[amount_at:]
    if spec.gap_at is not None:
        layout.insert(min(spec.gap_at, len(layout)), ("gap", None))
    header = [text for _, text in layout]
    headers = [header]
    if spec.two_row_header and spec.shape == "wide":
        first_money = next(i for i, (role, _) in enumerate(layout) if role.startswith("amount:"))
        upper = [None if role.startswith("amount:") else text for role, text in layout]
        upper[first_money] = "Budget" + spec.unit_suffix
        lower = [text if role.startswith("amount:") else None for role, text in layout]
        headers = [upper, lower]
    service_at = next(i for i, (role, _) in enumerate(layout) if role == "service")
    label_at = next(i for i, (role, _) in enumerate(layout) if role not in ("area", "gap")) \
        if spec.labels_left else service_at
    first_of_group: set[int] = set()

    def money_cell(value):
        return None if value is None else cell_text(figure(value, spec.factor), spec.number_style)

    def line_row(line: Line, year: str | None, number: int) -> list:
        row = []
        for role, _ in layout:
            if role.startswith("amount:"):
                row.append(money_cell(line.amount(role[7:])))
            elif role == "amount":
                row.append(money_cell(line.amount(year)))
            elif role == "year":
                row.append(year_text(year, spec.year_value_spelling))
            elif role == "area":
                row.append(AREA)
            elif role == "extra:notes":
                row.append(NOTES[number % len(NOTES)])
            elif role == "extra:reference":
                row.append(f"C-{line.row:03d}")
            elif role == "extra:total_years":
                row.append(money_cell(sum(amount for _, amount in line.amounts)))
            elif role == "extra:change":
                before, after = line.amount("2019/20"), line.amount("2020/21")
                row.append(round((after - before) / before * 100, 1) if before and after is not None else None)
            elif role == "gap":
                row.append(None)
            elif role == "strategic_area" and spec.strategic_merged and number not in first_of_group:
                row.append(None)
            else:
                row.append(line.text(role))
        return row

    def total_row(label: str, sums: dict[str, float], year: str | None) -> list:
        row = []
        for index, (role, _) in enumerate(layout):
            if index == label_at:
                row.append(label)
            elif role.startswith("amount:"):
                row.append(money_cell(sums.get(role[7:])))
            elif role == "amount":
                row.append(money_cell(sums.get(year)))
            elif role == "year":
                row.append(year_text(year, spec.year_value_spelling))
            elif role == "extra:total_years":
                row.append(money_cell(sum(sums.values())) if sums else None)
            else:
                row.append(None)
        return row

    def single(text: str) -> list:
        row = [None] * len(layout)
        row[label_at] = text
        if spec.section_area and spec.area_column:
            row[0] = AREA
        return row

    def sums_of(chosen: list[Line], years) -> dict[str, float]:
        sums = {}
        for year in years:
            figures = [line.amount(year) for line in chosen if line.amount(year) is not None]
            if figures:
                sums[year] = sum(figures)
        return sums

    def totals(label: str, chosen: list[Line], years) -> tuple[list[list], int]:
        sums = sums_of(chosen, years)
        if spec.shape == "wide":
            return ([total_row(label, sums, None)], len(sums)) if sums else ([], 0)
        return [total_row(label, sums, year) for year in years if year in sums], len(sums)

    def groups(chosen: list[Line]) -> list[tuple[str | None, list[Line]]]:
        if spec.strategic == "none" or spec.strategic == "column" and not (spec.subtotals or spec.strategic_merged):
            return [(None, chosen)]
        found: list[tuple[str | None, list[Line]]] = []
        for line in chosen:
            if not found or found[-1][0] != line.text("strategic_area"):
                found.append((line.text("strategic_area"), []))
            found[-1][1].append(line)
        return found

    def body_for(chosen: list[Line], years: tuple[str, ...]) -> tuple[list[list], int]:
        body: list[list] = []
        declared = 0
        blocks = [(years, chosen)] if spec.shape != "long" or not spec.year_major \
            else [((year,), [line for line in chosen if line.amount(year) is not None]) for year in years]
        number = 0
        for block_years, block_lines in blocks:
            for name, members in groups(block_lines):
                first_of_group.add(number)
                if spec.strategic == "sections":
                    body.append(single(name.upper() if spec.section_upper else name))
                for line in members:
                    row_years = [None] if spec.shape == "wide" else \
                        [year for year in block_years if line.amount(year) is not None]
                    for year in row_years:
                        body.append(line_row(line, year, number))
                        number += 1
                if spec.subtotals and name is not None:
                    rows, count = totals(f"{name} subtotal", members, block_years)
                    body += rows
                    declared += count
        if spec.total_label:
            rows, count = totals(spec.total_label, chosen, years)
            body += rows
            declared += count
        # A page break repeats the header inside the table, never after its last row.
        for position in sorted({p for p in spec.repeat_header_at if p < len(body)}, reverse=True):
            body[position:position] = [[], list(header)]
        for position in sorted(set(spec.blank_rows), reverse=True):
            body.insert(min(position, len(body)), [])
        if spec.footnotes:
            body += [[]] + [[text] for text in FOOTNOTES]
        if spec.unit_note:
            body += [[spec.unit_note]]
        return body, declared

    def top() -> list[list]:
        rows = [[text] for text in spec.title_rows]
        if spec.unit_title:
            rows.append([spec.unit_title])
        if rows and spec.blank_after_title:
            rows.append([])
        return rows

    sheets: dict[str, list[list]] = {}
    if spec.notes_sheet and spec.fmt == "xlsx":
        sheets["Notes"] = [["About this workbook"], ["Figures are the PCC's commissioning budget."]]
    declared = 0
    if spec.shape == "sheets":
        for year in YEARS:
            chosen = [line for line in lines if line.amount(year) is not None]
            if not chosen:
                continue
            body, count = body_for(chosen, (year,))
            sheets[year_text(year, spec.sheet_spelling)] = top() + headers + body
            declared += count
    else:
        body, declared = body_for(lines, YEARS)
        sheets[spec.sheet_name] = top() + headers + body

    if spec.left_margin:
        sheets = {name: rows if name == "Notes" else [[None] * spec.left_margin + row if row else row for row in rows]
                  for name, rows in sheets.items()}
    if spec.padded:
        sheets = {name: [[_padded(value, i + j) for j, value in enumerate(row)] for i, row in enumerate(rows)]
                  for name, rows in sheets.items()}
    options = {} if spec.area_column else {"area": AREA}
    if spec.fmt == "csv":
        tables = [rows for name, rows in sheets.items() if name != "Notes"]
        assert len(tables) == 1, "a CSV holds one sheet"
        name, data = f"{spec.sheet_name}.csv", csv_bytes(tables[0], bom=spec.bom)
    else:
        name, data = "generated.xlsx", xlsx_bytes(sheets)
    return Built(file_name=name, data=data, options=options, expected=expected_frame(lines, spec.texts_present),
                 sheets=sheets, declared=declared)
