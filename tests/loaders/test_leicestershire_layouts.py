"""The Leicestershire framework, whatever layout it arrives in, gives the published figures."""
from __future__ import annotations

import pytest

from loaders import load_file
from tests.loaders.layouts import LAYOUTS, build_layout, header_index, published_rows

PUBLISHED_GRAND_TOTALS = {"2018/19": 4_283_405, "2019/20": 4_316_550, "2020/21": 4_395_961}


def published_subtotals() -> dict[tuple[str, str], float]:
    """Subtotals read straight from the published rows, keyed by (section, year)."""
    rows = published_rows()
    years = rows[header_index(rows)][4:7]
    subtotals, section = {}, None
    for row in rows[header_index(rows) + 1:]:
        if row[0] and not any(row[1:]):
            section = row[0]
        elif "sub" in row[0].lower():
            for header, figure in zip(years, row[4:7]):
                subtotals[(section, header[:7])] = float(figure.replace(",", ""))
    return subtotals


def as_windows_text(text: str) -> str:
    return text.encode("cp1252", "replace").decode("cp1252")


@pytest.fixture(params=LAYOUTS)
def loaded(request, tmp_path):
    path, header_row = build_layout(request.param, tmp_path)
    return load_file(path, area="Leicestershire"), header_row


def test_grand_totals_match_the_published_appendix(loaded):
    result, _ = loaded
    totals = result.tidy.groupby("financial_year")["amount_gbp"].sum().to_dict()
    assert totals == PUBLISHED_GRAND_TOTALS


def test_every_declared_total_reconciles_to_the_pound(loaded):
    result, _ = loaded
    assert len(result.reconciliation) == 15
    assert result.reconciliation["matches"].all(), result.reconciliation


def test_strategic_area_totals_equal_the_published_subtotals(loaded):
    result, _ = loaded
    by_area = result.tidy.groupby(["strategic_area", "financial_year"])["amount_gbp"].sum()
    for (section, year), subtotal in published_subtotals().items():
        assert by_area[(section.title(), year)] == subtotal


def test_all_44_service_lines_are_read(loaded):
    result, _ = loaded
    lines = result.tidy[["service", "provider"]].drop_duplicates()
    assert len(lines) == 44


def test_source_row_points_at_the_spreadsheet_row(loaded, tmp_path):
    result, header_row = loaded
    assert result.header_row == header_row
    rows = published_rows()
    offset = header_row - (header_index(rows) + 1)
    for line in result.tidy.sample(20, random_state=1).itertuples():
        published = rows[line.source_row - 1 - offset]
        assert as_windows_text(published[0]) == as_windows_text(line.service)
        year_column = 4 + ["2018/19", "2019/20", "2020/21"].index(line.financial_year)
        assert float(published[year_column].replace(",", "")) == line.amount_gbp


def test_blank_cells_make_no_rows_but_written_zeros_do(loaded):
    result, _ = loaded
    paediatric = result.tidy[result.tidy["service"] == "Paediatric SARC"]
    assert sorted(paediatric["financial_year"]) == ["2019/20", "2020/21"]
    wire = result.tidy[result.tidy["service"].str.startswith("Working In Rehabilitation")]
    assert wire.set_index("financial_year")["amount_gbp"].to_dict() == {
        "2018/19": 30_000, "2019/20": 0, "2020/21": 0,
    }


def test_commissioning_types_and_co_funders(loaded):
    result, _ = loaded
    sarc = result.tidy[result.tidy["service"] == "Paediatric SARC"].iloc[0]
    assert sarc["commissioning_type"] == "Procured – jointly funded"
    assert sarc["funding_partners"] == "NHS England and East Mid's PCCs"
    achieve = result.tidy[result.tidy["service"] == "Achieve and Mosaic programmes"].iloc[0]
    assert achieve["commissioning_type"] == "Grant funding"  # published as "Grand Funded"
    assert set(result.tidy["commissioning_type"]) == {
        "Procured – sole funded", "Procured – jointly funded", "Grant funding",
        "Statutory contribution", "Not applicable",
    }


def test_pound_sign_survives_every_encoding(loaded):
    result, _ = loaded
    assert "2018/19 budget (£)" in result.column_mapping
