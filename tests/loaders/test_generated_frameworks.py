"""Property: any framework table laid out the way offices do loads back to its own totals."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from loaders import load_file
from loaders.years import format_year
from tests.loaders.layouts import published_rows, header_index, write_xlsx

# Names and providers come from the published Leicestershire framework, so the
# generated tables read like real ones.
_ROWS = published_rows()
PUBLISHED = [row for row in _ROWS[header_index(_ROWS) + 1:] if row[1] and row[0] != "Service Name"]
SERVICES = sorted({row[0] for row in PUBLISHED})
PROVIDERS = sorted({row[1] for row in PUBLISHED})
TYPES = sorted({row[3] for row in PUBLISHED})
SECTION_NAMES = ["VICTIMS", "VULNERABLE", "PREVENTION", "CROSS CUTTING", "Domestic Abuse", "Youth Justice"]

amount = st.one_of(st.none(), st.integers(0, 900_000), st.decimals(0, 50_000, places=2).map(float))


@st.composite
def framework_tables(draw):
    first_year = draw(st.integers(2014, 2026))
    years = [format_year(first_year + i) for i in range(draw(st.integers(1, 4)))]
    sections = draw(st.lists(st.sampled_from(SECTION_NAMES), min_size=1, max_size=4, unique=True))
    with_subtotals = draw(st.booleans())
    title_rows = draw(st.integers(0, 3))
    rows = [["Commissioning budget"]] * title_rows + [[]] * (title_rows > 0)
    header = ["Service Name", "Current delivery organisation", "How service is Commissioned?"] + [
        f"{year} budget (£)" for year in years
    ]
    rows.append(header)
    expected: dict[tuple[str, str], float] = {}
    for section in sections:
        rows.append([section])
        section_sums = [0.0] * len(years)
        for _ in range(draw(st.integers(1, 6))):
            figures = draw(st.lists(amount, min_size=len(years), max_size=len(years)))
            if all(figure is None for figure in figures):
                figures[0] = 0
            rows.append([draw(st.sampled_from(SERVICES)), draw(st.sampled_from(PROVIDERS)),
                         draw(st.sampled_from(TYPES))] + figures)
            for i, figure in enumerate(figures):
                if figure is not None:
                    section_sums[i] += figure
                    key = (section, years[i])
                    expected[key] = expected.get(key, 0.0) + figure
            if draw(st.integers(0, 9)) == 0:
                rows += [[], header]  # a page break repeats the header
        if draw(st.booleans()):
            rows.append([])
        if with_subtotals:
            rows.append([f"{section.title()} subtotal", "", ""] + [round(s, 2) for s in section_sums])
    grand = [round(sum(v for (s, y), v in expected.items() if y == year), 2) for year in years]
    rows.append(["Grand Total", "", ""] + grand)
    rows.append(["* Figures are indicative for future years"])
    return rows, expected, len(sections) * with_subtotals + 1, len(years)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(framework_tables())
def test_generated_tables_load_back_with_their_totals(table):
    rows, expected, totals_per_year, year_count = table
    with tempfile.TemporaryDirectory() as folder:
        result = load_file(write_xlsx(Path(folder) / "generated.xlsx", {"Framework": rows}), area="Test")
    loaded = result.tidy.groupby(["strategic_area", "financial_year"])["amount_gbp"].sum()
    for (section, year), total in expected.items():
        name = section.title() if section.isupper() else section
        assert abs(loaded[(name, year)] - total) < 0.005
    assert len(result.reconciliation) == totals_per_year * year_count
    assert result.reconciliation["matches"].all()
