"""Build the bundled datasets in data/ from figures transcribed from published PCC records.

Run from the repository root:

    .venv/bin/python data/build_bundled.py

Every figure below was copied from the source decision records (see data/README.md
for the documents and the transcription choices). The script checks that the
published tables reconcile, writes the spreadsheets in the shape a PCC office would
publish them, and reads each workbook back to check it holds what was intended.
Output is deterministic: fixed workbook timestamps and fixed zip entry dates, so
rebuilding produces byte-identical files.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

DATA_DIR = Path(__file__).resolve().parent
REPO_DIR = DATA_DIR.parent
FIXTURE_DIR = REPO_DIR / "tests" / "data"

FIXED_TIMESTAMP = datetime.datetime(2020, 1, 1, 0, 0, 0)
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)

AMOUNT_FORMAT = "#,##0"
PENCE_FORMAT = "#,##0.00"


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------

def amount(text: str) -> int | None:
    """A published whole-pound amount such as "573,925" as an int; "" is a blank cell."""
    if text == "":
        return None
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", text), text
    return int(text.replace(",", ""))


def save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save a workbook so that the same content always gives the same bytes.

    openpyxl stamps docProps/core.xml with the save time and the zip entries with
    the current date; both are replaced by fixed values.
    """
    workbook.properties.creator = "data/build_bundled.py"
    workbook.properties.lastModifiedBy = None
    workbook.properties.created = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content, count = re.subn(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
                assert count == 1
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 3
            target.writestr(entry, content)
    path.write_bytes(out.getvalue())


def write_grid(sheet, grid: list[list], widths: list[float], bold_rows: set[int] = frozenset(),
               wrap_columns: set[int] = frozenset()) -> None:
    """Write a list of rows (None = empty cell) to a sheet, with light presentation."""
    for row_index, row in enumerate(grid, start=1):
        for column_index, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, int):
                cell.number_format = AMOUNT_FORMAT
            elif isinstance(value, float):
                cell.number_format = PENCE_FORMAT
            if row_index in bold_rows:
                cell.font = Font(bold=True)
            if column_index in wrap_columns and isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column_index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column_index).column_letter].width = width


def check_sheet(path: Path, sheet_name: str, grid: list[list]) -> None:
    """Read a written sheet back and check every cell against the intended grid."""
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    width = max(len(row) for row in grid)
    assert sheet.max_row == len(grid), (path.name, sheet_name, sheet.max_row, len(grid))
    assert sheet.max_column == width, (path.name, sheet_name, sheet.max_column, width)
    for row_index, row in enumerate(grid, start=1):
        padded = list(row) + [None] * (width - len(row))
        found = [sheet.cell(row=row_index, column=c).value for c in range(1, width + 1)]
        assert found == padded, (path.name, sheet_name, row_index, found, padded)


# ---------------------------------------------------------------------------
# 1. Leicestershire Commissioning Framework 2018-21, Appendix A (seed 002)
# ---------------------------------------------------------------------------

LEICS_TITLE = "Police and Crime Commissioner for Leicestershire"
LEICS_APPENDIX_TITLE = "Appendix A - Commissioning budget 2018-2021 with revised committed figures for 2020-21"

LEICS_HEADER = (
    "Service Name",
    "Current delivery organisation",
    "Provision",
    "How service is Commissioned?",
    "2018/19 budget (£)",
    "2019/20 budget (£)",
    "2020/21 budget (£)",
    "Geographical reach",
)
LEICS_AMOUNT_COLUMNS = (4, 5, 6)  # 0-based positions of the three budget columns

HEADER = "HEADER"  # a (repeated) header row, as printed at each page break
BLANK = "BLANK"    # the empty row printed before each repeated header

# Rows exactly as published, in published order. Section rows carry only their
# label; subtotal and total rows leave the text columns empty. Amounts are kept as
# printed ("" = blank cell in the source, "0" = printed zero).
LEICS_ROWS = [
    HEADER,
    ('VICTIMS',),
    ('Victim First', 'Catch 22', 'Generic victim support service inclusive of Restorative Justice', 'Procured – sole funded', '573,925', '543,752', '558,322', 'LLR'),
    ('Target Hardening', '24-7 Locks', 'Property target hardening - referrals via UAVA or Victim First', 'Procured – sole funded', '87,500', '90,000', '90,000', 'LLR'),
    ('CHISVA', 'FreeVA', 'Support/Advocacy for child victims of sexual violence', 'Procured – sole funded', '50,000', '50,000', '50,000', 'LLR'),
    ('Mental health in Victim First', 'Leicestershire Partnership NHS Trust', 'Specialist mental health support and signposting within Victim First', 'Procured – sole funded', '22,000', '22,500', '23,000', 'LLR'),
    ('Sexual and domestic Violence information and support service', 'United Against Violence and Abuse (UAVA)', 'Sexual and domestic violence Victim support', 'Procured – Jointly funded (with upper tier councils)', '396,002', '396,002', '396,927', 'LLR'),
    ('Domestic Violence 360 support', 'Living Without Abuse', 'Proactive engagement of repeat domestic violence victims', 'Procured – sole funded', '189,552', '189,552', '189,552', 'LLR'),
    ('Adults Sexual Abuse Referral Centre (SARC)', 'Leicestershire Police', 'Forensic examination and emotional/practical support/advocacy', 'Procured – Jointly funded (with NHS England)', '67,906', '67,906', '67,906', 'LLR'),
    ('Paediatric SARC', 'Nottingham University Hospital Trust', 'Forensic examination and emotional/practical support/advocacy', "Procured – Jointly funded (with NHS England and East Mid's PCCs)", '', '20,000', '20,000', 'East Midlands'),
    BLANK,
    HEADER,
    ('Victims Subtotal', '', '', '', '1,386,885', '1,379,712', '1,395,707', ''),
    ('VULNERABLE',),
    ('Specialist Substance Misuse service City', 'Turning Point', 'Substance misuse support', 'Procured – Jointly funded (with the City council and NHS England)', '335,568', '335,568', '335,568', 'City'),
    ('Specialist Substance Misuse service County', 'Turning Point', 'Substance misuse support', 'Procured – Jointly funded (with the County council)', '111,856', '111,856', '111,856', 'County'),
    ('Sub-misuse add on for Rutland', 'Rutland County Council', 'Substance misuse support', 'Grant funding', '1,485', '1,485', '1,485', 'Rutland'),
    ('Substance misuse out of court disposal mandated sessions', 'Turning Point', 'Behaviour change sessions', 'Procured – sole funded', '8,307', '8,307', '8,307', 'LLR'),
    ('Number 5', 'Inclusion Healthcare', 'Wet centre and recovery hub for street drinkers', 'Procured – Jointly funded (with the City council)', '34,000', '34,000', '34,000', 'Leicester City'),
    ('Adults Safeguarding Boards', 'Leicester City Council/ Leicestershire County Council', 'Contribution to statutory function', 'Statutory Contribution', '81,103', '179,289', '179,289', 'LLR'),
    ('Children’s Safeguarding Boards', 'Leicester City Council/ Leicestershire County Council', 'Contribution to statutory function', 'Statutory Contribution', '97,412', '', '', ''),
    BLANK,
    HEADER,
    ('Missing co-ordinator', 'Leicester County Council', 'Co-ordination of support for children who go missing', 'Grant Funding', '48,200', '48,200', '', 'LLR'),
    ('Proactive Vulnerability Management Engagement (PAVE) team – Mental health nurses', 'Leicestershire Partnership Trust', 'Mental Health nurse provision within a multi-disciplinary team seeking to reduce responsive demand on provision', 'Procured – sole funded', '', '75,824', '0', 'LLR'),
    ('Suicide bereavement service', 'To be selected via competitive tender', 'Support for those bereaved by suicide', 'Procured – Jointly funded (with the City and County councils)', '', '22,917', '25,000', 'LLR'),
    ('Modern slavery helpline', 'Unseen', 'Helpline to both receive tip offs of modern slavery and to support victims', 'Grant funding', '', '10,000', '10,000', 'Nationwide'),
    ('Vulnerable subtotal', '', '', '', '717,931', '827,446', '705,505', ''),
    ('PREVENTION',),
    ('Integrated Offender Management (IOM)', 'Various', 'Partnership approach to managing prolific offenders', 'Grant Funding', '342,092', '342,092', '342,092', 'LLR'),
    ('Youth Offending Service (YOS) contribution – Leicester City', 'Leicester City Council', 'Contribution to YOS costs', 'Grant Funding', '84,446', '84,446', '84,446', 'Leicester City'),
    ('Youth Offending Service contribution - Leicestershire and Rutland', 'Leicestershire County Council', 'Contribution to YOS costs', 'Grant Funding', '77,934', '77,934', '77,934', 'Leicestershire County and Rutland (not city)'),
    ('Youth Prevention and Diversion', 'Districts, Boroughs and Leicester City councils', 'Positive engagement and diversion for at risk (deter young offenders) or First Time Entrants to YOS', 'Grant Funding', '139,675', '139,675', '139,675', 'LLR'),
    BLANK,
    HEADER,
    ('Think Family', 'Leicester City Council', 'Contribution to Troubled Families programme', 'Grant Funding', '114,750', '114,750', '114,750', 'Leicester City'),
    ('Supporting Leicestershire Families', 'Leicestershire County Council', 'Contribution to Troubled Families programme', 'Grant Funding', '101,250', '101,250', '101,250', 'Leicestershire County'),
    ('Changing Lives Rutland', "Rutland County Council (via Rutland's Register)", 'Contribution to Troubled Families programme', 'Grant Funding', '9,000', '9,000', '9,000', 'Rutland'),
    ('Working In Rehabilitation and Employment (WIRE)', 'Leicestershire Cares', 'Empowering ex-offenders to access employment', 'Grant Funding', '30,000', '0', '0', 'LLR'),
    ('Conditional Cautioning And Relationship Abuse (C₂ARA)', 'The Hampton Trust', 'Out of court disposal sessions for perpetrators of domestic violence', 'Procured – sole funded', '19,800', '13,200', '20,000', 'LLR'),
    ('New Dawn New Day', 'New Dawn New Day', 'Out of court disposal sessions for female offenders', 'Procured – sole funded', '32,050', '32,050', '32,050', 'LLR'),
    ('Crime stoppers National Hub', 'Crime stoppers National Hub', 'Contribution to their core service', 'Grant Funded', '28,023', '28,023', '28,023', 'Nationwide'),
    ('Domestic Homicide Reviews', 'Leicester City Council', 'Facilitating statutory reviews into domestic homicides', 'Statutory Contribution', '16,000', '16,000', '16,000', 'Leicester City'),
    ('Domestic Homicide Reviews', 'Leicestershire County Council', 'Facilitating statutory reviews into domestic homicides', 'Statutory Contribution', '16,000', '16,000', '16,000', 'Leicestershire County and Rutland (not city)'),
    ('Local Resilience Forum', 'Leicestershire County Council', 'Contribution to statutory function', 'Statutory Contribution', '6,536', '6,536', '10,928', 'LLR'),
    ('Kicks', 'Leicester City Football Club Community Trust', 'Positive engagement and diversionary activity with young people', 'Grant Funded', '10,000', '10,000', '10,000', 'Leicester and Leicestershire'),
    BLANK,
    HEADER,
    ('Warning Zone', 'Warning Zone', 'Preventative messages in line with the Police and Crime Plan', 'Grant Funded', '50,000', '50,000', '50,000', 'LLR'),
    ('Achieve and Mosaic programmes', 'Princes Trust', 'Support for young people within a school setting who require additional input to achieve their objectives', 'Grand Funded', '', '25,000', '0', 'Leicester and Leicestershire'),
    ('Prevention Sub-total', '', '', '', '1,077,556', '1,065,956', '1,052,148', ''),
    ('CROSS CUTTING',),
    ('Partnership Locality Fund', 'Districts, Boroughs, Rutland and City councils', 'Activity related to Community Safety Partnership plans', 'Grant Funded', '500,000', '500,000', '500,000', 'LLR'),
    ("The PCC's Prevention Fund (PCC Grants)", 'Various', 'Small grants for proposals meeting part of the Police and Crime Plan', 'Grant Funded', '250,000', '250,000', '250,000', 'LLR'),
    ('Emergent issues/ideas/PCC grants top up/ contingency', 'Various', 'Contingency', 'Not Applicable', '135,908', '108,298', '307,463', 'LLR'),
    ('YAP/Youth Commission budget line', "PCC's office", 'Facilitating young people influencing police and reducing reoffending provision', 'Procured – sole funded', '12,000', '10,000', '10,000', 'LLR'),
    ('Child Criminal Exploitation (CCE) Strategic Manager', 'Leicestershire Police', 'Over-seeing the development of a partnership approach to tackling CCE', 'Grant Funded', '', '74,193', '74,193', 'LLR'),
    ('Child Sexual Exploitation (CSE) Nurses', 'Leicestershire Partnership Trust', 'Nurses within a multi-disciplinary team within the CSE hub', 'Procured – Sole funded', '', '64,945', '64,945', 'LLR'),
    BLANK,
    HEADER,
    ('CSE Analyst', 'Leicestershire Police', 'Analyst support to enhance the work within the CSE hub', 'Grant Funded', '', '36,000', '36,000', 'LLR'),
    ('SPDF - Child Sexual Exploitation (CSE), Braunstone Blues, Pro-Active Vulnerability Engagement (PAVE) team, Prevent and Night Time Economy', 'Various', 'Various', 'Grant Funded', '203,125', '0', '0', 'LLR'),
    ('Cross cutting sub-total', '', '', '', '1,101,033', '1,043,436', '1,242,601', ''),
    ('Grand Total', '', '', '', '4,283,405', '4,316,550', '4,395,961', ''),
]

LEICS_SECTIONS = {
    "VICTIMS": "Victims Subtotal",
    "VULNERABLE": "Vulnerable subtotal",
    "PREVENTION": "Prevention Sub-total",
    "CROSS CUTTING": "Cross cutting sub-total",
}
LEICS_GRAND_TOTAL = "Grand Total"
LEICS_EXPECTED_GRAND_TOTALS = (4_283_405, 4_316_550, 4_395_961)
LEICS_EXPECTED_VICTIMS_2020_21 = 1_395_707
LEICS_EXPECTED_SERVICE_LINES = 44
LEICS_EMERGENT_LINE = "Emergent issues/ideas/PCC grants top up/ contingency"


def check_leicestershire() -> None:
    """The published table reconciles to the pound: lines -> subtotals -> grand total."""
    for row in LEICS_ROWS:
        assert row in (HEADER, BLANK) or len(row) in (1, 8), row
    section = None
    line_sums: dict[str, list[int]] = {}
    subtotals: dict[str, tuple[int, ...]] = {}
    grand_total = None
    service_lines = 0
    for row in LEICS_ROWS:
        if row in (HEADER, BLANK):
            continue
        if len(row) == 1:
            assert row[0] in LEICS_SECTIONS and section is None, row
            section = row[0]
            line_sums[section] = [0, 0, 0]
            continue
        values = tuple(amount(row[i]) or 0 for i in LEICS_AMOUNT_COLUMNS)
        if row[0] == LEICS_GRAND_TOTAL:
            assert section is None
            grand_total = values
        elif section is not None and row[0] == LEICS_SECTIONS[section]:
            assert all(row[i] == "" for i in (1, 2, 3, 7)), row
            subtotals[section] = values
            section = None
        else:
            assert section is not None, row
            service_lines += 1
            line_sums[section] = [a + b for a, b in zip(line_sums[section], values)]
    assert service_lines == LEICS_EXPECTED_SERVICE_LINES, service_lines
    assert list(subtotals) == list(LEICS_SECTIONS), subtotals
    for name, values in subtotals.items():
        assert tuple(line_sums[name]) == values, (name, line_sums[name], values)
    assert tuple(sum(v[i] for v in subtotals.values()) for i in range(3)) == grand_total
    assert grand_total == LEICS_EXPECTED_GRAND_TOTALS, grand_total
    assert subtotals["VICTIMS"][2] == LEICS_EXPECTED_VICTIMS_2020_21
    assert sum(1 for row in LEICS_ROWS if row == HEADER) == 6
    assert sum(1 for row in LEICS_ROWS if row == BLANK) == 5


def leicestershire_text_rows() -> list[list[str]]:
    """The full sheet as text, amounts as printed: 2 title rows, a blank row, then the table."""
    width = len(LEICS_HEADER)
    rows = [
        [LEICS_TITLE] + [""] * (width - 1),
        [LEICS_APPENDIX_TITLE] + [""] * (width - 1),
        [""] * width,
    ]
    for row in LEICS_ROWS:
        if row == HEADER:
            rows.append(list(LEICS_HEADER))
        elif row == BLANK:
            rows.append([""] * width)
        else:
            rows.append(list(row) + [""] * (width - len(row)))
    return rows


def leicestershire_grid() -> list[list]:
    """The same rows with amounts as ints and empty strings as empty cells."""
    grid = [[LEICS_TITLE], [LEICS_APPENDIX_TITLE], []]
    for row in LEICS_ROWS:
        if row == HEADER:
            grid.append(list(LEICS_HEADER))
        elif row == BLANK:
            grid.append([])
        else:
            cells = [amount(text) if index in LEICS_AMOUNT_COLUMNS else (text or None)
                     for index, text in enumerate(row)]
            while cells and cells[-1] is None:
                cells.pop()
            grid.append(cells)
    return grid


def build_leicestershire_framework() -> None:
    check_leicestershire()
    path = DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx"
    grid = leicestershire_grid()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appendix A"
    bold = {1, 2} | {i for i, row in enumerate(grid, start=1)
                     if row and (row[0] == LEICS_HEADER[0] or row[0] in LEICS_SECTIONS
                                 or row[0] in LEICS_SECTIONS.values() or row[0] == LEICS_GRAND_TOTAL)}
    write_grid(sheet, grid, widths=[45, 38, 50, 40, 16, 16, 16, 30], bold_rows=bold,
               wrap_columns={1, 2, 3, 4})
    save_deterministic(workbook, path)
    check_sheet(path, "Appendix A", grid)

    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    with open(FIXTURE_DIR / "leicestershire_appendix_a.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(leicestershire_text_rows())


# ---------------------------------------------------------------------------
# 2. Leicestershire emergent issues, Table 1 (seed 002)
# ---------------------------------------------------------------------------

EMERGENT_TITLE = "Table 1. Emergent issues to be funded from the emergent issues budget line"
EMERGENT_HEADER = ("Service area", "Approved spend (£)", "Service description")
EMERGENT_ROWS = [
    ("Police Offender Manager", "30,000", "A contribution toward the Police Offender Manager post with £10,000 coming from Leicester City Council and £10,000 from Leicestershire County Council"),
    ("MARAC Manager and Administrator", "18,385", "This is post VAWG funding and will allow funding to be used for MARAC Manager and Administrator posts. To be funded for 3 months in the first instance"),
    ("MARAC IDVA", "2,488.25", "This is post VAWG funding, contribution to WALL for 2020-21 only To be funded for 3 months in the first instance"),
    ("DV360 VAWG extension", "8,000", "This is post VAWG funding and will allow funding to be used for additional costs for the upskilled IDVA posts for 2020-21 only"),
    ("Substance Misuse PAVE", "30,000", "This was originally funded through the SPDF. This is money is required to fund the Turning Point workers in PAVE for 2020-21 only"),
    ("VF Website", "970", "Additional website costs for VF website"),
    ("Mental Health", "25,000", "Partnership contribution towards the UAVA Therapeutic Support proposal- direct payments to be made to four local providers"),
]
EMERGENT_TOTAL = ("TOTAL", "114,843.25", "")


def money(text: str) -> int | float:
    """A published amount that may carry pence: "2,488.25" -> 2488.25, "970" -> 970."""
    assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d{2})?", text), text
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def build_leicestershire_emergent() -> None:
    total = sum(Decimal(row[1].replace(",", "")) for row in EMERGENT_ROWS)
    assert total == Decimal("114843.25") == Decimal(EMERGENT_TOTAL[1].replace(",", "")), total
    assert len(EMERGENT_ROWS) == 7
    # The spend comes out of the framework's 2020/21 emergent issues line.
    emergent_line = next(row for row in LEICS_ROWS if row not in (HEADER, BLANK) and row[0] == LEICS_EMERGENT_LINE)
    assert total <= amount(emergent_line[6])

    path = DATA_DIR / "leicestershire_emergent_issues_2020-21.xlsx"
    grid = [[EMERGENT_TITLE], list(EMERGENT_HEADER)]
    for name, spend, description in EMERGENT_ROWS + [EMERGENT_TOTAL]:
        grid.append([name, money(spend)] + ([description] if description else []))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table 1"
    write_grid(sheet, grid, widths=[34, 20, 100], bold_rows={1, 2, len(grid)}, wrap_columns={3})
    save_deterministic(workbook, path)
    check_sheet(path, "Table 1", grid)


# ---------------------------------------------------------------------------
# 3. Durham Community Safety Grant 2015-16 (seed 004)
# ---------------------------------------------------------------------------

DURHAM_HEADER = ("Durham Community Safety Grant Projects", "2015-16 allocation (£485,577)*")
DURHAM_EXTRA_HEADER = ("Delivery partner", "Funding route", "Geographical reach")
DURHAM_EXTRA_VALUES = ("Safe Durham Partnership", "Grant funding", "County Durham")
DURHAM_ROWS = [
    ("Anti-Social Behaviour Officers", "131,883"),
    ("4Real Service and Drug Intervention Programme (in 2015/16 this will be a contribution to the County Durham Drug and Alcohol Service not specifically these two services)", "177,790"),
    ("Prolific and Priority Offender Mentoring", "30,000"),
    ("Fully Integrated Pre Court System (Out of Court Disposals)", "105,872"),
    ("County Durham Positive Futures Programme", "55,000"),
]
DURHAM_TOTAL = ("Total", "500,545")
DURHAM_FOOTNOTE = ("* There will also be £27,150 rolled forward from 2014/15 into 2015/16, "
                   "hence the total spend equalling more than the allocation")
DURHAM_NOTES = [
    "Durham Community Safety Grant projects 2015-16",
    "Source: Police and Crime Panel, 3rd February 2015, 'Update on Commissioning Activity', Report of Chief of Staff (Office of the PCC for Durham), paragraphs 4-6.",
    "The PCC allocates the Community Safety Grant to the two Community Safety Partnerships for projects that support his priorities; this table is the Safe Durham Partnership's share.",
    "Both Partnerships receive a 5% reduction on their 2014-15 allocation. The Darlington CSP projects had not been decided when the report was written.",
    "The report's funding summary gives the Safe Durham Partnership £473,395 of the £606,550 grant; the project table is headed with an allocation of £485,577. Both are reproduced as published.",
    "The Delivery partner, Funding route and Geographical reach columns are added from the report text; the project names, amounts and footnote are as published.",
    "The data are on the sheet 'Community Safety Grant'.",
]


def build_durham() -> None:
    assert sum(amount(value) for _, value in DURHAM_ROWS) == amount(DURHAM_TOTAL[1]) == 500_545
    path = DATA_DIR / "durham_community_safety_grant_2015-16.xlsx"
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes_grid = [[line] for line in DURHAM_NOTES]
    write_grid(notes, notes_grid, widths=[140], bold_rows={1})

    data = workbook.create_sheet("Community Safety Grant")
    grid = [list(DURHAM_HEADER + DURHAM_EXTRA_HEADER)]
    for name, value in DURHAM_ROWS:
        grid.append([name, amount(value), *DURHAM_EXTRA_VALUES])
    grid.append([DURHAM_TOTAL[0], amount(DURHAM_TOTAL[1])])
    grid.append([])
    grid.append([DURHAM_FOOTNOTE])
    write_grid(data, grid, widths=[70, 30, 26, 16, 20], bold_rows={1, len(grid) - 2}, wrap_columns={1})
    save_deterministic(workbook, path)
    check_sheet(path, "Notes", notes_grid)
    check_sheet(path, "Community Safety Grant", grid)
    assert load_workbook(path).sheetnames == ["Notes", "Community Safety Grant"]


# ---------------------------------------------------------------------------
# 4. Derbyshire IDVA contracts (seed 000)
# ---------------------------------------------------------------------------

DERBYSHIRE_HEADER = ("Service", "Provider", "Provision", "Commissioning type",
                     "2017/18 contribution (£)", "2018/19 contribution (£)", "Geographical reach")
DERBYSHIRE_PROVISION = "IDVA service to a single Derbyshire-wide specification, including duty cover 365 days a year"
# (service, provider, commissioning type, contribution before, uplift, contribution after, reach)
DERBYSHIRE_CONTRACTS = [
    ("Derby City IDVA service", "To be procured (PCC-led)", "Procured – sole funded",
     175_000, 22_000, 197_000, "Derby City"),
    ("Derbyshire County IDVA service", "To be procured (County Council-led)",
     "Procured – jointly funded (with Derbyshire County Council)",
     89_000, 33_000, 122_000, "Derbyshire County"),
]
DERBYSHIRE_UPLIFT = 55_000


def pounds(value: int) -> str:
    return f"£{value:,}"


def build_derbyshire() -> None:
    city, county = DERBYSHIRE_CONTRACTS
    for _, _, _, before, uplift, after, _ in DERBYSHIRE_CONTRACTS:
        assert before + uplift == after
    assert city[4] + county[4] == DERBYSHIRE_UPLIFT
    # 60% of the uplift to the County contract, 40% to the City contract.
    assert county[4] * 100 == DERBYSHIRE_UPLIFT * 60 and city[4] * 100 == DERBYSHIRE_UPLIFT * 40
    total_before = sum(c[3] for c in DERBYSHIRE_CONTRACTS)
    total_after = sum(c[5] for c in DERBYSHIRE_CONTRACTS)
    assert (total_before, total_after) == (264_000, 319_000)

    rows = [list(DERBYSHIRE_HEADER)]
    for service, provider, kind, before, _, after, reach in DERBYSHIRE_CONTRACTS:
        rows.append([service, provider, DERBYSHIRE_PROVISION, kind, pounds(before), pounds(after), reach])
    rows.append(["Total", "", "", "", pounds(total_before), pounds(total_after), ""])
    path = DATA_DIR / "derbyshire_idva_contracts_2017-19.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == rows
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


# ---------------------------------------------------------------------------
# 5. Essex integrated domestic abuse service (seed 001)
# ---------------------------------------------------------------------------

ESSEX_HEADER = ("Service", "Provider", "Provision", "Commissioning type",
                "2018/19 contribution (£)", "Geographical reach")
ESSEX_PARTNERS = [
    ("Essex County Council", 1_632_000),
    ("Police, Fire and Crime Commissioner for Essex (PFCC)", 451_000),
    ("Southend-on-Sea Borough Council", 25_000),
    ("Thurrock Council", 17_000),
]
ESSEX_CONTRACT_TOTAL = 2_125_000
ESSEX_SERVICE = (
    "Integrated domestic abuse service",
    "To be procured (Essex County Council lead)",
    "Independent Domestic Violence Advocate (IDVA) service combined with community-based support "
    "(outreach, counselling, group work and 1:1 support) for victims of domestic abuse",
    "Procured – jointly funded (with Essex County Council £1,632,000, "
    "Southend-on-Sea Borough Council £25,000, Thurrock Council £17,000)",
    451_000,
    "Essex (Countywide)",
)


def build_essex() -> None:
    assert sum(value for _, value in ESSEX_PARTNERS) == ESSEX_CONTRACT_TOTAL
    assert ESSEX_SERVICE[4] == dict(ESSEX_PARTNERS)["Police, Fire and Crime Commissioner for Essex (PFCC)"]
    for partner, value in ESSEX_PARTNERS:
        if "PFCC" not in partner:
            assert f"{partner} {pounds(value)}" in ESSEX_SERVICE[3], partner

    path = DATA_DIR / "essex_domestic_abuse_contract_2018-19.xlsx"
    workbook = Workbook()
    main = workbook.active
    main.title = "Domestic abuse service"
    grid = [list(ESSEX_HEADER), list(ESSEX_SERVICE)]
    write_grid(main, grid, widths=[34, 40, 60, 60, 22, 20], bold_rows={1}, wrap_columns={3, 4})

    partners = workbook.create_sheet("Partner contributions")
    partner_grid = [["Partner", "Annual contribution (£)"]]
    partner_grid += [[name, value] for name, value in ESSEX_PARTNERS]
    partner_grid.append(["Total contract value", ESSEX_CONTRACT_TOTAL])
    write_grid(partners, partner_grid, widths=[52, 24], bold_rows={1, len(partner_grid)})
    save_deterministic(workbook, path)
    check_sheet(path, "Domestic abuse service", grid)
    check_sheet(path, "Partner contributions", partner_grid)
    assert load_workbook(path).sheetnames == ["Domestic abuse service", "Partner contributions"]


# ---------------------------------------------------------------------------
# 6. Eastern Region victims commissioning collaboration, 2014 (seed 003, Suffolk)
# ---------------------------------------------------------------------------

# Suffolk PCC decision 14 - 2014. The recommendation: "at a cost of up to £10 k for each
# Police and Crime Commissioner"; the collaboration agreement, clause 6.1: "one sixth of the
# full cost of the post, up to a sum of £10,000 per annum each". A ceiling each PCC agreed
# to, not a sum anyone spent: the file says so in its header, and its dataset kind must keep
# it out of spend totals (see data/README.md; not yet in bundled.json).
EASTERN_TITLE = ("Eastern Region Victim Coordinator: Policing Body Collaborative Service Agreement "
                 "(Suffolk PCC decision 14 - 2014, approved 28 April 2014)")
EASTERN_HEADER = ("PCC area", "Party to the agreement", "Service", "Provision", "Commissioning type",
                  "2014/15 cap: up to (£ per annum)", "Geographical reach")
# In the agreement's order (parties 1 to 6), with the addresses it gives left out.
EASTERN_PARTIES = [
    ("Bedfordshire", "Bedfordshire Police and Crime Commissioner"),
    ("Cambridgeshire", "Cambridgeshire Police and Crime Commissioner"),
    ("Essex", "Essex Police and Crime Commissioner"),
    ("Hertfordshire", "Hertfordshire Police and Crime Commissioner"),
    ("Norfolk", "Norfolk Police and Crime Commissioner"),
    ("Suffolk", "Suffolk Police and Crime Commissioner"),
]
EASTERN_SERVICE = "Eastern Region Victim Coordinator (Eastern Region Victims Commissioning Project Manager)"
EASTERN_PROVISION = ("Coordination of Eastern Region commissioning of services for victims: a project manager "
                     "post hosted and employed by Essex, the lead Policing Body")
EASTERN_COMMISSIONING = ("Collaboration agreement: cost of the post shared equally, one sixth each, "
                         "up to £10,000 per annum each (a cap)")
EASTERN_CAP = "10,000"
EASTERN_REACH = "Eastern Region"
EASTERN_NOTE = ("The amounts are caps, not spending: each PCC agreed to pay one sixth of the post's full cost, "
                "up to £10,000 per annum. The agreement runs to 31 March 2015; what was actually paid is not published here.")


def eastern_region_grid() -> list[list]:
    grid = [[EASTERN_TITLE], list(EASTERN_HEADER)]
    for area, party in EASTERN_PARTIES:
        grid.append([area, party, EASTERN_SERVICE, EASTERN_PROVISION, EASTERN_COMMISSIONING,
                     amount(EASTERN_CAP), EASTERN_REACH])
    grid += [[], [EASTERN_NOTE]]
    return grid


def build_eastern_region() -> None:
    assert [area for area, _ in EASTERN_PARTIES] == [
        "Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk", "Suffolk"]
    # "the 5 other Regional Police and Crime Commissioners": six in all, Essex the lead.
    assert len(EASTERN_PARTIES) == 6 and amount(EASTERN_CAP) == 10_000
    assert "up to £10,000 per annum each (a cap)" in EASTERN_COMMISSIONING
    path = DATA_DIR / "eastern_region_victims_coordinator_2014-15.xlsx"
    grid = eastern_region_grid()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Collaboration"
    write_grid(sheet, grid, widths=[18, 44, 44, 50, 50, 22, 18], bold_rows={1, 2}, wrap_columns={3, 4, 5})
    save_deterministic(workbook, path)
    check_sheet(path, "Collaboration", grid)


# ---------------------------------------------------------------------------
# 7. Durham's four funding streams 2015-16 (seed 004, paragraph 4)
# ---------------------------------------------------------------------------

DURHAM_STREAMS_TITLE = ("Durham PCC funding streams identified to commission services, 2015-16 "
                        "(Police and Crime Panel, 3 February 2015, paragraph 4)")
DURHAM_STREAMS_HEADER = (None, "Funding stream", "2015-16 amount (£)", "Funding partner", "Description", "Notes")
# Who pays each stream in, as the report says: paragraph 3, "the PCC has received additional money from
# the Ministry of Justice for 2015-16 for Victims' Services and for Restorative Justice"; C, "Money from
# the Ministry of Justice". A's payer is not named ("Money that previously went directly to Community
# Safety Partnerships but which now comes to PCCs") and D is the PCC's own balancing item: both left blank.
# Headed "Funding partner" so the loader reads it as the lines' funding_partners.
DURHAM_STREAM_FUNDERS = {"A": None, "B": "Ministry of Justice", "C": "Ministry of Justice", "D": None}
# (letter, stream, amount as a number or "" where none is set, description, amount as printed)
DURHAM_STREAMS = [
    ("A", "Community Safety Grant", "606,550",
     "Money that previously went directly to Community Safety Partnerships but which now comes to PCCs.",
     "Total: £606,550 (Safe Durham Partnership: £473,395 (Darlington CSP: £133,155)"),
    ("B", "Victims' Services", "525,000",
     "Two streams: one for the victims' referral and assessment service, which was previously funded directly "
     "by the MoJ through Victim Support; and one for specialist Victims' Services.",
     "£525,000"),
    ("C", "Restorative Justice", "140,000",
     "Money from the Ministry of Justice to support the delivery of restorative justice in the force area",
     "£140,000"),
    ("D", '"Community Safety Fund" (working title)', "",
     "A remaining pot of money which the PCC is likely to use to provide funding to the Voluntary and Community Sector.",
     "TBD"),
]
DURHAM_REPORT_PARAGRAPH_3 = ("Alongside a reduction in the Police Grant from the Home Office, the PCC has received "
                             "additional money from the Ministry of Justice for 2015-16 for Victims' Services and "
                             "for Restorative Justice.")
DURHAM_STREAM_A_PARTS = {"Safe Durham Partnership": "473,395", "Darlington CSP": "133,155"}
DURHAM_STREAMS_NOTE = ("D is printed \"TBD\": the report's Appendix 1 calls it \"the balancing item ... the precise "
                       "level of which is to be determined\". Its amount cell is left blank (not set, never zero).")


def durham_streams_grid() -> list[list]:
    grid = [[DURHAM_STREAMS_TITLE], list(DURHAM_STREAMS_HEADER)]
    for letter, stream, value, description, printed in DURHAM_STREAMS:
        grid.append([letter, stream, amount(value), DURHAM_STREAM_FUNDERS[letter], description,
                     f"As printed: {printed}"])
    grid += [[], [DURHAM_STREAMS_NOTE]]
    return grid


def build_durham_streams() -> None:
    # Stream A's two shares add to its total, as printed.
    assert sum(amount(v) for v in DURHAM_STREAM_A_PARTS.values()) == amount(DURHAM_STREAMS[0][2]) == 606_550
    for part, value in DURHAM_STREAM_A_PARTS.items():
        assert f"{part}: £{value}" in DURHAM_STREAMS[0][4]
    for _, _, value, _, printed in DURHAM_STREAMS[1:3]:
        assert printed == f"£{value}"
    # The three streams that are set; D is not set, never zero.
    assert sum(amount(v) or 0 for _, _, v, _, _ in DURHAM_STREAMS) == 1_271_550
    assert DURHAM_STREAMS[3][2] == "" and DURHAM_STREAMS[3][4] == "TBD"
    assert "Ministry of Justice for 2015-16 for Victims' Services and for Restorative Justice" in DURHAM_REPORT_PARAGRAPH_3
    assert "Ministry of Justice" in DURHAM_STREAMS[2][3]
    # Stream A's Safe Durham share is the money behind the projects in the other Durham file.
    assert amount(DURHAM_STREAM_A_PARTS["Safe Durham Partnership"]) == 473_395
    path = DATA_DIR / "durham_funding_streams_2015-16.xlsx"
    grid = durham_streams_grid()
    grid_cells = [[cell for cell in row] for row in grid]
    for row in grid_cells:
        while row and row[-1] is None:
            row.pop()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Funding streams"
    write_grid(sheet, grid_cells, widths=[4, 40, 20, 22, 70, 70], bold_rows={1, 2}, wrap_columns={5, 6})
    save_deterministic(workbook, path)
    check_sheet(path, "Funding streams", grid_cells)


# ---------------------------------------------------------------------------
# 8. Thames Valley: the MoJ victims grant, spent in full (stored web page, three versions)
# ---------------------------------------------------------------------------

# https://www.thamesvalley-pcc.gov.uk/victims-first/victims-commissioning-performance/
# Each version opens with the year's total: "During 2017/18 the PCC spent his full grant
# allocation of £2.765m", "During 2018/19 the PCC spent his full grant allocation of £2.765m",
# "During 2020/21, the PCC spent the full amount of his initial grant allocation of £2.814
# million". The lists of services below those sentences are cut off in the stored copies, so
# only the stated totals are used; the amounts are text as printed.
TV_VICTIMS_TITLE = "Thames Valley PCC: Victims Commissioning Performance (Ministry of Justice victims grant)"
TV_VICTIMS_HEADER = ("Service", "Provision", "2017/18 spent (£)", "2018/19 spent (£)", "2020/21 spent (£)",
                     "Geographical reach")
TV_VICTIMS_ROW = (
    "Services for victims and witnesses of crime funded from the Ministry of Justice grant",
    "The PCC's full grant allocation, spent on the services the page lists (Victims First hub, Thames Valley "
    "Partnership, Refuge, SAFE, counselling network and others)",
    "£2.765m", "£2.765m", "£2.814 million",
    "Thames Valley",
)
TV_VICTIMS_TOTALS = {"2017/18": 2_765_000, "2018/19": 2_765_000, "2020/21": 2_814_000}


def build_thames_valley_victims() -> None:
    printed = dict(zip(("2017/18", "2018/19", "2020/21"), TV_VICTIMS_ROW[2:5]))
    for year, text in printed.items():
        number = Decimal(re.sub(r"million|[£m]", "", text).strip())
        assert number * 1_000_000 == TV_VICTIMS_TOTALS[year], (year, text)
    path = DATA_DIR / "thames_valley_victims_grant_2017-21.xlsx"
    grid = [[TV_VICTIMS_TITLE], list(TV_VICTIMS_HEADER), list(TV_VICTIMS_ROW)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Victims grant"
    write_grid(sheet, grid, widths=[50, 70, 18, 18, 18, 18], bold_rows={1, 2}, wrap_columns={1, 2})
    save_deterministic(workbook, path)
    check_sheet(path, "Victims grant", grid)


# ---------------------------------------------------------------------------
# 9. Thames Valley Community Safety Fund (stored web page, two versions) - refused today
# ---------------------------------------------------------------------------

# https://www.thamesvalley-pcc.gov.uk/performance/community-safety-fund/, the version with
# 2020/21 as the current year (columns 2019/20, 2020/21) and the one with 2021/22 (columns
# 2020/21, 2021/22); the 2020/21 columns are identical, so one table holds the three years.
# The published table has no heading over the council names, and the printed Total is
# 3,039,479 every year although the rows add to 3,039,480, 3,039,480 and 3,039,469.
TV_CSF_HEADER = (None, "2019/20 £", "2020/21 £", "2021/22 £")
TV_CSF_VERSION_2020_21 = [  # (recipient, 2019/20, 2020/21) as printed in the 2020/21 version
    ("Bracknell", "136,091", "136,091"), ("Bucks CC", "441,082", "441,082"),
    ("Milton Keynes", "261,694", "261,694"), ("Oxon CC", "693,923", "693,923"),
    ("Reading", "457,814", "457,814"), ("Slough", "335,938", "335,938"),
    ("West Berkshire", "155,864", "155,864"), ("Windsor & Maidenhead", "148,921", "148,921"),
    ("Wokingham", "104,205", "104,205"), ("Retained by PCC", "303,948", "303,948"),
]
TV_CSF_VERSION_2021_22 = [  # (recipient, 2020/21, 2021/22) as printed in the 2021/22 version
    ("Bracknell", "136,091", "134,699"), ("Bucks CC", "441,082", "436,567"),
    ("Milton Keynes", "261,694", "259,015"), ("Oxon CC", "693,923", "686,820"),
    ("Reading", "457,814", "453,128"), ("Slough", "335,938", "332,499"),
    ("West Berkshire", "155,864", "154,268"), ("Windsor & Maidenhead", "148,921", "147,397"),
    ("Wokingham", "104,205", "103,128"), ("Retained by PCC", "303,948", "331,948"),
]
TV_CSF_TOTAL = ("Total", "3,039,479", "3,039,479", "3,039,479")


def build_thames_valley_csf() -> None:
    assert [r[0] for r in TV_CSF_VERSION_2020_21] == [r[0] for r in TV_CSF_VERSION_2021_22]
    assert [r[2] for r in TV_CSF_VERSION_2020_21] == [r[1] for r in TV_CSF_VERSION_2021_22]
    rows = [(a[0], a[1], a[2], b[2]) for a, b in zip(TV_CSF_VERSION_2020_21, TV_CSF_VERSION_2021_22)]
    sums = tuple(sum(amount(r[i]) for r in rows) for i in (1, 2, 3))
    # The publisher's Total does not add up: kept as printed, the gap asserted.
    assert sums == (3_039_480, 3_039_480, 3_039_469), sums
    assert all(amount(t) == 3_039_479 for t in TV_CSF_TOTAL[1:])
    grid = [list(TV_CSF_HEADER)]
    for name, *values in rows[:-1]:
        grid.append([name, *(amount(v) for v in values)])
    grid.append([])  # the page prints a blank row before and after "Retained by PCC"
    grid.append([rows[-1][0], *(amount(v) for v in rows[-1][1:])])
    grid.append([])
    grid.append([TV_CSF_TOTAL[0], *(amount(v) for v in TV_CSF_TOTAL[1:])])
    path = DATA_DIR / "thames_valley_community_safety_fund_2019-22.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Community Safety Fund"
    write_grid(sheet, grid, widths=[26, 14, 14, 14], bold_rows={1, len(grid)})
    save_deterministic(workbook, path)
    check_sheet(path, "Community Safety Fund", grid)


# ---------------------------------------------------------------------------
# 10. Kent: "Grants and victim services awarded by the PCC" (stored web page, three versions)
# ---------------------------------------------------------------------------

# "Setting the Kent Police budget", the "How is that money spent?" table (£m): the 2019/20 and
# 2021/22 versions of kentpcc.mpw.cds.co.uk/what-we-do/setting-the-kent-police-budget/. Only this
# line is about grants and victims' services; the rest is the police budget (pay, premises, ...),
# left out. The 2018/19 version shows charts only. The 2025/26 version (www.kent-pcc.gov.uk,
# 4.0) is left out for now: see data/README.md.
KENT_TITLE = "Setting the Kent Police budget: how is that money spent? (Expenditure, £m)"
KENT_HEADER = ("Expenditure", "2019/20 £m", "2021/22 £m")
KENT_ROW = ("Grants and victim services awarded by the PCC", "4.2", "4.2")
# Each year's whole table, for the checks only (not in the file).
KENT_PAGE_TOTALS = {"2019/20": ("Gross police and community safety spending", "362.9"),
                    "2021/22": ("Gross police and community safety spending", "409.3")}


def build_kent() -> None:
    values = [Decimal(v) for v in KENT_ROW[1:]]
    assert values == [Decimal("4.2"), Decimal("4.2")]
    for value, (year, (_, total)) in zip(values, KENT_PAGE_TOTALS.items()):
        assert value < Decimal(total), year
    path = DATA_DIR / "kent_grants_and_victim_services_2019-22.xlsx"
    grid = [[KENT_TITLE], list(KENT_HEADER), [KENT_ROW[0], *(float(v) for v in values)]]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Expenditure"
    write_grid(sheet, grid, widths=[48, 14, 14], bold_rows={1, 2})
    for column in range(2, 4):
        sheet.cell(row=3, column=column).number_format = "0.0"
    save_deterministic(workbook, path)
    check_sheet(path, "Expenditure", grid)


# ---------------------------------------------------------------------------
# 11. Warwickshire: the Commissioner's annual grants rounds (two decision notices)
# ---------------------------------------------------------------------------

WARWICKSHIRE_HEADER = ("Financial year", "Service", "Provision", "Awarded (£)", "Decision notice")
WARWICKSHIRE_ROWS = [
    ("2022/23", "Commissioner's Grants",
     "62 community projects: general grants scheme, road safety grants and other key partnership working "
     "initiatives including community safety partnership (CSP) funding; includes £75,000 previously agreed "
     "for a domestic abuse perpetrator programme",
     "992,550", "WPCC3-0049 Commissioner's Grants Scheme 2022/23, 4 April 2022"),
    ("2023/24", "Commissioner's Grants",
     "Community projects: small grants scheme, road safety grants and community safety partnership priority "
     "(CSP) funding; the grants budget was £510,000, with an over-allocation of about 10% agreed",
     "525,179", "WPCC3-0089 Police and Crime Commissioners Grants 2023/24, 31 March 2023"),
]
WARWICKSHIRE_BUDGET_2023_24 = 510_000


def build_warwickshire() -> None:
    awarded = {year: amount(value) for year, _, _, value, _ in WARWICKSHIRE_ROWS}
    assert awarded == {"2022/23": 992_550, "2023/24": 525_179}
    # Awarded above the budget, within the roughly 10% over-allocation the decision allows.
    assert WARWICKSHIRE_BUDGET_2023_24 < awarded["2023/24"] <= WARWICKSHIRE_BUDGET_2023_24 * 1.1
    grid = [list(WARWICKSHIRE_HEADER)]
    grid += [[year, service, provision, amount(value), decision]
             for year, service, provision, value, decision in WARWICKSHIRE_ROWS]
    path = DATA_DIR / "warwickshire_commissioners_grants_2022-24.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Grants"
    write_grid(sheet, grid, widths=[14, 24, 80, 14, 60], bold_rows={1}, wrap_columns={3, 5})
    save_deterministic(workbook, path)
    check_sheet(path, "Grants", grid)


# ---------------------------------------------------------------------------
# 12. Manifest
# ---------------------------------------------------------------------------

MANIFEST = [
    {
        "file": "leicestershire_commissioning_framework_2018-21.xlsx",
        "name": "Leicestershire PCC Commissioning Framework 2018/19–2020/21",
        "area": "Leicestershire",
        "kind": "framework",
        "year": None,
        "sheet": None,
        "citation": "OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Appendix A",
        "notes": (
            "Appendix A 'Commissioning budget 2018-2021 with revised committed figures for 2020-21', "
            "transcribed row for row: section rows, the header repeated at each page break, subtotals "
            "and Grand Total (4,283,405 / 4,316,550 / 4,395,961). The decision record's summary text "
            "gives the 2020/21 total as £4,385,961; the table itself sums to £4,395,961 and is used as "
            "published."
        ),
    },
    {
        "file": "leicestershire_emergent_issues_2020-21.xlsx",
        "name": "Leicestershire emergent issues spend 2020/21",
        "area": "Leicestershire",
        "kind": "allocation",
        "year": "2020/21",
        "sheet": None,
        "citation": "OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Table 1",
        "notes": (
            "Seven initiatives approved on 18 February 2020 to be funded from the 2020-21 emergent "
            "issues budget line; TOTAL 114,843.25 (MARAC IDVA 2,488.25 includes pence). The table "
            "has no year in its headers: the year comes from the decision record."
        ),
        "allocates_from": LEICS_EMERGENT_LINE,
    },
    {
        "file": "durham_community_safety_grant_2015-16.xlsx",
        "name": "Durham Community Safety Grant projects 2015-16",
        "area": "Durham",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Durham Police and Crime Panel report 3 February 2015, 'Update on Commissioning Activity', "
            "Report of Chief of Staff (OPCC Durham), paragraph 6"
        ),
        "notes": (
            "Safe Durham Partnership projects funded from the PCC's Community Safety Grant: 5 projects, "
            "Total 500,545 against an allocation of £485,577, with a footnote that £27,150 is rolled "
            "forward from 2014/15 (485,577 + 27,150 = 512,727, not 500,545; the report's funding summary gives the Safe "
            "Durham Partnership £473,395). Figures kept as published. The data are on the second sheet; "
            "the first sheet holds notes. "
            "Delivery partner, Funding route and Geographical reach are added from the report text."
        ),
    },
    {
        "file": "derbyshire_idva_contracts_2017-19.csv",
        "name": "Derbyshire IDVA contracts: PCC contributions",
        "area": "Derbyshire",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Derbyshire OPCC decision record Ref 24/2018 'Derbyshire Wide IDVA Service', June 2018 "
            "(Strategic Priorities Assurance Board report by the Chief Finance Officer, 25 June 2018)"
        ),
        "notes": (
            "PCC contributions to the Derby City (£175k + £22k = £197k) and Derbyshire County "
            "(£89k + £33k = £122k) IDVA contracts after the £55k uplift, split 60% County / 40% City. "
            "The record gives 'before' and 'after' figures, not years: the before figures are shown "
            "as 2017/18 and the after figures as 2018/19, the year of the June 2018 decision. "
            "UTF-8 with BOM; amounts as text with £ and thousands separators."
        ),
    },
    {
        "file": "essex_domestic_abuse_contract_2018-19.xlsx",
        "name": "Essex integrated domestic abuse service: PFCC contribution",
        "area": "Essex",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Essex PFCC decision report PCC036/18 'Essex domestic abuse commissioning approach', "
            "21 March 2018 (approved 13 April 2018)"
        ),
        "notes": (
            "One jointly commissioned contract combining the PFCC's IDVA service and the local "
            "authorities' community-based support; PFCC contribution £451,000 a year of a £2.125m "
            "contract. Partner contributions are on the second sheet 'Partner contributions'. "
            "The report does not give a contract start date; 2018/19 is the year of the decision."
        ),
    },
    {
        "file": "thames_valley_victims_grant_2017-21.xlsx",
        "name": "Thames Valley PCC: Ministry of Justice victims grant spent, 2017/18, 2018/19 and 2020/21",
        "area": "Thames Valley",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Thames Valley PCC, 'Victims Commissioning Performance' web page "
            "(thamesvalley-pcc.gov.uk/victims-first/victims-commissioning-performance/), three stored versions: "
            "opening sentence of each (2017/18, 2018/19, 2020/21)"
        ),
        "notes": (
            "The total each version says the PCC spent from the MoJ victims grant, as printed: '£2.765m' (2017/18), "
            "'£2.765m' (2018/19), '£2.814 million' (2020/21, 'his initial grant allocation'). Rounded to £1,000 by "
            "the publisher. The service lists below are cut off in the stored copies, so only the totals are used. "
            "No version for 2019/20 was stored."
        ),
    },
    {
        "file": "kent_grants_and_victim_services_2019-22.xlsx",
        "name": "Kent PCC: grants and victim services in the police budget, 2019/20 and 2021/22",
        "area": "Kent",
        "kind": "framework",
        "year": None,
        "sheet": None,
        "citation": (
            "Kent PCC, 'Setting the Kent Police budget' web page, 'How is that money spent?' table (£m): "
            "2019/20 and 2021/22 versions (kentpcc.mpw.cds.co.uk/what-we-do/setting-the-kent-police-budget/)"
        ),
        "notes": (
            "One line of each year's expenditure table, 'Grants and victim services awarded by the PCC': "
            "4.2 and 4.2 (£m, one decimal, as printed). The other lines are the police budget and are "
            "left out. No 2020/21 version was stored; the 2018/19 version shows charts only; the 2025/26 "
            "version (4.0) is not yet included (data/README.md)."
        ),
    },
    {
        "file": "warwickshire_commissioners_grants_2022-24.xlsx",
        "name": "Warwickshire PCC: Commissioner's Grants awarded, 2022/23 and 2023/24",
        "area": "Warwickshire",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Warwickshire PCC decision notices WPCC3-0049 'Commissioner's Grants Scheme 2022/23' (4 April 2022) "
            "and WPCC3-0089 'Police and Crime Commissioners Grants 2023/24' (31 March 2023), decision summaries"
        ),
        "notes": (
            "The total each decision says was awarded: £992,550 (2022/23, 62 projects, including partnership "
            "funding and £75,000 for a domestic abuse perpetrator programme) and £525,179 (2023/24, against a "
            "grants budget of £510,000). The two rounds do not cover the same schemes, so the fall is not "
            "like for like. The per-project breakdowns are cut off in the stored copies."
        ),
    },
    {
        "file": "eastern_region_victims_coordinator_2014-15.xlsx",
        "name": "Eastern Region Victim Coordinator: each PCC's cap, 2014/15",
        "area": "Suffolk",
        "kind": "cap",
        "year": None,
        "sheet": None,
        "citation": (
            "Suffolk PCC decision 14 - 2014 'Preparation for commissioning victims services', approved "
            "28 April 2014: recommendation, and the Policing Body Collaborative Service Agreement, clause 6.1"
        ),
        "notes": (
            "The six Eastern Region PCCs (Bedfordshire, Cambridgeshire, Essex, Hertfordshire, Norfolk, Suffolk) "
            "each agreed to pay one sixth of a shared Victim Coordinator post, 'up to a sum of £10,000 per annum "
            "each'. These are caps, not spending: what each PCC paid is not published here, so the lines are "
            "shown and never added to any total. Each line carries its own PCC's area; Suffolk published the "
            "decision. 2014/15: decided in April 2014, the agreement runs to 31 March 2015."
        ),
    },
    {
        "file": "durham_funding_streams_2015-16.xlsx",
        "name": "Durham PCC funding streams 2015-16",
        "area": "Durham",
        "kind": "funding_received",
        "year": None,
        "sheet": None,
        "citation": (
            "Durham Police and Crime Panel report 3 February 2015, 'Update on Commissioning Activity', "
            "Report of Chief of Staff (OPCC Durham), paragraphs 3 and 4"
        ),
        "notes": (
            "The funding streams the PCC identified to commission services: A Community Safety Grant £606,550 "
            "(Safe Durham Partnership £473,395, Darlington CSP £133,155), B Victims' Services £525,000 and "
            "C Restorative Justice £140,000 (both from the Ministry of Justice, paragraph 3). D 'Community "
            "Safety Fund' is printed 'TBD' and left blank: not set, never zero. Money in, shown beside spend and "
            "never added to it (stream A's Safe Durham share pays for the Community Safety Grant projects)."
        ),
    },
    {
        "file": "thames_valley_community_safety_fund_2019-22.xlsx",
        "name": "Thames Valley PCC Community Safety Fund, 2019/20 to 2021/22",
        "area": "Thames Valley",
        "kind": "decision",
        "year": None,
        "sheet": None,
        "citation": (
            "Thames Valley PCC, 'Community Safety Fund' web page "
            "(thamesvalley-pcc.gov.uk/performance/community-safety-fund/), two stored versions "
            "(2020/21 and 2021/22 as the current year)"
        ),
        "notes": (
            "The fund's grants to nine councils and the part 'Retained by PCC', per year as printed. The printed "
            "Total is 3,039,479 every year; the rows add to 3,039,480 (2019/20, 2020/21) and 3,039,469 (2021/22), "
            "kept as printed and reported by the checks. The two versions' 2020/21 columns are identical. "
            "Community safety money, separate from the Ministry of Justice victims grant."
        ),
    },
]


def build_manifest() -> None:
    for entry in MANIFEST:
        assert (DATA_DIR / entry["file"]).exists(), entry["file"]
        assert entry["kind"] in ("framework", "allocation", "decision", "cap", "funding_received")
    text = json.dumps(MANIFEST, indent=2, ensure_ascii=False) + "\n"
    (DATA_DIR / "bundled.json").write_text(text, encoding="utf-8")


def main() -> None:
    build_leicestershire_framework()
    build_leicestershire_emergent()
    build_durham()
    build_derbyshire()
    build_essex()
    build_eastern_region()
    build_durham_streams()
    build_thames_valley_victims()
    build_thames_valley_csf()
    build_kent()
    build_warwickshire()
    build_manifest()
    print("Wrote bundled datasets to", DATA_DIR)


if __name__ == "__main__":
    main()
