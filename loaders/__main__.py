"""python -m loaders FILE [--explain] [--layout L.json] [--write-layout L.json] [overrides] [--output tidy.csv]"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.errors import LoaderError
from loaders.layout import Layout, ROLES, explain
from loaders.detect import detect
from loaders.load import load_bytes, load_layout, options_from
from loaders.reconcile import format_report
from loaders.unsaved_formulas import (ACCEPT_FLAG, accepting_unsaved_formulas, missing_cells_note,
                                      with_command_advice)
from loaders.worker import Limits, open_workbook


def _column(text: str) -> tuple[str, str]:
    role, separator, header = text.partition("=")
    if not separator or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not ROLE=HEADER, e.g. provider=\"Organisation\"")
    return role.strip(), header.strip()


def _rows(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of row numbers such as 5,9,14")


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Read a PCC spending spreadsheet into tidy rows, explain how it was read, and reconcile its totals.",
    )
    parser.add_argument("file", help="xlsx, xlsm, xls, ods or csv file")
    parser.add_argument("--explain", action="store_true", help="print how the file was read, in plain words")
    parser.add_argument("--layout", help="apply a Layout saved with --write-layout (e.g. last year's)")
    parser.add_argument("--write-layout", metavar="L.json", help="save the Layout used, to reuse or edit")
    parser.add_argument("--sheet", action="append", default=[], help="sheet to read (repeatable)")
    parser.add_argument("--area", help="PCC area, when the file has no PCC / force area column")
    parser.add_argument("--year", help="financial year such as 2020/21, when the file states none")
    parser.add_argument("--units", help="the unit of the figures where the file does not say: £, £000 or £m")
    parser.add_argument("--year-column", help="header of the column that gives each row's year")
    parser.add_argument("--column", action="append", default=[], type=_column, metavar="ROLE=HEADER",
                        help=f"read the column with this header (or letter) as ROLE: {', '.join(ROLES)}")
    parser.add_argument("--line", help="name of the line when the table has no service column, e.g. 'Police grant'")
    parser.add_argument("--total-rows", type=_rows, default=[], metavar="5,9,14",
                        help="rows that are group totals over the lines below them, not lines")
    parser.add_argument("--last-row", type=int, help="the table's last row, when another table starts below it")
    parser.add_argument("--read-hidden-rows", action="store_true",
                        help="read rows hidden in the workbook too (by default they are left out, and listed)")
    parser.add_argument(ACCEPT_FLAG, dest="accept_unsaved_formulas", action="store_true",
                        help="read formulas with no saved value as missing cells (named in a warning), not refuse")
    parser.add_argument("--output", help="write the tidy rows to this CSV file")
    return parser


def load_options(args: argparse.Namespace) -> dict:
    """The choices on the command line as load_file and load_bytes take them (--layout aside)."""
    return dict(
        sheets=args.sheet, area=args.area, year=args.year, units=args.units, year_column=args.year_column,
        columns=args.column, line=args.line, total_rows=args.total_rows, last_row=args.last_row,
        read_hidden_rows=args.read_hidden_rows,
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        layout = None
        if args.layout:
            try:
                layout = Layout.from_json(Path(args.layout).read_text(encoding="utf-8"))
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise LoaderError(f"--layout {args.layout}: not a saved Layout ({error})", code="bad_option")
        try:
            data = Path(args.file).read_bytes()
        except OSError as error:
            raise LoaderError(f"the file cannot be opened ({error.strerror})", file=args.file)
        if args.accept_unsaved_formulas:
            result = _load_accepting_unsaved_formulas(data, Path(args.file).name, args, layout)
        else:
            result = load_bytes(data, Path(args.file).name, **load_options(args), layout=layout,
                                limits=Limits.from_settings())
    except LoaderError as error:
        if error.code == "formula_without_value":
            error = with_command_advice(error, args.file)
        print(f"error [{error.code}]: {error}", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.write_layout:
        try:
            Path(args.write_layout).write_text(result.layout.to_json() + "\n", encoding="utf-8")
        except OSError as error:
            print(f"error: {args.write_layout}: cannot write the Layout ({error.strerror})", file=sys.stderr)
            return 2
    if args.output:
        try:
            result.tidy.to_csv(args.output, index=False, encoding="utf-8")
        except OSError as error:
            print(f"error: {args.output}: cannot write the output ({error.strerror})", file=sys.stderr)
            return 2
    if args.explain:
        print("\n".join(explain(result.layout)))
    years = ", ".join(sorted(result.tidy["financial_year"].unique()))
    sheets = ", ".join(f"'{sheet.sheet}'" for sheet in result.layout.sheets)
    print(
        f"{result.file_name}: sheet{'s' if len(result.layout.sheets) > 1 else ''} {sheets}, header on row "
        f"{result.header_row}; {len(result.tidy)} amount{'s' if len(result.tidy) != 1 else ''} for {years}"
        + (f"; written to {args.output}" if args.output else "")
    )
    print(format_report(result.reconciliation))
    return 0


def _load_accepting_unsaved_formulas(data: bytes, file_name: str, args: argparse.Namespace, layout):
    book, cells = accepting_unsaved_formulas(open_workbook(data, file_name, Limits.from_settings()))
    settings = options_from(**load_options(args), layout=layout)
    result = load_layout(book, detect(book, settings), settles_units=settings.units is not None)
    note = missing_cells_note(cells, [sheet.sheet for sheet in result.layout.sheets])
    if note:
        result.warnings.append(note)
    return result


if __name__ == "__main__":
    sys.exit(main())
