"""Other offices' tables: Durham's allocation in the header, Derbyshire's £ text, a national file."""
from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd
import pytest

from loaders import TIDY_COLUMNS, load_file
from tests.loaders.layouts import REPO, numeric_rows, published_rows, header_index, write_xlsx

DATA = REPO / "data"


def test_durham_header_allocation_is_reported_against_the_rows():
    result = load_file(DATA / "durham_community_safety_grant_2015-16.xlsx", area="Durham")
    assert result.sheet == "Community Safety Grant"  # the Notes sheet comes first
    allocation = result.reconciliation[result.reconciliation["kind"] == "allocation"].iloc[0]
    assert allocation["declared_gbp"] == 485_577
    assert allocation["computed_gbp"] == 500_545
    assert allocation["difference_gbp"] == 14_968
    total = result.reconciliation[result.reconciliation["kind"] == "grand_total"].iloc[0]
    assert total["matches"]
    # The footnote under the table is a note, not a service line.
    assert not result.tidy["service"].str.startswith("*").any()
    assert len(result.tidy) == 5


def test_derbyshire_text_amounts_with_bom():
    raw = (DATA / "derbyshire_idva_contracts_2017-19.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    result = load_file(DATA / "derbyshire_idva_contracts_2017-19.csv", area="Derbyshire")
    by_year = result.tidy.groupby("financial_year")["amount_gbp"].sum().to_dict()
    # Seed 000: £175k + £89k before the uplift, £197k + £122k after it.
    assert by_year == {"2017/18": 264_000, "2018/19": 319_000}
    assert result.reconciliation["matches"].all()


def test_column_synonyms_are_recognised(tmp_path):
    rows = [
        ["Strategic area / Service", "Delivery partner", "Funding route", "Area covered",
         "What the service provides", "Budget 2019-20", "FY2020/21"],
        ["Victim First", "Catch 22", "Procured – sole funded", "LLR", "Generic victim support", 543_752, 558_322],
    ]
    result = load_file(write_xlsx(tmp_path / "synonyms.xlsx", {"Plan": rows}), area="Leicestershire")
    line = result.tidy.iloc[0]
    assert (line["service"], line["provider"], line["geography"], line["provision"]) == (
        "Victim First", "Catch 22", "LLR", "Generic victim support",
    )
    assert list(result.tidy["financial_year"]) == ["2019/20", "2020/21"]
    assert line["strategic_area"] == "Unassigned"


def test_national_file_takes_the_area_from_its_pcc_column(tmp_path):
    """Two forces in one sheet, each with its own sections and totals."""
    rows = numeric_rows(published_rows())
    table = rows[header_index(rows):]
    national = [["Police force area"] + table[0]]
    for area in ("Leicestershire", "Rutland-shire test copy"):
        national += [[area] + row for row in table[1:]]
    path = write_xlsx(tmp_path / "national.xlsx", {"All PCCs": national})
    result = load_file(path)
    totals = result.tidy.groupby(["area", "financial_year"])["amount_gbp"].sum()
    for area in ("Leicestershire", "Rutland-shire test copy"):
        assert totals[(area, "2020/21")] == 4_395_961
    assert len(result.reconciliation) == 30
    assert result.reconciliation["matches"].all()


def test_command_line_writes_the_tidy_columns_in_order(tmp_path):
    output = tmp_path / "tidy.csv"
    completed = subprocess.run(
        [sys.executable, "-m", "loaders", str(DATA / "leicestershire_commissioning_framework_2018-21.xlsx"),
         "--area", "Leicestershire", "--output", str(output)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Grand Total 2020/21: declared £4,395,961, rows sum to £4,395,961: reconciles" in completed.stdout
    with output.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == TIDY_COLUMNS
    written = pd.read_csv(output)
    assert written.loc[written["financial_year"] == "2020/21", "amount_gbp"].sum() == 4_395_961


def test_section_rows_are_title_cased_and_rows_between_sections_follow_them():
    result = load_file(DATA / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire")
    areas = list(dict.fromkeys(result.tidy["strategic_area"]))
    assert areas == ["Victims", "Vulnerable", "Prevention", "Cross Cutting"]
    modern_slavery = result.tidy[result.tidy["service"] == "Modern slavery helpline"]
    assert set(modern_slavery["strategic_area"]) == {"Vulnerable"}


def test_two_row_header_in_thousands_with_derived_columns(tmp_path):
    """Budget (£000) merged over short years, plus a variance and a three-year total column."""
    rows = numeric_rows(published_rows())
    table = rows[header_index(rows) + 1:]
    upper = ["Service Name", "Current delivery organisation", "Provision", "How service is Commissioned?",
             "Budget (£000)", "", "", "Geographical reach", "Total 2018-21", "Change 19/20 to 20/21 (%)"]
    lower = ["", "", "", "", "18/19", "19/20", "20/21", "", "", ""]
    body = []
    for row in table:
        if row[0] == "Service Name":
            body += [upper, lower]
            continue
        figures = [v / 1000 if isinstance(v, int) else v for v in row[4:7]]
        numbers = [v for v in figures if isinstance(v, float)]
        body.append(row[:4] + figures + row[7:8] + [sum(numbers) if numbers else "", 1.5 if numbers else ""])
    path = write_xlsx(tmp_path / "thousands.xlsx", {"Budget": [["OPCC budget book"], [], upper, lower] + body})
    result = load_file(path, area="Leicestershire")
    assert result.header_row == 4
    totals = result.tidy.groupby("financial_year")["amount_gbp"].sum().round(2).to_dict()
    assert totals == {"2018/19": 4_283_405, "2019/20": 4_316_550, "2020/21": 4_395_961}
    assert result.reconciliation["matches"].all()
    assert result.column_mapping["Total 2018-21"] == "ignored"
    assert result.column_mapping["Change 19/20 to 20/21 (%)"] == "ignored"


def test_strategic_area_column_merged_down_its_group(tmp_path):
    """The area written once, in a merged cell, at the top of each group; no section rows."""
    rows = numeric_rows(published_rows())
    header = ["Strategic area"] + rows[header_index(rows)]
    table, section, first_in_section = [header], None, False
    for row in rows[header_index(rows) + 1:]:
        if row[0] == "Service Name" or not any(row):
            continue
        if row[0] and not any(row[1:]):
            section, first_in_section = row[0].title(), True
            continue
        table.append([section if first_in_section and "total" not in row[0].lower() else ""] + row)
        first_in_section = False
    result = load_file(write_xlsx(tmp_path / "merged.xlsx", {"Framework": table}), area="Leicestershire")
    by_area = result.tidy.groupby(["strategic_area", "financial_year"])["amount_gbp"].sum()
    assert by_area[("Victims", "2020/21")] == 1_395_707
    assert by_area[("Cross Cutting", "2018/19")] == 1_101_033
    assert result.reconciliation["matches"].all()
    assert len(result.reconciliation) == 15
