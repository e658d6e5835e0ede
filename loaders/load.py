"""The one entry point: a file in, a validated tidy frame and its declared totals out."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.errors import LoaderError, column_letter
from loaders.gc_pause import collection_paused
from loaders.framework import DECLARED_COLUMNS, walk_rows
from loaders.headers import HeaderMatch, TEXT_FIELDS, find_header
from loaders.readers import Workbook, read_workbook
from loaders.reconcile import reconcile
from loaders.schema import empty_tidy_frame, validate_tidy
from loaders.years import NotAFinancialYear, normalise_year


@dataclass
class LoadResult:
    tidy: pd.DataFrame
    declared_totals: pd.DataFrame
    reconciliation: pd.DataFrame
    file_name: str
    sheet: str
    header_row: int  # 1-based, as shown in Excel
    header: HeaderMatch
    warnings: list[str] = field(default_factory=list)

    @property
    def column_mapping(self) -> dict[str, str]:
        """Each source header and what it was read as, for people checking the detection."""
        described = {}
        for column in self.header.columns:
            if column.field == "amount":
                described[column.header] = f"amount {column.financial_year or '(year given separately)'}"
            else:
                described[column.header] = column.field or "ignored"
        return described


def load_file(
    path: str | Path,
    *,
    sheet: str | None = None,
    area: str | None = None,
    year: str | None = None,
    source_name: str | None = None,
    column_fields: dict[int, str] | None = None,
) -> LoadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoaderError(f"the file cannot be opened ({error.strerror})", file=str(path))
    return load_bytes(data, source_name or path.name, sheet=sheet, area=area, year=year, column_fields=column_fields)


@collection_paused()
def load_bytes(
    data: bytes,
    file_name: str,
    *,
    sheet: str | None = None,
    area: str | None = None,
    year: str | None = None,
    column_fields: dict[int, str] | None = None,
) -> LoadResult:
    """column_fields overrides the detection by column index: a field name, 'amount' or 'ignore'."""
    undated_year = None
    if year:
        try:
            undated_year = normalise_year(year)
        except NotAFinancialYear as problem:
            raise LoaderError(str(problem), file=file_name)
    workbook = read_workbook(data, file_name)
    sheet_name, header = choose_sheet(workbook, sheet)
    rows = workbook.rows(sheet_name)
    if column_fields:
        apply_overrides(header, column_fields)
    check_columns(header, file_name, sheet_name, undated_year)
    walked = walk_rows(rows, header, file_name=file_name, sheet=sheet_name, area=area, undated_year=undated_year)

    tidy = walked.tidy_frame() if len(walked) else empty_tidy_frame()
    if tidy.empty:
        raise LoaderError("no amounts were found under the header row", file=file_name, sheet=sheet_name,
                          row=header.row_index + 1)
    tidy = validate_tidy(tidy)
    declared = pd.DataFrame(walked.declared, columns=DECLARED_COLUMNS)
    declared = pd.concat([declared, header_allocations(header, tidy, file_name, sheet_name)], ignore_index=True)
    return LoadResult(
        tidy=tidy,
        declared_totals=declared,
        reconciliation=reconcile(tidy, declared),
        file_name=file_name,
        sheet=sheet_name,
        header_row=header.row_index + 1,
        header=header,
        warnings=walked.warnings,
    )


def choose_sheet(workbook: Workbook, sheet: str | None) -> tuple[str, HeaderMatch]:
    if sheet is not None:
        if sheet not in workbook.sheet_names:
            listed = ", ".join(f"'{name}'" for name in workbook.sheet_names)
            raise LoaderError(f"there is no sheet '{sheet}' (the workbook has {listed})", file=workbook.file_name)
        candidates = [sheet]
    else:
        candidates = workbook.sheet_names
    best: tuple[str, HeaderMatch] | None = None
    for name in candidates:
        header = find_header(workbook.rows(name))
        if header and (best is None or header.score > best[1].score):
            best = (name, header)
    if best is None:
        where = f"sheet '{sheet}'" if sheet else "any sheet"
        raise LoaderError(
            f"no header row found in {where}: expected a row naming the columns, such as "
            "'Service' and a financial year like '2020/21 budget (£)'",
            file=workbook.file_name,
            sheet=sheet if sheet else None,
        )
    return best


def apply_overrides(header: HeaderMatch, column_fields: dict[int, str]) -> None:
    by_index = {column.index: column for column in header.columns}
    for index, wanted in column_fields.items():
        column = by_index.get(index)
        if column is None:
            continue
        column.field = None if wanted == "ignore" else wanted
        column.confident = True
        if wanted != "amount":
            column.financial_year = None
            column.year_problem = None


def check_columns(header: HeaderMatch, file_name: str, sheet: str, undated_year: str | None) -> None:
    row = header.row_index + 1
    for column in header.amount_columns:
        if column.year_problem:
            raise LoaderError(column.year_problem, file=file_name, sheet=sheet, row=row, column=column.index)
    seen: dict[str, int] = {}
    for column in header.amount_columns:
        if column.financial_year in seen:
            raise LoaderError(
                f"two columns hold {column.financial_year}: column {column_letter(seen[column.financial_year])} "
                f"and column {column_letter(column.index)} ('{column.header}'); keep one column per year",
                file=file_name, sheet=sheet, row=row, column=column.index,
            )
        if column.financial_year:
            seen[column.financial_year] = column.index
    undated = [c for c in header.amount_columns if not c.financial_year]
    if not seen and undated and undated_year is None:
        raise LoaderError(
            f"no financial year in the column headers ('{undated[0].header}'); give the year, e.g. --year 2020/21",
            file=file_name, sheet=sheet, row=row, column=undated[0].index,
        )
    if not seen and len(undated) > 1:
        names = ", ".join(f"'{c.header}'" for c in undated)
        raise LoaderError(
            f"several money columns without a year ({names}); mark which one to load",
            file=file_name, sheet=sheet, row=row,
        )
    for field_name in TEXT_FIELDS:
        duplicates = [c for c in header.columns if c.field == field_name]
        for extra in duplicates[1:]:
            extra.field = None  # the first match wins; later look-alikes are kept out of the way


def header_allocations(header: HeaderMatch, tidy: pd.DataFrame, file_name: str, sheet: str) -> pd.DataFrame:
    """A figure printed in a year header is a declared allocation for that whole column."""
    rows = []
    for column in header.amount_columns:
        if column.declared_figure is None or not column.financial_year:
            continue
        rows.append({
            "area": tidy["area"].iloc[0] if tidy["area"].nunique() == 1 else "",
            "label": column.header,
            "kind": "allocation",
            "strategic_area": "",
            "financial_year": column.financial_year,
            "declared_gbp": column.declared_figure,
            "covers_from_row": header.row_index + 2,
            "covers_to_row": int(tidy["source_row"].max()),
            "source_file": file_name,
            "source_sheet": sheet,
            "source_row": header.row_index + 1,
        })
    return pd.DataFrame(rows, columns=DECLARED_COLUMNS)
