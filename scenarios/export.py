"""A scenario as an Excel workbook a Chief Finance Officer can check line by line.

Line amounts are written as values with every penny; every total is an Excel
formula over those cells (=SUM, and =SUMIF per strategic area), so anyone
opening the file sees the sums recomputed by Excel rather than trusting ours.
The sheets follow how a finance officer reads a proposal: what we start from
(Baseline), what we propose in words (Adjustments), where it lands (Result),
and, when there is a projection or expected income, whether it fits the
funding (Projection and funding).
"""
from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scenarios.adjustments import Adjustment, describe
from scenarios.comparison import strategic_area_comparison
from scenarios.funding import FundingSource
from scenarios.result import ADDED_SOURCE, ScenarioResult, financial_years_from

POUNDS = '"£"#,##0.00;-"£"#,##0.00'
PERCENT = "0.0%;-0.0%"
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")

# Rows above each sheet's table: a title, a line saying what it is, a blank row.
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1

BASELINE_HEADERS = [
    "Strategic area", "Service", "Provider", "Provision", "Commissioning type",
    "Funding partners", "Geography", "Financial year", "Amount (£)", "Source",
]
RESULT_HEADERS = [
    "Strategic area", "Service", "Provider", "Commissioning type", "Geography", "Status",
    "Baseline (£)", "Scenario (£)", "Change (£)", "Change (%)", "Changed by step",
]
# Columns of the Result sheet that the totals and SUMIFs refer to.
RESULT_AREA_COLUMN = "A"
RESULT_BASELINE_COLUMN = "G"
RESULT_SCENARIO_COLUMN = "H"
RESULT_CHANGE_COLUMN = "I"
RESULT_PERCENT_COLUMN = "J"


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
    workbook = Workbook()
    baseline_sheet = workbook.active
    baseline_sheet.title = "Baseline"
    baseline_total = _write_baseline(baseline_sheet, result, baseline_label)
    _write_adjustments(workbook.create_sheet("Adjustments"), result, adjustments, name, baseline_total)
    result_total = _write_result(workbook.create_sheet("Result"), result, name)
    if result.projection is not None or funding:
        _write_projection(workbook.create_sheet("Projection and funding"), result, list(funding), result_total)
    workbook.properties.title = f"Scenario: {name}"
    workbook.properties.creator = author or "Victims' services spend dashboard"
    workbook.properties.created = datetime.now(timezone.utc).replace(tzinfo=None)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_baseline(sheet: Worksheet, result: ScenarioResult, baseline_label: str) -> str:
    """The published lines the scenario starts from; returns the address of their total."""
    _title(sheet, f"Baseline: {baseline_label}", f"Spend lines as published for {result.baseline_year}.")
    _headers(sheet, BASELINE_HEADERS)
    published = result.lines[result.lines["source_file"] != ADDED_SOURCE]
    row = FIRST_ROW
    for line in published.itertuples(index=False):
        source = f"{line.source_file}, {line.source_sheet} row {line.source_row}"
        values = [
            line.strategic_area, line.service, line.provider, line.provision, line.commissioning_type,
            line.funding_partners, line.geography, result.baseline_year, float(line.baseline_gbp), source,
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        sheet.cell(row=row, column=9).number_format = POUNDS
        row += 1
    total_row = row
    sheet.cell(row=total_row, column=1, value="Total").font = HEADER_FONT
    total = sheet.cell(row=total_row, column=9, value=_sum("I", FIRST_ROW, total_row - 1))
    total.number_format = POUNDS
    total.font = HEADER_FONT
    _widths(sheet, [16, 48, 32, 40, 26, 26, 22, 13, 16, 44])
    return f"I{total_row}"


def _write_adjustments(
    sheet: Worksheet, result: ScenarioResult, adjustments: list[Adjustment], name: str, baseline_total: str,
) -> None:
    _title(
        sheet, f"Adjustments: {name}",
        "Applied in this order; each step works on the figures left by the steps before it.",
    )
    _headers(sheet, ["Step", "Adjustment", "Effect on the planned year (£)", "Lines changed"])
    row = FIRST_ROW
    steps = result.steps.set_index("step")
    for step, adjustment in enumerate(adjustments, start=1):
        sheet.cell(row=row, column=1, value=step)
        _put(sheet, row, 2, describe(adjustment)).alignment = Alignment(wrap_text=True)
        effect = sheet.cell(row=row, column=3, value=float(steps.loc[step, "change_gbp"]))
        effect.number_format = POUNDS
        sheet.cell(row=row, column=4, value=int(steps.loc[step, "lines_changed"]))
        row += 1
    effects_total_row = row
    sheet.cell(row=row, column=2, value="Total effect of the adjustments").font = HEADER_FONT
    total = sheet.cell(row=row, column=3, value=_sum("C", FIRST_ROW, row - 1) if adjustments else 0)
    total.number_format = POUNDS
    total.font = HEADER_FONT
    row += 2
    sheet.cell(row=row, column=2, value=f"Baseline total ({result.baseline_year}), from the Baseline sheet")
    sheet.cell(row=row, column=3, value=f"=Baseline!{baseline_total}").number_format = POUNDS
    row += 1
    sheet.cell(row=row, column=2, value=f"Baseline plus adjustments: the scenario total for {result.plan_year}").font = HEADER_FONT
    check = sheet.cell(row=row, column=3, value=f"=C{row - 1}+C{effects_total_row}")
    check.number_format = POUNDS
    check.font = HEADER_FONT
    if result.warnings:
        row += 2
        sheet.cell(row=row, column=1, value="Notes").font = HEADER_FONT
        for warning in result.warnings:
            row += 1
            _put(sheet, row, 2, warning)
    _widths(sheet, [8, 90, 30, 15])


def _write_result(sheet: Worksheet, result: ScenarioResult, name: str) -> str:
    """Every line before and after, the totals as formulas, then each strategic area by SUMIF.

    Returns the address of the scenario total, which the projection starts from.
    """
    _title(
        sheet, f"Result: {name}",
        f"Baseline {result.baseline_year} against the scenario for {result.plan_year}. "
        "Totals and strategic-area figures are formulas over the lines above them.",
    )
    _headers(sheet, RESULT_HEADERS)
    row = FIRST_ROW
    for line in result.lines.itertuples(index=False):
        values = [
            line.strategic_area, line.service, line.provider, line.commissioning_type, line.geography,
            line.status, float(line.baseline_gbp), float(line.amount_gbp),
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
        _change_formulas(sheet, row, f"{RESULT_BASELINE_COLUMN}{row}", f"{RESULT_SCENARIO_COLUMN}{row}")
        _put(sheet, row, 11, line.changed_by)
        row += 1
    last_line_row = row - 1
    total_row = row
    sheet.cell(row=total_row, column=1, value="Total").font = HEADER_FONT
    for column in (RESULT_BASELINE_COLUMN, RESULT_SCENARIO_COLUMN):
        cell = sheet[f"{column}{total_row}"]
        cell.value = _sum(column, FIRST_ROW, last_line_row)
        cell.font = HEADER_FONT
    _change_formulas(sheet, total_row, f"G{total_row}", f"H{total_row}", bold=True)

    row = total_row + 3
    sheet.cell(row=row, column=1, value="By strategic area").font = HEADER_FONT
    row += 1
    for column, label in enumerate(["Strategic area", "", "", "", "", "", "Baseline (£)", "Scenario (£)", "Change (£)", "Change (%)"], start=1):
        if label:
            cell = sheet.cell(row=row, column=column, value=label)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
    first_area_row = row + 1
    area_range = _absolute(RESULT_AREA_COLUMN, FIRST_ROW, last_line_row)
    for area in strategic_area_comparison(result)["strategic_area"]:
        row += 1
        _put(sheet, row, 1, area)
        for column in (RESULT_BASELINE_COLUMN, RESULT_SCENARIO_COLUMN):
            sheet[f"{column}{row}"] = f"=SUMIF({area_range},A{row},{_absolute(column, FIRST_ROW, last_line_row)})"
        _change_formulas(sheet, row, f"G{row}", f"H{row}")
    row += 1
    sheet.cell(row=row, column=1, value="All strategic areas").font = HEADER_FONT
    for column in (RESULT_BASELINE_COLUMN, RESULT_SCENARIO_COLUMN):
        cell = sheet[f"{column}{row}"]
        cell.value = _sum(column, first_area_row, row - 1)
        cell.font = HEADER_FONT
    _change_formulas(sheet, row, f"G{row}", f"H{row}", bold=True)
    for cell in sheet[f"G{FIRST_ROW}:I{row}"]:
        for money in cell:
            money.number_format = POUNDS
    sheet.freeze_panes = sheet[f"A{FIRST_ROW}"]
    _widths(sheet, [16, 48, 32, 26, 22, 11, 16, 16, 16, 11, 16])
    return f"{RESULT_SCENARIO_COLUMN}{total_row}"


def _write_projection(sheet: Worksheet, result: ScenarioResult, funding: list[FundingSource], result_total: str) -> None:
    """Spend and income per year, each year's figure a formula on the year before."""
    years = financial_years_from(result.plan_year, result.projection.years if result.projection else 1)
    rate = result.projection.percent_per_year / 100 if result.projection else 0.0
    _title(
        sheet, "Projection and funding",
        "Each year is the year before times (1 + its yearly change); change the rates in column B to test others.",
    )
    _headers(sheet, ["", "Yearly change", *years])
    row = FIRST_ROW
    spend_row = row
    sheet.cell(row=row, column=1, value="Planned spend").font = HEADER_FONT
    sheet.cell(row=row, column=2, value=rate).number_format = PERCENT
    sheet.cell(row=row, column=3, value=f"=Result!{result_total}")
    _grow_across(sheet, row, len(years))
    if funding:
        row += 2
        sheet.cell(row=row, column=1, value="Expected income").font = HEADER_FONT
        first_income_row = row + 1
        for source in funding:
            row += 1
            label = source.source if source.source == source.category else f"{source.source} ({source.category})"
            _put(sheet, row, 1, label)
            sheet.cell(row=row, column=2, value=source.percent_per_year / 100).number_format = PERCENT
            sheet.cell(row=row, column=3, value=float(source.amount_gbp))
            _grow_across(sheet, row, len(years))
        row += 1
        income_row = row
        sheet.cell(row=row, column=1, value="Total income").font = HEADER_FONT
        for offset in range(len(years)):
            letter = get_column_letter(3 + offset)
            sheet[f"{letter}{row}"] = _sum(letter, first_income_row, row - 1)
            sheet[f"{letter}{row}"].font = HEADER_FONT
        row += 2
        sheet.cell(row=row, column=1, value="Surplus (shortfall if negative)").font = HEADER_FONT
        for offset in range(len(years)):
            letter = get_column_letter(3 + offset)
            sheet[f"{letter}{row}"] = f"={letter}{income_row}-{letter}{spend_row}"
            sheet[f"{letter}{row}"].font = HEADER_FONT
    for cells in sheet[f"C{FIRST_ROW}:{get_column_letter(2 + len(years))}{row}"]:
        for cell in cells:
            cell.number_format = POUNDS
    _widths(sheet, [44, 14] + [18] * len(years))


def _grow_across(sheet: Worksheet, row: int, years: int) -> None:
    for offset in range(1, years):
        letter = get_column_letter(3 + offset)
        previous = get_column_letter(2 + offset)
        sheet[f"{letter}{row}"] = f"={previous}{row}*(1+$B{row})"


def _change_formulas(sheet: Worksheet, row: int, baseline: str, scenario: str, *, bold: bool = False) -> None:
    change = sheet[f"{RESULT_CHANGE_COLUMN}{row}"]
    change.value = f"={scenario}-{baseline}"
    # A new line has no baseline to take a percentage of: leave the cell blank, as the page shows n/a.
    percent = sheet[f"{RESULT_PERCENT_COLUMN}{row}"]
    percent.value = f'=IF({baseline}=0,"",{RESULT_CHANGE_COLUMN}{row}/{baseline})'
    percent.number_format = PERCENT
    if bold:
        for cell in (sheet[baseline], sheet[scenario], change, percent):
            cell.font = HEADER_FONT


def _title(sheet: Worksheet, title: str, subtitle: str) -> None:
    _put(sheet, 1, 1, title).font = TITLE_FONT
    _put(sheet, 2, 1, subtitle)


def _put(sheet: Worksheet, row: int, column: int, value: object):
    """A cell of the user's text (a service, a provider, a scenario's name) written as text, never a formula.

    openpyxl turns any string starting with '=' into a formula, so a line named
    '=HYPERLINK(...)' would become a live link in the commissioner's Excel.
    """
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _headers(sheet: Worksheet, headers: list[str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header or None)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sum(column: str, first_row: int, last_row: int) -> str | float:
    # An empty range would make SUM(I5:I4), which Excel reads backwards as I4:I5.
    if last_row < first_row:
        return 0.0
    return f"=SUM({column}{first_row}:{column}{last_row})"


def _absolute(column: str, first_row: int, last_row: int) -> str:
    return f"${column}${first_row}:${column}${max(first_row, last_row)}"


def _widths(sheet: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def workbook_filename(name: str) -> str:
    """A safe file name from the scenario's name: "Victims cut 5%" -> "scenario_victims_cut_5.xlsx"."""
    slug = "".join(ch.lower() if ch.isalnum() else "_" for ch in name).strip("_")
    while "__" in slug:
        slug = slug.replace("__", "_")
    return f"scenario_{slug or 'untitled'}.xlsx"
