"""What the loader concluded about a file, as one value a person can read, correct and reuse.

`detect` returns a Layout and `read` only applies one, so every conclusion
(which row is the header, what each column holds, where each amount's year
and unit come from, which rows are sections or declared totals) is written
down before a single amount is read. A Layout saved as JSON is applied to
next year's file with `--layout`: its rules (column roles by header, unit,
year source) are kept, its row findings are worked out again for the new rows.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from loaders.errors import cell_name, column_letter

LAYOUT_VERSION = 1

# Every role a column can play; the text roles are the tidy table's descriptive columns.
TEXT_ROLES = (
    "area", "strategic_area", "service", "provider", "provision",
    "commissioning_type", "funding_partners", "geography",
)
ROLES = TEXT_ROLES + ("financial_year", "amount", "ignored")

ROLE_WORDS = {
    "area": "PCC area",
    "strategic_area": "strategic area",
    "service": "service",
    "provider": "provider",
    "provision": "provision",
    "commissioning_type": "commissioning type",
    "funding_partners": "funding partners",
    "geography": "geographical reach",
    "financial_year": "financial year",
    "amount": "amount",
    "ignored": "not used",
}

SHAPES = ("wide", "long", "transposed")
YEAR_SOURCES = ("columns", "column", "rows", "sheet_name", "title", "given")


@dataclass(frozen=True)
class Unit:
    """How many pounds one unit of the file's figures is, and where the file says so."""

    factor: float = 1.0
    label: str = "£"
    source: str = "default"  # header, second header row, title row, note row, sheet name, given, default
    cell: str | None = None

    def describe(self) -> str:
        unit = "pounds" if self.factor == 1 else f"{self.label}"
        if self.source == "default":
            return "amounts in pounds (no unit stated; figures read as pounds)"
        if self.source == "given":
            return f"amounts in {unit} (given by the user)"
        where = f"{self.source} {self.cell}" if self.cell else self.source
        return f"amounts in {unit} ({where})"


@dataclass(frozen=True)
class ColumnRole:
    index: int  # 0-based
    header: str
    role: str
    reason: str = ""  # why: "header 'Organisation'", "by content: force names", "variance", ...
    financial_year: str | None = None  # an amount column that names its year
    unit: Unit | None = None  # an amount column's own unit, where its header states one
    by_content: bool = False

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class YearSource:
    kind: str  # one of YEAR_SOURCES
    year: str | None = None  # the one year of a sheet_name, title or given source
    cell: str | None = None  # where a title or sheet states it
    column: int | None = None  # the year column of a long table

    def describe(self) -> str:
        if self.kind == "columns":
            return "years from the money column headers"
        if self.kind == "column":
            return f"years from column {column_letter(self.column)} (one row per line per year)"
        if self.kind == "rows":
            return f"years from column {column_letter(self.column)}, one row per year (lines run across)"
        if self.kind == "sheet_name":
            return f"year {self.year} from the sheet name"
        if self.kind == "title":
            return f"year {self.year} from the title row ({self.cell})"
        return f"year {self.year} (given by the user)"


@dataclass(frozen=True)
class SheetLayout:
    sheet: str
    shape: str  # one of SHAPES
    header_rows: tuple[int, ...]  # 1-based; two for a two-row header
    columns: tuple[ColumnRole, ...]
    years: YearSource
    unit: Unit = field(default_factory=Unit)
    line_name: str | None = None  # a table with no service column: its subject names the line
    line_name_source: str | None = None
    section_rows: tuple[int, ...] = ()
    total_rows: tuple[int, ...] = ()  # declared totals: subtotal, grand total or a group row over its detail
    group_rows: tuple[int, ...] = ()  # the subset of total_rows found by their sums, not their labels
    group_spans: tuple[tuple[int, int, int], ...] = ()  # (group row, first row it sums, last row it sums)
    skipped_rows: tuple[int, ...] = ()  # repeated headers, notes, footnotes
    last_row: int | None = None  # the table ends here; another starts below it
    hidden_rows: tuple[int, ...] = ()  # hidden in the workbook, so not read (a subset of skipped_rows)

    @property
    def header_row(self) -> int:
        return self.header_rows[-1]

    def role_column(self, role: str) -> ColumnRole | None:
        return next((column for column in self.columns if column.role == role), None)

    @property
    def amount_columns(self) -> list[ColumnRole]:
        return [column for column in self.columns if column.role == "amount"]

    def unit_of(self, column: ColumnRole) -> Unit:
        return column.unit or self.unit


@dataclass(frozen=True)
class Layout:
    file_name: str
    sheets: tuple[SheetLayout, ...]
    area: str | None = None
    version: int = LAYOUT_VERSION

    def sheet(self, name: str) -> SheetLayout:
        return next(sheet for sheet in self.sheets if sheet.sheet == name)

    def to_dict(self) -> dict:
        """Plain JSON types (lists, not tuples), so a Layout saved and read back compares equal."""
        return json.loads(json.dumps(asdict(self)))

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> "Layout":
        if data.get("version") != LAYOUT_VERSION:
            raise ValueError(f"a Layout of version {data.get('version')!r}; this loader reads version {LAYOUT_VERSION}")
        sheets = []
        for sheet in data["sheets"]:
            columns = tuple(
                ColumnRole(**{**column, "unit": Unit(**column["unit"]) if column.get("unit") else None})
                for column in sheet["columns"]
            )
            sheets.append(SheetLayout(**{
                **sheet,
                "header_rows": tuple(sheet["header_rows"]),
                "columns": columns,
                "years": YearSource(**sheet["years"]),
                "unit": Unit(**sheet["unit"]),
                **{key: tuple(sheet.get(key, ())) for key in
                   ("section_rows", "total_rows", "group_rows", "skipped_rows", "hidden_rows")},
                "group_spans": tuple(tuple(span) for span in sheet.get("group_spans", ())),
            }))
        return cls(file_name=data["file_name"], sheets=tuple(sheets), area=data.get("area"),
                   version=data["version"])

    @classmethod
    def from_json(cls, text: str) -> "Layout":
        return cls.from_dict(json.loads(text))

    def with_sheet(self, sheet: SheetLayout) -> "Layout":
        return replace(self, sheets=tuple(sheet if s.sheet == sheet.sheet else s for s in self.sheets))


def _rows_named(rows: tuple[int, ...], limit: int = 8) -> str:
    shown = ", ".join(str(row) for row in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def explain(layout: Layout) -> list[str]:
    """The Layout in plain words, one conclusion a line, as the CLI and the upload page show it."""
    lines = []
    for sheet in layout.sheets:
        headers = " and ".join(str(row) for row in sheet.header_rows)
        shape = {"wide": "one row per line, a column per year", "long": "one row per line per year",
                 "transposed": "one row per year, one column per line"}[sheet.shape]
        lines.append(f"sheet '{sheet.sheet}': header on row{'s' if len(sheet.header_rows) > 1 else ''} "
                     f"{headers}; {shape}")
        lines.append(f"  {sheet.years.describe()}")
        units: dict[tuple, list[Unit]] = {}
        for unit in [sheet.unit_of(column) for column in sheet.amount_columns] or [sheet.unit]:
            units.setdefault((unit.factor, unit.label, unit.source), []).append(unit)
        for (factor, label, source), same in sorted(units.items()):
            cells = [unit.cell for unit in same if unit.cell]
            if len(cells) > 1:
                lines.append(f"  amounts in {'pounds' if factor == 1 else label} ({source}s {', '.join(dict.fromkeys(cells))})")
            else:
                lines.append(f"  {same[0].describe()}")
        if sheet.line_name:
            lines.append(f"  every line is '{sheet.line_name}' ({sheet.line_name_source})")
        for column in sheet.columns:
            role = ROLE_WORDS[column.role]
            if column.role == "amount" and column.financial_year:
                role = f"amount for {column.financial_year}"
            why = f" ({column.reason})" if column.reason else ""
            heading = f"'{column.header}'" if column.header else "(no heading)"
            lines.append(f"  column {column.letter} {heading}: {role}{why}")
        if sheet.section_rows:
            lines.append(f"  section rows: {_rows_named(sheet.section_rows)}")
        labelled = tuple(row for row in sheet.total_rows if row not in sheet.group_rows)
        if labelled:
            lines.append(f"  declared totals on rows {_rows_named(labelled)}")
        if sheet.group_spans:
            spans = ", ".join(f"{row} (rows {first}–{last})" for row, first, last in sheet.group_spans[:8])
            more = f" and {len(sheet.group_spans) - 8} more" if len(sheet.group_spans) > 8 else ""
            lines.append(f"  group rows (each the sum of the lines it stands for, so a total, not a line): "
                         f"{spans}{more}")
        if sheet.last_row:
            lines.append(f"  the table ends on row {sheet.last_row}; rows below it are not read")
        if sheet.hidden_rows:
            lines.append(f"  rows hidden in the workbook, not read: {_rows_named(sheet.hidden_rows)}")
        shown = tuple(row for row in sheet.skipped_rows if row not in set(sheet.hidden_rows))
        if shown:
            lines.append(f"  rows skipped (repeated headers, notes): {_rows_named(shown)}")
    return lines


def header_cell(sheet: SheetLayout, column: ColumnRole) -> str:
    return cell_name(sheet.header_row, column.index) or column.letter
