"""A scenario as a live Excel workbook: a working model a finance officer can change, not a printout.

Every figure the planner decides is an input cell (the 5% cut, the £60,000
for a new service, the split's ratios, the projection's rate, each funding
stream); the published lines are data on the Baseline sheet; every other
figure is a formula over those two. Change an input and the lines, the
strategic areas, the totals, the projection and the surplus all follow, as
tests/scenarios/test_scenario_workbook_live.py checks in LibreOffice.

The sheets follow how a finance officer reads a proposal: what may be
changed (Inputs), what we start from (Baseline), what we propose in words
(Adjustments), where it lands (Result), how each line gets there (Step by
step), and whether it fits the funding (Projection and funding).
"""
from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO

from xlsxwriter import Workbook

from scenarios.adjustments import Adjustment, describe
from scenarios.export_cells import FIRST_ROW, Formats, formats, headers, text, title, widths
from scenarios.export_sheets import (
    write_adjustments,
    write_projection,
    write_result,
    write_step_by_step,
)
from scenarios.export_steps import NUMBER, PERCENT, POUNDS, StepFormulas, step_formulas
from scenarios.funding import FundingSource
from scenarios.result import ADDED_SOURCE, ScenarioResult

BASELINE_HEADERS = [
    "Strategic area", "Service", "Provider", "Provision", "Commissioning type",
    "Funding partners", "Geography", "Financial year", "Amount (£)", "Source",
]
BASELINE_AMOUNT_COLUMN = 8
INPUT_VALUE_COLUMN = 3


def scenario_workbook(
    result: ScenarioResult,
    adjustments: list[Adjustment],
    *,
    name: str,
    baseline_label: str,
    funding: list[FundingSource] | tuple[FundingSource, ...] = (),
    author: str | None = None,
) -> bytes:
    """The scenario as .xlsx bytes, ready for a download button."""
    buffer = BytesIO()
    workbook = Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    look = formats(workbook)
    steps = [step_formulas(step, adjustment, result) for step, adjustment in enumerate(adjustments, start=1)]
    funding = list(funding)
    inputs = workbook.add_worksheet("Inputs")
    step_cells, funding_cells = _write_inputs(inputs, look, result, adjustments, steps, funding, name)
    baseline_rows, baseline_total = _write_baseline(workbook.add_worksheet("Baseline"), look, result, baseline_label)
    adjustments_sheet = workbook.add_worksheet("Adjustments")
    result_sheet = workbook.add_worksheet("Result")
    workings = write_step_by_step(workbook.add_worksheet("Step by step"), look, result, steps, step_cells, baseline_rows)
    write_adjustments(adjustments_sheet, look, result, adjustments, workings, baseline_total, name)
    result_total = write_result(result_sheet, look, result, workings, baseline_rows, name)
    if result.projection is not None or funding:
        projection_rate = next(
            (cells[0] for step, cells in zip(adjustments, step_cells) if step.kind == "projection"), None,
        )
        write_projection(workbook.add_worksheet("Projection and funding"), look, result, funding, funding_cells,
                         projection_rate, result_total)
    inputs.activate()
    workbook.set_properties({
        "title": f"Scenario: {name}",
        "author": author or "Victims' services spend dashboard",
        "created": datetime.now(timezone.utc).replace(tzinfo=None),
    })
    workbook.close()
    return buffer.getvalue()


def _write_inputs(
    sheet, look: Formats, result: ScenarioResult, adjustments: list[Adjustment], steps: list[StepFormulas],
    funding: list[FundingSource], name: str,
) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """Every figure the plan decides, one yellow cell each; returns their addresses, step by step and per stream."""
    title(sheet, look, f"Inputs: {name}",
          "Change any yellow cell and every figure in the workbook follows. Which lines each step reaches "
          "is set in the planner (see Step by step).")
    headers(sheet, look, ["Step", "Adjustment", "Input", "Value"])
    row = FIRST_ROW
    step_cells: list[list[str]] = []
    for number, (adjustment, compiled) in enumerate(zip(adjustments, steps), start=1):
        sheet.write_number(row, 0, number)
        text(sheet, row, 1, describe(adjustment), look.wrap)
        cells = []
        if not compiled.inputs:
            sheet.write_string(row, 2, "No figure: the step sets its lines to £0")
            row += 1
        for step_input in compiled.inputs:
            text(sheet, row, 2, step_input.label)
            sheet.write_number(row, INPUT_VALUE_COLUMN, step_input.value, _input_format(look, step_input.kind))
            cells.append(f"Inputs!$D${row + 1}")
            row += 1
        step_cells.append(cells)
    if not adjustments:
        sheet.write_string(row, 1, "No steps: the scenario is the baseline as published.")
        row += 1
    funding_cells: list[tuple[str, str]] = []
    if funding:
        row += 1
        sheet.write_string(row, 0, "Funding envelope", look.bold)
        row += 1
        for source in funding:
            label = source.source if source.source == source.category else f"{source.source} ({source.category})"
            text(sheet, row, 1, label, look.wrap)
            sheet.write_string(row, 2, f"Income in {result.plan_year} (£)")
            sheet.write_number(row, INPUT_VALUE_COLUMN, source.amount_gbp, look.input_pounds)
            sheet.write_string(row + 1, 2, "Yearly change after the first year (%)")
            sheet.write_number(row + 1, INPUT_VALUE_COLUMN, source.percent_per_year / 100, look.input_percent)
            funding_cells.append((f"Inputs!$D${row + 1}", f"Inputs!$D${row + 2}"))
            row += 2
    widths(sheet, [8, 70, 44, 18])
    sheet.freeze_panes(FIRST_ROW, 0)
    return step_cells, funding_cells


def _input_format(look: Formats, kind: str):
    return {PERCENT: look.input_percent, POUNDS: look.input_pounds, NUMBER: look.input_number}[kind]


def _write_baseline(sheet, look: Formats, result: ScenarioResult, baseline_label: str) -> tuple[dict[int, int], str]:
    """The published lines as data; returns each line's row (by line_id) and the total's address."""
    title(sheet, look, f"Baseline: {baseline_label}", f"Spend lines as published for {result.baseline_year}.")
    headers(sheet, look, BASELINE_HEADERS)
    published = result.lines[result.lines["source_file"] != ADDED_SOURCE]
    rows: dict[int, int] = {}
    row = FIRST_ROW
    for line in published.itertuples(index=False):
        for column, value in enumerate((
            line.strategic_area, line.service, line.provider, line.provision, line.commissioning_type,
            line.funding_partners, line.geography, result.baseline_year,
        )):
            text(sheet, row, column, value)
        sheet.write_number(row, BASELINE_AMOUNT_COLUMN, float(line.baseline_gbp), look.pounds)
        text(sheet, row, 9, f"{line.source_file}, {line.source_sheet} row {line.source_row}")
        rows[int(line.line_id)] = row
        row += 1
    sheet.write_string(row, 0, "Total", look.bold)
    last = row - 1
    sheet.write_formula(row, BASELINE_AMOUNT_COLUMN,
                        f"=SUM(I{FIRST_ROW + 1}:I{last + 1})" if last >= FIRST_ROW else "=0", look.pounds_bold)
    widths(sheet, [16, 48, 32, 40, 26, 26, 22, 13, 16, 44])
    sheet.freeze_panes(FIRST_ROW, 0)
    return rows, f"Baseline!$I${row + 1}"


def workbook_filename(name: str) -> str:
    """A safe file name from the scenario's name: "Victims cut 5%" -> "scenario_victims_cut_5.xlsx"."""
    slug = "".join(ch.lower() if ch.isalnum() else "_" for ch in name).strip("_")
    while "__" in slug:
        slug = slug.replace("__", "_")
    return f"scenario_{slug or 'untitled'}.xlsx"
