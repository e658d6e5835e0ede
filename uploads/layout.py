"""What the loader made of a file's Layout, as the upload page shows it: sheet, header, each column.

Shown to staff before anything is stored so they can correct a guess. It is
worked out on its own (not only from a successful load) because a wrong guess
is often exactly what makes the load fail, e.g. a notes column read as money.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.detect import detect
from loaders.errors import LoaderError, column_letter
from loaders.headers import Column, HeaderMatch, find_header
from loaders.layout import Layout as LoaderLayout, explain
from loaders.limits import check_upload_size
from loaders.load import options_from
from loaders.readers import Workbook
from loaders.worker import Limits, open_workbook

# The formats the issue promises staff; the loader also reads .txt/.tsv, which are not offered.
UPLOAD_EXTENSIONS = ("xlsx", "xlsm", "xls", "ods", "csv")

# What a column can be mapped to, in the order the page offers them, with the words it shows.
FIELD_CHOICES: dict[str, str] = {
    "service": "Service name",
    "amount": "Amount (£)",
    "provider": "Provider",
    "provision": "Provision (what the service does)",
    "commissioning_type": "Commissioning type",
    "funding_partners": "Funding partners",
    "geography": "Geographical reach",
    "strategic_area": "Strategic area",
    "area": "PCC / force area",
    "financial_year": "Financial year (of each row)",
    "ignore": "Not used",
}


@dataclass(frozen=True)
class DetectedColumn:
    index: int  # 0-based, as the loader's column_fields expect
    letter: str
    header: str
    field: str  # a FIELD_CHOICES key
    financial_year: str | None
    confident: bool
    problem: str | None = None
    reason: str = ""

    @property
    def described(self) -> str:
        if self.field == "amount":
            return f"Amount (£) {self.financial_year or '(year given on the form)'}"
        return FIELD_CHOICES[self.field]


@dataclass(frozen=True)
class Layout:
    file_name: str
    sheet_names: tuple[str, ...]
    sheet: str
    header_row: int  # 1-based, as Excel shows it
    columns: tuple[DetectedColumn, ...]
    explained: tuple[str, ...] = ()  # the loader's Layout in plain words
    loader_layout: LoaderLayout | None = None
    refusal: str | None = None  # why detection refused, when it did

    @property
    def unsure_columns(self) -> list[DetectedColumn]:
        return [column for column in self.columns if not column.confident or column.problem]

    def column_fields(self) -> dict[int, str]:
        """The mapping as the loader's column_fields override takes it."""
        return {column.index: column.field for column in self.columns}

    @property
    def loader_layout_dict(self) -> dict | None:
        return self.loader_layout.to_dict() if self.loader_layout is not None else None


def read_upload(data: bytes, file_name: str, limits: Limits | None = None) -> Workbook:
    """The one read of an uploaded file: checked, then parsed in a worker under `limits`
    (by default, as the environment sets them). The layout and the preview both work from it."""
    check_upload_file(data, file_name)
    return open_workbook(data, file_name, limits)


def check_upload_file(data: bytes, file_name: str) -> None:
    """The checks that need no parsing: the extension and the 50 MB cap."""
    extension = Path(file_name).suffix.lower().lstrip(".")
    if extension not in UPLOAD_EXTENSIONS:
        raise LoaderError(
            f"'.{extension}' files cannot be uploaded; use {', '.join(UPLOAD_EXTENSIONS[:-1])} or csv"
            if extension else "the file name has no extension; use xlsx, xlsm, xls, ods or csv",
            file=file_name,
        )
    check_upload_size(len(data), file_name)


def layout_view(file_name: str, sheet_names: list[str], layout: LoaderLayout) -> Layout:
    """The loader's Layout as the upload page shows it: the first sheet's columns, the plain-words account."""
    sheet = layout.sheets[0]
    return Layout(
        file_name=file_name,
        sheet_names=tuple(sheet_names),
        sheet=sheet.sheet,
        header_row=sheet.header_row,
        columns=tuple(_detected_role(sheet, column) for column in sheet.columns),
        explained=tuple(explain(layout)),
        loader_layout=layout,
    )


def _detected_role(sheet, column) -> DetectedColumn:
    field = "ignore" if column.role == "ignored" else column.role
    return DetectedColumn(
        index=column.index,
        letter=column.letter,
        header=column.header,
        field=field if field in FIELD_CHOICES else "ignore",
        financial_year=column.financial_year or (sheet.years.year if column.role == "amount" else None),
        confident=not (column.by_content or "first text column" in column.reason),
        reason=column.reason,
    )


def _header_only_view(file_name: str, sheet_names: list[str], sheet: str, header: HeaderMatch,
                      refusal: LoaderError) -> Layout:
    """When detection refuses, the header alone, so staff can correct the column that caused it."""
    return Layout(
        file_name=file_name,
        sheet_names=tuple(sheet_names),
        sheet=sheet,
        header_row=header.row_index + 1,
        columns=tuple(_detected(column) for column in header.columns),
        refusal=str(refusal),
    )


def _detected(column: Column) -> DetectedColumn:
    return DetectedColumn(
        index=column.index,
        letter=column_letter(column.index),
        header=column.header,
        field=column.field if column.field in FIELD_CHOICES else "ignore",
        financial_year=column.financial_year,
        confident=column.confident,
        problem=column.year_problem,
        reason=column.reason,
    )


def detect_layout(
    data: bytes,
    file_name: str,
    *,
    sheet: str | None = None,
    year: str | None = None,
    units: str | None = None,
    column_fields: dict[int, str] | None = None,
    saved: dict | None = None,
    limits: Limits | None = None,
    book: Workbook | None = None,
) -> Layout:
    """The loader's Layout for the file (or, if it refuses, the header it found and why it refused).

    `book` is the file as read_upload returned it; without it the file is read now.
    """
    book = book or read_upload(data, file_name, limits)
    try:
        layout = detect(book, options_from(sheet=sheet, year=year or None, units=units or None,
                                           column_fields=column_fields, layout=saved))
    except LoaderError as refusal:
        if refusal.code in ("no_header", "no_sheet", "unreadable", "too_large", "too_many_cells",
                            "too_much_memory", "took_too_long", "busy", "unsupported_format"):
            raise
        chosen = sheet if sheet in book.sheet_names else None
        candidates = [chosen] if chosen else book.sheet_names
        best = None
        for name in candidates:
            header = find_header(book.rows(name))
            if header and (best is None or header.score > best[1].score):
                best = (name, header)
        if best is None:
            raise
        return _header_only_view(file_name, book.sheet_names, best[0], best[1], refusal)
    return layout_view(file_name, book.sheet_names, layout)
