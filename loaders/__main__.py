"""python -m loaders FILE [--sheet S] [--area NAME] [--year 2020/21] [--output tidy.csv]"""
from __future__ import annotations

import argparse
import sys

from loaders.errors import LoaderError
from loaders.load import load_file
from loaders.reconcile import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Read a PCC commissioning framework spreadsheet into tidy rows and reconcile its totals.",
    )
    parser.add_argument("file", help="xlsx, xlsm, xls, ods or csv file")
    parser.add_argument("--sheet", help="sheet to read (default: the one holding the framework table)")
    parser.add_argument("--area", help="PCC area, when the file has no PCC / force area column")
    parser.add_argument("--year", help="financial year such as 2020/21, when no header names one")
    parser.add_argument("--output", help="write the tidy rows to this CSV file")
    args = parser.parse_args(argv)
    try:
        result = load_file(args.file, sheet=args.sheet, area=args.area, year=args.year)
    except LoaderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.output:
        try:
            result.tidy.to_csv(args.output, index=False, encoding="utf-8")
        except OSError as error:
            print(f"error: {args.output}: cannot write the output ({error.strerror})", file=sys.stderr)
            return 2
    years = ", ".join(sorted(result.tidy["financial_year"].unique()))
    print(
        f"{result.file_name}: sheet '{result.sheet}', header on row {result.header_row}; "
        f"{len(result.tidy)} amount{'s' if len(result.tidy) != 1 else ''} for {years}"
        + (f"; written to {args.output}" if args.output else "")
    )
    print(format_report(result.reconciliation))
    return 0


if __name__ == "__main__":
    sys.exit(main())
