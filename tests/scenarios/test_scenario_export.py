"""The xlsx a Chief Finance Officer is handed: a working model whose formulas give the planner's figures.

Every figure outside the Baseline and Inputs sheets is a formula; these tests
work the formulas out (workbook_reading.FormulaEvaluator) and compare them with
the planner's own arithmetic on Leicestershire's published framework, before
and after an input is changed. LibreOffice does the same in
test_scenario_workbook_live.py.
"""
from __future__ import annotations

import math
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders import load_file
from scenarios.adjustments import (
    ADJUSTMENT_KINDS,
    Change,
    ChangeGroup,
    ChangeLine,
    LineRef,
    Move,
    Projection,
    SetTo,
    Share,
    SplitSum,
    Target,
    describe,
)
from scenarios.apply import apply_adjustments
from scenarios.baselines import baseline_lines
from scenarios.comparison import strategic_area_comparison
from scenarios.export import scenario_workbook, workbook_filename
from scenarios.export_steps import WRITABLE_KINDS
from scenarios.funding import FundingSource, funding_gap
from tests.scenarios.scenario_examples import (
    EVERY_KIND,
    PAEDIATRIC_SARC,
    VICTIM_FIRST,
    commissioners_question,
)
from tests.scenarios.workbook_reading import FormulaEvaluator, funding_cells, input_cell, row_with

DATA = Path(__file__).resolve().parents[2] / "data"
EXACT = 1e-6
CALCULATED_SHEETS = ("Adjustments", "Result", "Step by step", "Projection and funding")
# EVERY_KIND on Leicestershire's lines: its split is Derbyshire's, so here one between two Leicestershire lines.
LEICESTERSHIRE_SPLIT = SplitSum(55_000, (Share(VICTIM_FIRST, 60), Share(PAEDIATRIC_SARC, 40)))
EVERY_KIND_IN_LEICESTERSHIRE = [LEICESTERSHIRE_SPLIT if a.kind == "split" else a for a in EVERY_KIND]


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
def data(result, adjustments, funding):
    return scenario_workbook(
        result, adjustments, name="Victims -5%, rest +2%", baseline_label="Leicestershire 2020/21",
        funding=funding, author="cfo@opcc.example",
    )


@pytest.fixture(scope="module")
def workbook(data):
    return load_workbook(BytesIO(data))


def totals(book, result) -> dict[str, float]:
    evaluator = FormulaEvaluator(book)
    total_row = row_with(book["Result"], "A", "Total")
    return {
        "baseline": evaluator.value("Result", f"G{total_row}"),
        "scenario": evaluator.value("Result", f"H{total_row}"),
        "lines": [evaluator.value("Result", f"H{row}") for row in range(5, 5 + len(result.lines))],
    }


def test_the_workbook_has_the_sheets_a_finance_officer_reads(workbook):
    assert workbook.sheetnames == ["Inputs", "Baseline", "Adjustments", "Result", "Step by step", "Projection and funding"]
    assert workbook.properties.creator == "cfo@opcc.example"


def test_every_kind_of_step_the_planner_has_can_be_written_as_formulas():
    assert set(ADJUSTMENT_KINDS) <= WRITABLE_KINDS
    assert {a.kind for a in EVERY_KIND_IN_LEICESTERSHIRE} == set(ADJUSTMENT_KINDS)


def test_the_5_percent_is_an_input_cell(workbook):
    cut = input_cell(workbook, 1, "Change (%)")
    assert workbook["Inputs"][cut].value == -0.05
    assert workbook["Inputs"][cut].number_format == "0.00%;-0.00%"
    assert workbook["Inputs"][input_cell(workbook, 3, "Annual cost (£)")].value == 60_000


def test_no_figure_outside_the_baseline_and_the_inputs_is_typed_in(workbook):
    typed = [
        (name, cell.coordinate) for name in CALCULATED_SHEETS for row in workbook[name].iter_rows() for cell in row
        if cell.data_type == "n" and cell.value is not None
        # A step's number, and which lines a step reaches (its group), are not money.
        and not (name == "Adjustments" and cell.column == 1)
        and not (name == "Step by step" and workbook[name].cell(row=4, column=cell.column).value.endswith(": lines"))
    ]
    assert typed == []


def test_the_result_and_adjustments_take_the_baseline_from_the_baseline_sheet(workbook, result):
    victim_first = row_with(workbook["Baseline"], "B", "Victim First")
    result_row = row_with(workbook["Result"], "B", "Victim First")
    assert workbook["Result"][f"G{result_row}"].value == f"=Baseline!I{victim_first}"
    assert workbook["Step by step"][f"E{result_row}"].value == f"=Baseline!I{victim_first}"
    baseline_total = row_with(workbook["Baseline"], "A", "Total")
    words = f"Baseline total ({result.baseline_year}), from the Baseline sheet"
    assert workbook["Adjustments"][f"C{row_with(workbook['Adjustments'], 'B', words)}"].value == f"=Baseline!$I${baseline_total}"


def test_the_formulas_give_the_planners_figures(workbook, result, baseline_2020):
    figures = totals(workbook, result)
    assert figures["baseline"] == math.fsum(baseline_2020["amount_gbp"]) == 4_395_961  # Appendix A 2020/21
    assert figures["scenario"] == pytest.approx(result.scenario_total, abs=EXACT)
    assert figures["lines"] == pytest.approx(result.lines["amount_gbp"].tolist(), abs=EXACT)


def test_the_adjustments_are_in_words_and_walk_from_baseline_to_scenario(workbook, adjustments, result):
    sheet = workbook["Adjustments"]
    evaluator = FormulaEvaluator(workbook)
    assert [sheet.cell(row=row, column=2).value for row in range(5, 5 + len(adjustments))] == [
        describe(adjustment) for adjustment in adjustments]
    effects = [evaluator.value("Adjustments", f"C{row}") for row in range(5, 5 + len(adjustments))]
    assert effects == pytest.approx(result.steps["change_gbp"].tolist(), abs=EXACT)
    scenario_row = row_with(sheet, "B", f"Baseline plus adjustments: the scenario total for {result.plan_year}")
    assert evaluator.value("Adjustments", f"C{scenario_row}") == pytest.approx(result.scenario_total, abs=EXACT)


def test_each_strategic_area_is_a_sumif_over_the_lines(workbook, result):
    sheet = workbook["Result"]
    evaluator = FormulaEvaluator(workbook)
    expected = strategic_area_comparison(result).set_index("strategic_area")
    total_row = row_with(sheet, "A", "Total")
    for area, figures in expected.iterrows():
        row = next(cell.row for cell in sheet["A"] if cell.value == area and cell.row > total_row)
        assert sheet[f"H{row}"].value == f"=SUMIF($A$5:$A${total_row - 1},A{row},$H$5:$H${total_row - 1})"
        assert evaluator.value("Result", f"G{row}") == pytest.approx(figures["baseline_gbp"], abs=EXACT)
        assert evaluator.value("Result", f"H{row}") == pytest.approx(figures["scenario_gbp"], abs=EXACT)


def test_a_line_shows_its_change_its_status_and_a_new_line_has_no_percentage(workbook):
    evaluator = FormulaEvaluator(workbook)
    victims_row = row_with(workbook["Result"], "B", "Victim First")
    assert evaluator.value("Result", f"J{victims_row}") == pytest.approx(-0.05, abs=1e-12)
    assert evaluator.value("Result", f"F{victims_row}") == "Changed"
    new_row = row_with(workbook["Result"], "F", "New")
    assert evaluator.value("Result", f"I{new_row}") == 60_000
    assert evaluator.value("Result", f"J{new_row}") == ""


def test_every_kind_of_step_follows_its_inputs_as_the_planner_does(baseline_2020):
    steps = EVERY_KIND_IN_LEICESTERSHIRE
    book = load_workbook(BytesIO(scenario_workbook(apply_adjustments(baseline_2020, steps), steps, name="Every kind",
                                                   baseline_label="Leicestershire 2020/21")))
    changed = {
        0: (input_cell(book, 1, "Change (%)"), -0.125, replace(steps[0], change=-12.5)),
        1: (input_cell(book, 2, "Change (£), shared in proportion to each line"), 4_000, replace(steps[1], change=4_000)),
        4: (input_cell(book, 5, "Change (£), shared in proportion to each line"), -100, replace(steps[4], change=-100)),
        6: (input_cell(book, 7, "Annual cost (£)"), 72_500, replace(steps[6], amount_gbp=72_500)),
        7: (input_cell(book, 8, "Uplift (%)"), 0.031, replace(steps[7], percent=3.1)),
        9: (input_cell(book, 10, "Sum to share (£)"), -20_000, replace(steps[9], amount_gbp=-20_000)),
    }
    ratio = input_cell(book, 10, f"Share for {PAEDIATRIC_SARC.label()} (ratio)")
    for address, value, _ in changed.values():
        book["Inputs"][address] = value
    book["Inputs"][ratio] = 10
    planner = list(steps)
    for index, (_, _, adjustment) in changed.items():
        planner[index] = adjustment
    planner[9] = replace(planner[9], shares=(planner[9].shares[0], replace(planner[9].shares[1], ratio=10)))
    expected = apply_adjustments(baseline_2020, planner)

    figures = totals(book, expected)

    assert figures["lines"] == pytest.approx(expected.lines["amount_gbp"].tolist(), abs=EXACT)
    assert figures["scenario"] == pytest.approx(expected.scenario_total, abs=EXACT)


def test_a_cut_deeper_than_a_line_stops_at_nothing_in_the_workbook_too(baseline_2020):
    cut = [ChangeLine(VICTIM_FIRST, "gbp", -10_000)]
    book = load_workbook(BytesIO(scenario_workbook(apply_adjustments(baseline_2020, cut), cut, name="Deep cut",
                                                   baseline_label="Leicestershire 2020/21")))
    book["Inputs"][input_cell(book, 1, "Change (£), shared in proportion to each line")] = -1_000_000
    row = row_with(book["Result"], "B", "Victim First")
    assert FormulaEvaluator(book).value("Result", f"H{row}") == 0


def test_the_projection_and_funding_follow_their_inputs(workbook, result, funding, adjustments, baseline_2020):
    sheet = workbook["Projection and funding"]
    spend_row = row_with(sheet, "A", "Planned spend")
    surplus_row = row_with(sheet, "A", "Surplus (shortfall if negative)")
    gap = funding_gap(result, funding)
    evaluator = FormulaEvaluator(workbook)
    assert [evaluator.value("Projection and funding", f"{c}{surplus_row}") for c in "CDE"] == pytest.approx(
        gap["surplus_gbp"].tolist(), abs=EXACT)

    grant, grant_rate = funding_cells(workbook, "Ministry of Justice victims' grant (Victims' grant)")
    workbook["Inputs"][grant] = 1_250_000
    workbook["Inputs"][grant_rate] = 0.015
    workbook["Inputs"][input_cell(workbook, 5, "Yearly change after the first year (%)")] = 0.01
    moved = apply_adjustments(baseline_2020, [*adjustments[:-1], Projection(3, 1)])
    moved_funding = [replace(funding[0], amount_gbp=1_250_000, percent_per_year=1.5), funding[1]]
    moved_gap = funding_gap(moved, moved_funding)
    evaluator = FormulaEvaluator(workbook)
    assert [evaluator.value("Projection and funding", f"{c}{spend_row}") for c in "CDE"] == pytest.approx(
        moved_gap["spend_gbp"].tolist(), abs=EXACT)
    assert [evaluator.value("Projection and funding", f"{c}{surplus_row}") for c in "CDE"] == pytest.approx(
        moved_gap["surplus_gbp"].tolist(), abs=EXACT)


def test_fractions_of_a_penny_are_kept_for_excel_to_round(baseline_2020):
    # 2.5% on Rutland's £1,485 substance misuse add-on is £1,522.125: the formula keeps the half penny.
    rutland = [ChangeLine(LineRef("Sub-misuse add on for Rutland", "Rutland County Council", "Rutland"), "percent", 2.5)]
    result = apply_adjustments(baseline_2020, rutland)
    book = load_workbook(BytesIO(scenario_workbook(result, rutland, name="Rutland", baseline_label="Leicestershire 2020/21")))
    row = row_with(book["Result"], "B", "Sub-misuse add on for Rutland")
    assert FormulaEvaluator(book).value("Result", f"H{row}") == pytest.approx(1_485 * 1.025, abs=EXACT)
    assert book["Result"][f"H{row}"].number_format == '"£"#,##0.00;-"£"#,##0.00'


def test_derbyshires_split_exports_with_the_published_after_figures():
    derbyshire = load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire").tidy
    before = baseline_lines(derbyshire, area="Derbyshire", financial_year="2017/18")
    after_total = math.fsum(derbyshire.loc[derbyshire["financial_year"] == "2018/19", "amount_gbp"])
    uplift = [SplitSum(55_000, (
        Share(LineRef("Derbyshire County IDVA service", "To be procured (County Council-led)", "Derbyshire County"), 60),
        Share(LineRef("Derby City IDVA service", "To be procured (PCC-led)", "Derby City"), 40),
    ))]
    result = apply_adjustments(before, uplift)
    book = load_workbook(BytesIO(scenario_workbook(result, uplift, name="IDVA uplift", baseline_label="Derbyshire 2017/18")))
    assert book.sheetnames == ["Inputs", "Baseline", "Adjustments", "Result", "Step by step"]
    total_row = row_with(book["Result"], "A", "Total")
    assert FormulaEvaluator(book).value("Result", f"H{total_row}") == after_total  # £319,000 in 2018/19


def test_a_scenario_with_no_lines_still_exports():
    empty = baseline_lines(
        load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire").tidy,
        area="Derbyshire", financial_year="2016/17",
    )
    result = apply_adjustments(empty, [], baseline_year="2016/17")
    book = load_workbook(BytesIO(scenario_workbook(result, [], name="Nothing", baseline_label="Derbyshire 2016/17")))
    total_row = row_with(book["Result"], "A", "Total")
    assert FormulaEvaluator(book).value("Result", f"H{total_row}") == 0


def test_the_file_name_is_safe():
    assert workbook_filename("Victims -5%, rest +2%") == "scenario_victims_5_rest_2.xlsx"
    assert workbook_filename("???") == "scenario_untitled.xlsx"


def test_user_text_that_looks_like_a_formula_is_written_as_text(baseline_2020):
    """A line renamed '=HYPERLINK(...)' or a DDE string stays text in the commissioner's Excel."""
    payloads = ['=HYPERLINK("http://example.invalid","Victim First")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]
    lines = baseline_2020.copy()
    lines.loc[0, "service"], lines.loc[0, "provider"] = payloads[0], payloads[1]
    cut = [ChangeGroup("strategic_area", "Victims", "percent", -5)]
    data = scenario_workbook(apply_adjustments(lines, cut), cut, name=payloads[2], baseline_label=payloads[0])
    book = load_workbook(BytesIO(data))
    live = [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" and any(payload in str(cell.value) for payload in payloads)]
    assert live == []
    texts = {cell.value for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "s"}
    # Escaped by analysis.export.escape_formula, the one escape every export uses.
    assert {"'" + payloads[0], "'" + payloads[1], "Result: @SUM(1+1)*cmd"} <= texts
    assert book["Result"][f"H{row_with(book['Result'], 'A', 'Total')}"].data_type == "f"


def test_a_move_and_a_set_to_follow_their_inputs_as_the_planner_does(baseline_2020):
    """Issue 15's "move £50,000 from the contingency line to Victim First", and CHISVA set to a sum, typed over."""
    contingency = Target.of(service="Emergent issues/ideas/PCC grants top up/ contingency")
    steps = [Move(50_000, contingency, Target.of(service="Victim First")),
             SetTo(Target.of(strategic_area="Prevention"), 1_000_000)]
    book = load_workbook(BytesIO(scenario_workbook(apply_adjustments(baseline_2020, steps), steps, name="Move and set",
                                                   baseline_label="Leicestershire 2020/21")))
    as_written = totals(book, apply_adjustments(baseline_2020, steps))
    assert as_written["scenario"] == pytest.approx(apply_adjustments(baseline_2020, steps).scenario_total, abs=EXACT)
    # More than the contingency line holds: the planner moves only what it holds, and so must the workbook.
    book["Inputs"][input_cell(book, 1, "Sum to move (£)")] = 10_000_000
    book["Inputs"][input_cell(book, 2, "Set the lines to (£), in proportion to each line")] = 900_000
    expected = apply_adjustments(baseline_2020, [replace(steps[0], amount_gbp=10_000_000),
                                                 replace(steps[1], amount_gbp=900_000)])
    figures = totals(book, expected)
    assert figures["lines"] == pytest.approx(expected.lines["amount_gbp"].tolist(), abs=EXACT)
    assert figures["scenario"] == pytest.approx(expected.scenario_total, abs=EXACT)
    prevention = expected.lines["strategic_area"].eq("Prevention")
    assert math.fsum(expected.lines.loc[prevention, "amount_gbp"]) == pytest.approx(900_000)


def test_a_baseline_carried_forward_by_the_deflators_is_refused_not_written_wrong(baseline_2020):
    steps = [Change(Target.of(strategic_area="Prevention"), "percent", -5),
             Projection(1, first_year="2021/22", roll="deflators")]
    result = apply_adjustments(baseline_2020, steps)
    assert result.plan_year == "2021/22" and result.lines["rolled_gbp"].sum() != result.lines["baseline_gbp"].sum()
    with pytest.raises(ValueError, match="cannot yet carry the baseline forward to 2021/22"):
        scenario_workbook(result, steps, name="Rolled", baseline_label="Leicestershire 2020/21")
