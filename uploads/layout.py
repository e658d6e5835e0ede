"""What the loader made of a file's layout: which sheet, which header row, what each column holds.

Shown to staff before anything is stored so they can correct a guess. It is
worked out on its own (not only from a successful load) because a wrong guess
is often exactly what makes the load fail, e.g. a notes column read as money.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.errors import LoaderError, column_letter
from loaders.headers import Column, HeaderMatch
from loaders.limits import check_upload_size
from loaders.load import apply_overrides, choose_sheet
from loaders.readers import read_workbook

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

    @property
    def unsure_columns(self) -> list[DetectedColumn]:
        return [column for column in self.columns if not column.confident or column.problem]

    def column_fields(self) -> dict[int, str]:
        """The mapping as the loader's column_fields override takes it."""
        return {column.index: column.field for column in self.columns}


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


def layout_from_header(file_name: str, sheet_names: list[str], sheet: str, header: HeaderMatch) -> Layout:
    return Layout(
        file_name=file_name,
        sheet_names=tuple(sheet_names),
        sheet=sheet,
        header_row=header.row_index + 1,
        columns=tuple(_detected(column) for column in header.columns),
    )


def _detected(column: Column) -> DetectedColumn:
    return DetectedColumn(
        index=column.index,
        letter=column_letter(column.index),
        header=column.header,
        field=column.field or "ignore",
        financial_year=column.financial_year,
        confident=column.confident,
        problem=column.year_problem,
    )


def detect_layout(
    data: bytes,
    file_name: str,
    *,
    sheet: str | None = None,
    column_fields: dict[int, str] | None = None,
) -> Layout:
    """The sheet and header the loader would use, and each column's detected (or chosen) meaning."""
    check_upload_file(data, file_name)
    workbook = read_workbook(data, file_name)
    sheet_name, header = choose_sheet(workbook, sheet)
    if column_fields:
        apply_overrides(header, column_fields)
    return layout_from_header(file_name, workbook.sheet_names, sheet_name, header)
