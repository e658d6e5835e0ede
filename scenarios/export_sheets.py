"""The workbook's calculated sheets: Step by step, Adjustments, Result, Projection and funding.

Nothing here writes a figure the planner worked out: each amount is a
formula over the Baseline sheet's lines and the Inputs sheet's cells, so the
file recalculates as the planner would when a finance officer changes one.
"""
from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from scenarios.adjustments import Adjustment, describe
from scenarios.comparison import strategic_area_comparison
from scenarios.export_cells import (
    FIRST_ROW,
    Formats,
    cell,
    column_range,
    headers,
    sum_of,
    text,
    title,
    widths,
)
from scenarios.export_steps import StepFormulas
from scenarios.funding import FundingSource
from scenarios.result import STATUS_ENDED, STATUS_NEW, ScenarioResult, financial_years_from

WORKINGS = "'Step by step'"
WORKINGS_BASELINE_COLUMN = 4
RESULT_HEADERS = [
    "Strategic area", "Service", "Provider", "Commissioning type", "Geography", "Status",
    "Baseline (£)", "Scenario (£)", "Change (£)", "Change (%)", "Changed by step",
]
AREA, STATUS, BASELINE, SCENARIO, CHANGE, PERCENT_CHANGE = 0, 5, 6, 7, 8, 9


@dataclass(frozen=True)
class Workings:
    """Where the Step by step sheet put things: each line's row, each step's amount column, the totals row."""

    rows: dict[int, int]
    step_columns: list[int | None]  # per step, its "after" column, None for a step that changes no line
    final_column: int
    total_row: int

    def amount_before(self, step_index: int) -> int:
        """The column holding the amounts a step starts from (the baseline for the first)."""
        earlier = [column for column in self.step_columns[:step_index] if column is not None]
        return earlier[-1] if earlier else WORKINGS_BASELINE_COLUMN


def baseline_reference(line_id: int, baseline_rows: dict[int, int]) -> str:
    """A line's published amount on the Baseline sheet; a line added in the scenario had none."""
    return f"=Baseline!I{baseline_rows[line_id] + 1}" if line_id in baseline_rows else "=0"


def write_step_by_step(
    sheet, look: Formats, result: ScenarioResult, steps: list[StepFormulas], step_cells: list[list[str]],
    baseline_rows: dict[int, int],
) -> Workings:
    """Each line's amount after each step, from the Baseline sheet through every step's formula."""
    title(sheet, look, "Step by step",
          "Each line's amount after each step. 'Lines' numbers the lines a step reaches (a split numbers "
          "each share); the amounts are formulas over the line before and the Inputs sheet.")
    names = ["Strategic area", "Service", "Provider", "Geography", f"Baseline {result.baseline_year} (£)"]
    lines = result.lines
    rows = {int(line_id): FIRST_ROW + position for position, line_id in enumerate(lines["line_id"])}
    last_row = FIRST_ROW + len(lines) - 1
    for line in lines.itertuples(index=False):
        row = rows[int(line.line_id)]
        for column, value in enumerate((line.strategic_area, line.service, line.provider, line.geography)):
            text(sheet, row, column, value)
        sheet.write_formula(row, WORKINGS_BASELINE_COLUMN, baseline_reference(int(line.line_id), baseline_rows), look.pounds)
    column = WORKINGS_BASELINE_COLUMN
    step_columns: list[int | None] = []
    for number, (compiled, cells) in enumerate(zip(steps, step_cells), start=1):
        if not compiled.changes_lines:
            step_columns.append(None)
            continue
        previous, groups, amounts = column, column + 1, column + 2
        names += [f"Step {number}: lines", f"After step {number} (£)"]
        groups_range = column_range(groups, FIRST_ROW, last_row)
        previous_range = column_range(previous, FIRST_ROW, last_row)
        for line_id, row in rows.items():
            before = cell(row, previous)
            group = compiled.groups.get(line_id)
            if group is None:
                sheet.write_formula(row, amounts, f"={before}", look.pounds)
                continue
            sheet.write_number(row, groups, group)
            sheet.write_formula(row, amounts, compiled.formula(before, group, cells, groups_range, previous_range),
                                look.pounds)
        step_columns.append(amounts)
        column = amounts
    total_row = last_row + 1
    sheet.write_string(total_row, 0, "Total", look.bold)
    for amounts in [WORKINGS_BASELINE_COLUMN, *(c for c in step_columns if c is not None)]:
        sheet.write_formula(total_row, amounts, sum_of(amounts, FIRST_ROW, last_row), look.pounds_bold)
    headers(sheet, look, names)
    widths(sheet, [16, 44, 30, 18, 16] + [8, 16] * sum(c is not None for c in step_columns))
    sheet.freeze_panes(FIRST_ROW, 2)
    return Workings(rows, step_columns, column, total_row)


def write_adjustments(
    sheet, look: Formats, result: ScenarioResult, adjustments: list[Adjustment], workings: Workings,
    baseline_total: str, name: str,
) -> None:
    title(sheet, look, f"Adjustments: {name}",
          "Applied in this order; each step works on the figures left by the steps before it.")
    headers(sheet, look, ["Step", "Adjustment", "Effect on the planned year (£)", "Lines whose amount changes"])
    row = FIRST_ROW
    total = workings.total_row + 1
    last = workings.total_row
    for index, adjustment in enumerate(adjustments):
        sheet.write_number(row, 0, index + 1)
        text(sheet, row, 1, describe(adjustment), look.wrap)
        after = workings.step_columns[index]
        if after is None:
            sheet.write_formula(row, 2, "=0", look.pounds)
            sheet.write_formula(row, 3, "=0")
        else:
            before = xl_col_to_name(workings.amount_before(index))
            now = xl_col_to_name(after)
            sheet.write_formula(row, 2, f"={WORKINGS}!{now}{total}-{WORKINGS}!{before}{total}", look.pounds)
            sheet.write_formula(row, 3, f"=SUMPRODUCT(--({WORKINGS}!{now}{FIRST_ROW + 1}:{now}{last}"
                                        f"<>{WORKINGS}!{before}{FIRST_ROW + 1}:{before}{last}))")
        row += 1
    effects_row = row
    sheet.write_string(row, 1, "Total effect of the adjustments", look.bold)
    sheet.write_formula(row, 2, sum_of(2, FIRST_ROW, row - 1), look.pounds_bold)
    row += 2
    sheet.write_string(row, 1, f"Baseline total ({result.baseline_year}), from the Baseline sheet")
    sheet.write_formula(row, 2, f"={baseline_total}", look.pounds)
    row += 1
    sheet.write_string(row, 1, f"Baseline plus adjustments: the scenario total for {result.plan_year}", look.bold)
    sheet.write_formula(row, 2, f"={cell(row - 1, 2)}+{cell(effects_row, 2)}", look.pounds_bold)
    if result.warnings:
        row += 2
        sheet.write_string(row, 0, "Notes", look.bold)
        for warning in result.warnings:
            row += 1
            text(sheet, row, 1, warning)
    widths(sheet, [8, 90, 30, 15])


def write_result(
    sheet, look: Formats, result: ScenarioResult, workings: Workings, baseline_rows: dict[int, int], name: str,
) -> str:
    """Every line before and after, the totals, then each strategic area by SUMIF; returns the scenario total's address."""
    title(sheet, look, f"Result: {name}",
          f"Baseline {result.baseline_year} (from the Baseline sheet) against the scenario for {result.plan_year} "
          "(from Step by step). Every figure is a formula.")
    headers(sheet, look, RESULT_HEADERS)
    final = xl_col_to_name(workings.final_column)
    for line in result.lines.itertuples(index=False):
        line_id = int(line.line_id)
        row = workings.rows[line_id]
        for column, value in enumerate((line.strategic_area, line.service, line.provider, line.commissioning_type,
                                        line.geography)):
            text(sheet, row, column, value)
        sheet.write_formula(row, BASELINE, baseline_reference(line_id, baseline_rows), look.pounds)
        sheet.write_formula(row, SCENARIO, f"={WORKINGS}!{final}{row + 1}", look.pounds)
        _change_formulas(sheet, look, row)
        if line.status in (STATUS_ENDED, STATUS_NEW):
            sheet.write_string(row, STATUS, line.status)
        else:
            sheet.write_formula(row, STATUS, f'=IF(ABS(H{row + 1}-G{row + 1})<0.000001,"Unchanged","Changed")')
        text(sheet, row, 10, line.changed_by)
    last = workings.total_row - 1
    total_row = workings.total_row
    sheet.write_string(total_row, 0, "Total", look.bold)
    for column in (BASELINE, SCENARIO):
        sheet.write_formula(total_row, column, sum_of(column, FIRST_ROW, last), look.pounds_bold)
    _change_formulas(sheet, look, total_row, bold=True)

    row = total_row + 3
    sheet.write_string(row, 0, "By strategic area", look.bold)
    row += 1
    headers(sheet, look, ["Strategic area", "", "", "", "", "", "Baseline (£)", "Scenario (£)", "Change (£)",
                          "Change (%)"], row=row)
    first_area = row + 1
    areas = column_range(AREA, FIRST_ROW, last)
    for area in strategic_area_comparison(result)["strategic_area"]:
        row += 1
        text(sheet, row, 0, area)
        for column in (BASELINE, SCENARIO):
            sheet.write_formula(row, column, f"=SUMIF({areas},{cell(row, AREA)},{column_range(column, FIRST_ROW, last)})",
                                look.pounds)
        _change_formulas(sheet, look, row)
    row += 1
    sheet.write_string(row, 0, "All strategic areas", look.bold)
    for column in (BASELINE, SCENARIO):
        sheet.write_formula(row, column, sum_of(column, first_area, row - 1), look.pounds_bold)
    _change_formulas(sheet, look, row, bold=True)
    sheet.freeze_panes(FIRST_ROW, 0)
    widths(sheet, [16, 48, 32, 26, 22, 11, 16, 16, 16, 11, 16])
    return f"Result!$H${total_row + 1}"


def _change_formulas(sheet, look: Formats, row: int, *, bold: bool = False) -> None:
    baseline, scenario = cell(row, BASELINE), cell(row, SCENARIO)
    sheet.write_formula(row, CHANGE, f"={scenario}-{baseline}", look.pounds_bold if bold else look.pounds)
    # A new line has no baseline to take a percentage of: the cell is blank, as the page shows n/a.
    sheet.write_formula(row, PERCENT_CHANGE, f'=IF({baseline}=0,"",{cell(row, CHANGE)}/{baseline})',
                        look.percent_bold if bold else look.percent)


def write_projection(
    sheet, look: Formats, result: ScenarioResult, funding: list[FundingSource], funding_cells: list[tuple[str, str]],
    projection_rate: str | None, result_total: str,
) -> None:
    """Spend and income per year, each year's figure the year before times (1 + its yearly change)."""
    years = financial_years_from(result.plan_year, result.projection.years if result.projection else 1)
    title(sheet, look, "Projection and funding",
          "Each year is the year before times (1 + its yearly change); the rates and the income are on the Inputs sheet.")
    headers(sheet, look, ["", "Yearly change", *years])
    row = FIRST_ROW
    spend_row = row
    sheet.write_string(row, 0, "Planned spend", look.bold)
    sheet.write_formula(row, 1, f"={projection_rate}" if projection_rate else "=0", look.percent)
    sheet.write_formula(row, 2, f"={result_total}", look.pounds)
    _grow_across(sheet, look, row, len(years))
    if funding:
        row += 2
        sheet.write_string(row, 0, "Expected income", look.bold)
        first_income = row + 1
        for source, (amount, rate) in zip(funding, funding_cells):
            row += 1
            label = source.source if source.source == source.category else f"{source.source} ({source.category})"
            text(sheet, row, 0, label)
            sheet.write_formula(row, 1, f"={rate}", look.percent)
            sheet.write_formula(row, 2, f"={amount}", look.pounds)
            _grow_across(sheet, look, row, len(years))
        row += 1
        income_row = row
        sheet.write_string(row, 0, "Total income", look.bold)
        for offset in range(len(years)):
            sheet.write_formula(row, 2 + offset, sum_of(2 + offset, first_income, row - 1), look.pounds_bold)
        row += 2
        sheet.write_string(row, 0, "Surplus (shortfall if negative)", look.bold)
        for offset in range(len(years)):
            sheet.write_formula(row, 2 + offset, f"={cell(income_row, 2 + offset)}-{cell(spend_row, 2 + offset)}",
                                look.pounds_bold)
    widths(sheet, [44, 14] + [18] * len(years))


def _grow_across(sheet, look: Formats, row: int, years: int) -> None:
    for offset in range(1, years):
        sheet.write_formula(row, 2 + offset, f"={cell(row, 1 + offset)}*(1+$B${row + 1})", look.pounds)
