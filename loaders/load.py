"""The one entry point: open → detect → read → reconcile, a validated tidy frame or a refusal.

A file is loaded only when every amount's year, unit and line is known. A
total that differs from its rows by exactly a thousand (or a million) means a
unit was missed; one that is exactly half its rows means group rows were
counted as lines. Both look right on a chart and are wrong, so both refuse
until the user settles them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.detect import Options, detect
from loaders.errors import LoaderError
from loaders.gc_pause import collection_paused
from loaders.layout import Layout, SheetLayout, explain
from loaders.read import read
from loaders.readers import Workbook, read_workbook
from loaders.reconcile import reconcile
from loaders.schema import validate_tidy
from loaders.worker import Limits, open_workbook

SUSPECT_FACTORS = (1_000.0, 1_000_000.0)
TOLERANCE = 0.005


@dataclass
class LoadResult:
    tidy: pd.DataFrame
    declared_totals: pd.DataFrame
    reconciliation: pd.DataFrame
    file_name: str
    layout: Layout
    warnings: list[str] = field(default_factory=list)

    @property
    def sheet(self) -> str:
        return self.layout.sheets[0].sheet

    @property
    def header_row(self) -> int:
        return self.layout.sheets[0].header_row

    @property
    def sheet_layout(self) -> SheetLayout:
        return self.layout.sheets[0]

    def explain(self) -> list[str]:
        return explain(self.layout)

    @property
    def column_mapping(self) -> dict[str, str]:
        """Each source header and what it was read as, for people checking the detection."""
        described = {}
        for column in self.sheet_layout.columns:
            if column.role == "amount":
                described[column.header] = f"amount {column.financial_year or self.sheet_layout.years.year or ''}".strip()
            else:
                described[column.header] = column.role if column.role != "ignored" else "ignored"
        return described


def load_file(path: str | Path, *, source_name: str | None = None, **options) -> LoadResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoaderError(f"the file cannot be opened ({error.strerror})", file=str(path))
    return load_bytes(data, source_name or path.name, **options)


def options_from(*, sheet: str | None = None, sheets=(), area=None, year=None, units=None, year_column=None,
                 columns=(), column_fields: dict[int, str] | None = None, line=None, total_rows=(),
                 last_row: int | None = None, read_hidden_rows: bool = False,
                 layout: Layout | dict | None = None) -> Options:
    if isinstance(layout, dict):
        layout = Layout.from_dict(layout)
    roles = tuple((index, "ignored" if role == "ignore" else role) for index, role in (column_fields or {}).items())
    return Options(
        sheets=tuple(sheets) or ((sheet,) if sheet else ()), area=area, year=year, units=units,
        year_column=year_column, columns=tuple(columns), column_roles=roles, line=line,
        total_rows=tuple(total_rows), last_row=last_row, read_hidden_rows=read_hidden_rows, layout=layout,
    )


@collection_paused()
def load_bytes(data: bytes, file_name: str, *, limits: Limits | None = None, **options) -> LoadResult:
    """Options as options_from takes them: sheet(s), area, year, units, columns, layout, …

    With `limits`, the file is parsed in a worker process under them (loaders.worker):
    the way to read any file that did not come from this code.
    """
    settings = options_from(**options)
    book = open_workbook(data, file_name, limits) if limits is not None else read_workbook(data, file_name)
    layout = detect(book, settings)
    return load_layout(book, layout, settles_units=settings.units is not None)


def load_layout(book: Workbook, layout: Layout, *, settles_units: bool = False) -> LoadResult:
    """read → validate → reconcile, for a Layout detected or saved."""
    result = read(book, layout)
    tidy = result.tidy
    if tidy.empty:
        first = layout.sheets[0]
        raise LoaderError("no amounts were found under the header row", file=book.file_name, sheet=first.sheet,
                          row=first.header_row, code="no_amounts")
    tidy = validate_tidy(tidy)
    declared = pd.concat([result.declared, _header_allocations(book, layout, tidy)], ignore_index=True)
    reconciliation = reconcile(tidy, declared)
    settled = settles_units or any(s.unit.source == "given" for s in layout.sheets)
    _refuse_suspicious(reconciliation, layout, book.file_name, settled, tidy)
    return LoadResult(tidy=tidy, declared_totals=declared, reconciliation=reconciliation,
                      file_name=book.file_name, layout=layout, warnings=result.warnings)


def _refuse_suspicious(reconciliation: pd.DataFrame, layout: Layout, file_name: str, units_settled: bool,
                       tidy: pd.DataFrame) -> None:
    if reconciliation.empty:
        return
    for line in reconciliation[~reconciliation["matches"]].itertuples():
        declared, computed = float(line.declared_gbp), float(line.computed_gbp)
        if not declared or not computed:
            continue
        sheet = _sheet_of(layout, line)
        where = dict(file=file_name, sheet=sheet.sheet if sheet else None, row=int(line.source_row),
                     column=_column_of(sheet, line.financial_year))
        ratio = computed / declared
        for factor in SUSPECT_FACTORS:
            for scaled, direction in ((computed, declared * factor), (computed * factor, declared)):
                if abs(scaled - direction) < max(TOLERANCE, abs(direction) * 1e-9) and not units_settled:
                    unit = "£000" if factor == 1_000 else "£m"
                    lines_unit = "pounds" if ratio > 1 else unit
                    raise LoaderError(
                        f"units suspected: '{line.label}' {line.financial_year} declares {declared:,.2f} but its "
                        f"rows sum to {computed:,.2f}, exactly {factor:,.0f} times {'more' if ratio > 1 else 'less'}; "
                        f"the rows look like {lines_unit}. Say the rows' unit with --units "
                        + (f"£ or --units {unit}" if ratio > 1 else f"{unit} or --units £"),
                        code="units_suspected", **where,
                    )
        if abs(computed - 2 * declared) < TOLERANCE:
            candidates = _candidate_groups(tidy, line, sheet)
            example = (f", e.g. --total-rows {','.join(str(row) for row in candidates)}" if candidates
                       else " with --total-rows")
            raise LoaderError(
                f"double count suspected: '{line.label}' {line.financial_year} declares {declared:,.2f} but its "
                f"rows sum to exactly twice that, as if group rows were counted as lines; name the group "
                f"rows{example}",
                code="double_count_suspected", **where,
            )


def _column_of(sheet: SheetLayout | None, year: str) -> int | None:
    """The money column a declared total of this year sits in."""
    if sheet is None:
        return None
    columns = sheet.amount_columns
    dated = [c for c in columns if c.financial_year == year]
    chosen = dated or (columns if len(columns) == 1 else [])
    return chosen[0].index if chosen else None


def _candidate_groups(tidy: pd.DataFrame, line, sheet: SheetLayout | None) -> list[int]:
    """Lines whose amount is the sum of a run of two or more other lines the total covers."""
    chosen = tidy[(tidy["financial_year"] == line.financial_year)
                  & (tidy["source_row"] < int(line.source_row))]
    if sheet is not None:
        chosen = chosen[chosen["source_sheet"] == sheet.sheet]
    if line.area and (tidy["area"] != line.area).any():
        chosen = chosen[chosen["area"] == line.area]
    chosen = chosen.sort_values("source_row").tail(400)  # a total covers a table, not a national sheet
    rows, amounts = chosen["source_row"].tolist(), chosen["amount_gbp"].to_numpy(dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(amounts)])
    runs = cumulative[None, :] - cumulative[:, None]  # runs[i, j]: the sum of rows i .. j-1
    found = []
    for position, amount in enumerate(amounts):
        if not amount:
            continue
        starts, ends = np.nonzero(np.abs(runs - amount) < TOLERANCE)
        if any(end - start >= 2 and not start <= position < end for start, end in zip(starts, ends)):
            found.append(rows[position])
    return found


def _sheet_of(layout: Layout, line) -> SheetLayout | None:
    for sheet in layout.sheets:
        if int(line.source_row) in sheet.total_rows or sheet.shape == "transposed":
            return sheet
    return layout.sheets[0] if len(layout.sheets) == 1 else None


def _header_allocations(book: Workbook, layout: Layout, tidy: pd.DataFrame) -> pd.DataFrame:
    """A figure printed in a year header is a declared allocation for that whole column."""
    from loaders.cells import DECLARED_COLUMNS
    from loaders.years import figure_in_header

    rows = []
    for sheet in layout.sheets:
        for column in sheet.amount_columns:
            figure = figure_in_header(column.header)
            year = column.financial_year or sheet.years.year
            if figure is None or not year:
                continue
            lines = tidy[tidy["source_sheet"] == sheet.sheet]
            rows.append({
                "area": lines["area"].iloc[0] if lines["area"].nunique() == 1 else "",
                "label": column.header,
                "kind": "allocation",
                "strategic_area": "",
                "financial_year": year,
                "declared_gbp": figure,
                "covers_from_row": sheet.header_row + 1,
                "covers_to_row": int(lines["source_row"].max()),
                "source_file": book.file_name,
                "source_sheet": sheet.sheet,
                "source_row": sheet.header_row,
            })
    return pd.DataFrame(rows, columns=DECLARED_COLUMNS)


__all__ = ["LoadResult", "load_bytes", "load_file", "load_layout", "options_from"]
