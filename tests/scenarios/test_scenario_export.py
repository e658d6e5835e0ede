"""The xlsx a Chief Finance Officer is handed: its formulas give the figures the page shows.

openpyxl reads formulas as text, not results, so `evaluate` below works them
out the way Excel would for the few functions the export uses (SUM, SUMIF,
IF, arithmetic, references to other sheets); a formula it cannot read fails
the test rather than passing unchecked.
"""
from __future__ import annotations

import ast
import math
import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from loaders import load_file
from scenarios.adjustments import ChangeLine, LineRef, Projection, Share, SplitSum, describe
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import strategic_area_comparison
from scenarios.export import scenario_workbook, workbook_filename
from scenarios.funding import FundingSource, funding_gap
from scenarios.projection import yearly_totals
from tests.scenarios.scenario_examples import commissioners_question

DATA = Path(__file__).resolve().parents[2] / "data"
EXACT = 1e-6


class FormulaEvaluator:
    """Excel's answer for a cell, for SUM, SUMIF, IF, + - * / and Sheet!A1 references only."""

    REFERENCE = re.compile(r"(?:(\w+)!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)")

    def __init__(self, workbook) -> None:
        self.workbook = workbook

    def value(self, sheet: str, address: str):
        raw = self.workbook[sheet][address.replace("$", "")].value
        if isinstance(raw, str) and raw.startswith("="):
            return self._evaluate(sheet, raw[1:])
        return 0.0 if raw is None else raw

    def _evaluate(self, sheet: str, formula: str):
        unknown = set(re.findall(r"\b([A-Z]+)\(", formula)) - {"SUM", "SUMIF", "IF"}
        assert not unknown, f"the test cannot evaluate {unknown} in ={formula}"

        def reference(match: re.Match) -> str:
            target_sheet = match.group(1) or sheet
            address = match.group(2)
            if ":" in address:
                return f"_range({target_sheet!r}, {address!r})"
            return f"_cell({target_sheet!r}, {address!r})"

        python = self.REFERENCE.sub(reference, formula)
        python = re.sub(r"(?<![<>=!])=(?!=)", "==", python)
        tree = _LazyIf().visit(ast.parse(python, mode="eval"))
        code = compile(ast.fix_missing_locations(tree), "<formula>", "eval")
        return eval(code, {  # noqa: S307 - formulas the export wrote, in a test
            "_range": self._range, "_cell": self.value,
            "SUM": lambda *ranges: math.fsum(v for r in ranges for v in (r if isinstance(r, list) else [r]) if isinstance(v, (int, float))),
            "SUMIF": self._sumif,
        })

    def _range(self, sheet: str, address: str) -> list:
        min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
        return [
            self.value(sheet, self.workbook[sheet].cell(row=row, column=column).coordinate)
            for row in range(min_row, max_row + 1)
            for column in range(min_col, max_col + 1)
        ]

    @staticmethod
    def _sumif(criteria_range: list, criterion, sum_range: list) -> float:
        return math.fsum(
            amount for key, amount in zip(criteria_range, sum_range)
            if str(key).casefold() == str(criterion).casefold() and isinstance(amount, (int, float))
        )


class _LazyIf(ast.NodeTransformer):
    """IF(c, a, b) -> (a if c else b): like Excel, only the branch taken is worked out."""

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "IF":
            condition, yes, no = node.args
            return ast.IfExp(test=condition, body=yes, orelse=no)
        return node


@pytest.fixture(scope="module")
def baseline_2020():
    tidy = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire").tidy
    return baseline_lines(tidy, area="Leicestershire", financial_year="2020/21")


@pytest.fixture(scope="module")
def adjustments():
    return commissioners_question() + [Projection(3, 2)]


@pytest.fixture(scope="module")
def funding(baseline_2020):
    # Income held flat at this year's budget, as a commissioner might first assume.
    flat = math.fsum(baseline_2020["amount_gbp"])
    return [
        FundingSource("Ministry of Justice victims' grant", flat * 0.3, "Victims' grant"),
        FundingSource("PCC's own contribution", flat * 0.7, "PCC's own contribution"),
    ]


@pytest.fixture(scope="module")
def result(baseline_2020, adjustments):
    return apply_adjustments(baseline_2020, adjustments)


@pytest.fixture(scope="module")
def workbook(result, adjustments, funding):
    data = scenario_workbook(
        result, adjustments, name="Victims -5%, rest +2%", baseline_label="Leicestershire 2020/21",
        funding=funding, author="cfo@opcc.example",
    )
    return load_workbook(BytesIO(data))


def cell_with(sheet, column: str, text: str):
    for cell in sheet[column]:
        if cell.value == text:
            return cell
    raise AssertionError(f"no {text!r} in column {column} of {sheet.title}")


def test_the_workbook_has_the_sheets_a_finance_officer_reads(workbook):
    assert workbook.sheetnames == ["Baseline", "Adjustments", "Result", "Projection and funding"]
    assert workbook.properties.creator == "cfo@opcc.example"


def test_the_baseline_total_is_a_sum_formula_giving_the_published_total(workbook, baseline_2020):
    sheet = workbook["Baseline"]
    total = sheet.cell(row=cell_with(sheet, "A", "Total").row, column=9)
    first, last = 5, total.row - 1
    assert total.value == f"=SUM(I{first}:I{last})"
    assert last - first + 1 == len(baseline_2020)
    assert FormulaEvaluator(workbook).value("Baseline", total.coordinate) == 4_395_961  # Appendix A 2020/21


def test_the_adjustments_are_in_words_and_walk_from_baseline_to_scenario(workbook, adjustments, result):
    sheet = workbook["Adjustments"]
    words = [sheet.cell(row=row, column=2).value for row in range(5, 5 + len(adjustments))]
    assert words == [describe(adjustment) for adjustment in adjustments]
    scenario_cell = cell_with(sheet, "B", f"Baseline plus adjustments: the scenario total for {result.plan_year}")
    walked = FormulaEvaluator(workbook).value("Adjustments", f"C{scenario_cell.row}")
    assert walked == pytest.approx(result.scenario_total, abs=EXACT)


def test_the_result_totals_are_formulas_with_the_scenarios_sums(workbook, result, baseline_2020):
    sheet = workbook["Result"]
    evaluator = FormulaEvaluator(workbook)
    total_row = cell_with(sheet, "A", "Total").row
    assert sheet[f"G{total_row}"].value == f"=SUM(G5:G{total_row - 1})"
    assert sheet[f"H{total_row}"].value == f"=SUM(H5:H{total_row - 1})"
    assert total_row - 5 == len(result.lines)

    assert evaluator.value("Result", f"G{total_row}") == math.fsum(baseline_2020["amount_gbp"])
    assert evaluator.value("Result", f"H{total_row}") == pytest.approx(result.scenario_total, abs=EXACT)
    assert evaluator.value("Result", f"I{total_row}") == pytest.approx(result.scenario_total - result.baseline_total, abs=EXACT)


def test_each_strategic_area_is_a_sumif_over_the_lines(workbook, result):
    sheet = workbook["Result"]
    evaluator = FormulaEvaluator(workbook)
    expected = strategic_area_comparison(result).set_index("strategic_area")
    total_row = cell_with(sheet, "A", "Total").row
    for area, figures in expected.iterrows():
        rows = [cell.row for cell in sheet["A"] if cell.value == area and cell.row > total_row]
        assert len(rows) == 1
        row = rows[0]
        assert sheet[f"H{row}"].value == f"=SUMIF($A$5:$A${total_row - 1},A{row},$H$5:$H${total_row - 1})"
        assert evaluator.value("Result", f"G{row}") == pytest.approx(figures["baseline_gbp"], abs=EXACT)
        assert evaluator.value("Result", f"H{row}") == pytest.approx(figures["scenario_gbp"], abs=EXACT)
    all_areas = cell_with(sheet, "A", "All strategic areas").row
    assert evaluator.value("Result", f"H{all_areas}") == pytest.approx(result.scenario_total, abs=EXACT)


def test_a_line_shows_its_change_and_a_new_line_has_no_percentage(workbook, result):
    sheet = workbook["Result"]
    evaluator = FormulaEvaluator(workbook)
    victims_row = cell_with(sheet, "B", "Victim First").row
    assert evaluator.value("Result", f"J{victims_row}") == pytest.approx(-0.05, abs=1e-12)
    new_row = cell_with(sheet, "F", "New").row
    assert evaluator.value("Result", f"I{new_row}") == 60_000
    assert evaluator.value("Result", f"J{new_row}") == ""


def test_money_cells_show_pounds_and_pence(workbook, result):
    sheet = workbook["Result"]
    total_row = cell_with(sheet, "A", "Total").row
    assert sheet[f"H{total_row}"].number_format == '"£"#,##0.00;-"£"#,##0.00'
    written = [sheet[f"H{row}"].value for row in range(5, total_row)]
    assert written == pytest.approx(result.lines["amount_gbp"].tolist(), rel=1e-15)


def test_fractions_of_a_penny_are_kept_for_excel_to_round(baseline_2020):
    # 2.5% on Rutland's £1,485 substance misuse add-on is £1,522.125: the cell keeps the half penny.
    rutland = [ChangeLine(LineRef("Sub-misuse add on for Rutland", "Rutland County Council", "Rutland"), "percent", 2.5)]
    result = apply_adjustments(baseline_2020, rutland)
    sheet = load_workbook(BytesIO(scenario_workbook(result, rutland, name="Rutland", baseline_label="Leicestershire 2020/21")))["Result"]
    row = cell_with(sheet, "B", "Sub-misuse add on for Rutland").row
    assert sheet[f"H{row}"].value == pytest.approx(1_485 * 1.025, abs=EXACT)
    assert sheet[f"H{row}"].value != pytest.approx(round(1_485 * 1.025, 2), abs=EXACT)


def test_the_projection_and_funding_sheet_gives_the_surplus_per_year(workbook, result, funding):
    sheet = workbook["Projection and funding"]
    evaluator = FormulaEvaluator(workbook)
    gap = funding_gap(result, funding)
    assert [sheet.cell(row=4, column=3 + offset).value for offset in range(3)] == gap["financial_year"].tolist()
    spend_row = cell_with(sheet, "A", "Planned spend").row
    surplus_row = cell_with(sheet, "A", "Surplus (shortfall if negative)").row
    for offset, year in enumerate(gap.itertuples()):
        column = "CDE"[offset]
        assert evaluator.value("Projection and funding", f"{column}{spend_row}") == pytest.approx(year.spend_gbp, abs=EXACT)
        assert evaluator.value("Projection and funding", f"{column}{surplus_row}") == pytest.approx(year.surplus_gbp, abs=EXACT)
    assert sheet[f"D{spend_row}"].value == f"=C{spend_row}*(1+$B{spend_row})"
    assert yearly_totals(result)["spend_gbp"].tolist() == pytest.approx(gap["spend_gbp"].tolist(), abs=EXACT)


def test_derbyshires_split_exports_with_the_published_after_figures():
    derbyshire = load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire").tidy
    before = baseline_lines(derbyshire, area="Derbyshire", financial_year="2017/18")
    after_total = math.fsum(derbyshire.loc[derbyshire["financial_year"] == "2018/19", "amount_gbp"])

    uplift = [SplitSum(55_000, (
        Share(LineRef("Derbyshire County IDVA service", "To be procured (County Council-led)", "Derbyshire County"), 60),
        Share(LineRef("Derby City IDVA service", "To be procured (PCC-led)", "Derby City"), 40),
    ))]
    result = apply_adjustments(before, uplift)
    workbook = load_workbook(BytesIO(scenario_workbook(result, uplift, name="IDVA uplift", baseline_label="Derbyshire 2017/18")))
    assert workbook.sheetnames == ["Baseline", "Adjustments", "Result"]
    total_row = cell_with(workbook["Result"], "A", "Total").row
    assert FormulaEvaluator(workbook).value("Result", f"H{total_row}") == after_total  # £319,000 in 2018/19


def test_a_scenario_with_no_lines_still_exports():
    empty = baseline_lines(
        load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire").tidy,
        area="Derbyshire", financial_year="2016/17",
    )
    result = apply_adjustments(empty, [], baseline_year="2016/17")
    workbook = load_workbook(BytesIO(scenario_workbook(result, [], name="Nothing", baseline_label="Derbyshire 2016/17")))
    total_row = cell_with(workbook["Result"], "A", "Total").row
    assert FormulaEvaluator(workbook).value("Result", f"H{total_row}") == 0


def test_the_file_name_is_safe():
    assert workbook_filename("Victims -5%, rest +2%") == "scenario_victims_5_rest_2.xlsx"
    assert workbook_filename("???") == "scenario_untitled.xlsx"


def test_user_text_that_looks_like_a_formula_is_written_as_text(baseline_2020):
    """A line renamed '=HYPERLINK(...)' or a DDE string stays text in the commissioner's Excel."""
    payloads = ['=HYPERLINK("http://example.invalid","Victim First")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]
    lines = baseline_2020.copy()
    lines.loc[0, "service"], lines.loc[0, "provider"] = payloads[0], payloads[1]
    result = apply_adjustments(lines, [])
    data = scenario_workbook(result, [], name=payloads[2], baseline_label=payloads[0])
    book = load_workbook(BytesIO(data))
    live = [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" and any(payload in str(cell.value) for payload in payloads)]
    assert live == []
    texts = {cell.value for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "s"}
    assert {payloads[0], payloads[1], f"Result: {payloads[2]}"} <= texts
    # The project's own formulas are still formulas.
    total = book["Baseline"].cell(row=book["Baseline"].max_row, column=9)
    assert total.data_type == "f" and total.value.startswith("=SUM(")
