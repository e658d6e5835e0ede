"""Reading the scenario workbook in tests: Excel's answer for a formula, and where a sheet put a label.

openpyxl reads formulas as text, not results, so `FormulaEvaluator` works them
out the way Excel would for the few functions the export uses (SUM, SUMIF,
COUNTIF, IF, MAX, ABS, arithmetic, references to other sheets); a formula it
cannot read fails the test rather than passing unchecked. LibreOffice itself
recalculates the workbook in test_scenario_workbook_live.py.
"""
from __future__ import annotations

import ast
import math
import re

from openpyxl.utils import range_boundaries

KNOWN_FUNCTIONS = {"SUM", "SUMIF", "COUNTIF", "IF", "MAX", "MIN", "ABS"}


class FormulaEvaluator:
    """Excel's answer for a cell, for the functions above and Sheet!A1 or 'Sheet name'!A1 references."""

    REFERENCE = re.compile(r"(?:'([^']+)'!|(\w+)!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)")

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple[str, str], object] = {}

    def value(self, sheet: str, address: str):
        key = (sheet, address.replace("$", ""))
        if key not in self._cache:
            raw = self.workbook[sheet][key[1]].value
            if isinstance(raw, str) and raw.startswith("="):
                self._cache[key] = self._evaluate(sheet, raw[1:])
            else:
                self._cache[key] = 0.0 if raw is None else raw
        return self._cache[key]

    def _evaluate(self, sheet: str, formula: str):
        unknown = set(re.findall(r"\b([A-Z]+)\(", formula)) - KNOWN_FUNCTIONS
        assert not unknown, f"the test cannot evaluate {unknown} in ={formula}"

        def reference(match: re.Match) -> str:
            target_sheet = match.group(1) or match.group(2) or sheet
            address = match.group(3)
            if ":" in address:
                return f"_range({target_sheet!r}, {address!r})"
            return f"_cell({target_sheet!r}, {address!r})"

        python = self.REFERENCE.sub(reference, formula)
        python = re.sub(r"(?<![<>=!])=(?!=)", "==", python).replace("<>", "!=")
        tree = _LazyIf().visit(ast.parse(python, mode="eval"))
        code = compile(ast.fix_missing_locations(tree), "<formula>", "eval")
        return eval(code, {  # noqa: S307 - formulas the export wrote, in a test
            "_range": self._range, "_cell": self.value,
            "SUM": lambda *ranges: math.fsum(_numbers(ranges)),
            "SUMIF": lambda keys, criterion, amounts: math.fsum(
                amount for key, amount in zip(keys, amounts) if _matches(key, criterion) and _is_number(amount)),
            "COUNTIF": lambda keys, criterion: sum(1 for key in keys if _matches(key, criterion)),
            "MAX": lambda *values: max(_numbers(values)),
            "MIN": lambda *values: min(_numbers(values)),
            "ABS": abs,
        })

    def _range(self, sheet: str, address: str) -> list:
        min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
        return [
            self.value(sheet, self.workbook[sheet].cell(row=row, column=column).coordinate)
            for row in range(min_row, max_row + 1)
            for column in range(min_col, max_col + 1)
        ]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(values) -> list[float]:
    return [v for item in values for v in (item if isinstance(item, list) else [item]) if _is_number(v)]


def _matches(key, criterion) -> bool:
    if _is_number(criterion):
        return _is_number(key) and key == criterion
    return str(key).casefold() == str(criterion).casefold()


class _LazyIf(ast.NodeTransformer):
    """IF(c, a, b) -> (a if c else b): like Excel, only the branch taken is worked out."""

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "IF":
            condition, yes, no = node.args
            return ast.IfExp(test=condition, body=yes, orelse=no)
        return node


def row_with(sheet, column: str, text) -> int:
    """The first row whose cell in `column` holds `text`."""
    for cell in sheet[column]:
        if cell.value == text:
            return cell.row
    raise AssertionError(f"no {text!r} in column {column} of {sheet.title}")


def input_cell(book, step: int, label: str) -> str:
    """The Inputs sheet's cell for one step's input, found by the step's number and the input's label."""
    sheet = book["Inputs"]
    current = None
    for row in sheet.iter_rows(min_row=5):
        if row[0].value is not None:
            current = row[0].value
        if current == step and row[2].value == label:
            return row[3].coordinate
    raise AssertionError(f"no input {label!r} for step {step}")


def funding_cells(book, source_label: str) -> tuple[str, str]:
    """The Inputs sheet's income and yearly-change cells for one funding stream."""
    row = row_with(book["Inputs"], "B", source_label)
    return f"D{row}", f"D{row + 1}"
