"""Properties: the known Leicestershire lines in any generated layout load to the same frame, or are refused.

Hypothesis chooses which published lines to write, the column order, each
header from the loader's own synonym lists (loaders.headers.SYNONYMS), the
year spellings, the unit and where it is stated (header, title row, note row),
title, blank and repeated header rows, sections or a strategic area column,
subtotals, a Total row, extra columns the loader must not read, the shape
(wide, long, one sheet per year) and the format (xlsx or CSV). The loader must
then return exactly the expected tidy frame (same lines, years, pounds to the
penny, text where the layout had it) or raise LoaderError: never a different
frame in silence. With declared totals, every one must reconcile.

The last tests are the smallest reproductions of what these properties found.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings, strategies as st
from pandas.testing import assert_frame_equal

from loaders.detect import Options, detect
from loaders.errors import LoaderError
from loaders.headers import SYNONYMS
from loaders.load import load_bytes, load_layout
from loaders.readers import workbook_from_rows
from tests.loaders.tidy_layouts import AREA, Spec, build, comparable, known_lines

LINES = known_lines()
OPTIONAL_ROLES = ("provider", "provision", "commissioning_type", "funding_partners", "geography")

# Year headers as offices spell them; the unit, if stated in the header, follows.
YEAR_SPELLINGS = ("{y}", "{dash}", "Budget {dash}", "FY{y}", "{y} budget", "{long}", "{longdash}",
                  "Budget {short}", "{y} allocation", "FY {dash}")
YEAR_VALUES = ("{y}", "{dash}", "FY{y}", "{long}", "{longdash}", "date:first", "date:last", "Apr {start}",
               "{start}-04-01")
YEAR_HEADERS = ("Financial Year", "Year", "FY", "Budget year", "Funding year", "Fin year", "Financial period")
AMOUNT_HEADERS = ("Amount", "Budget", "Allocation", "Spend", "Grant", "Value", "Funding")
SHEET_SPELLINGS = ("{dash}", "FY{dash}", "Budget {dash}", "{longdash}")
TITLES = ("Police and Crime Commissioner for Leicestershire", "Commissioning budget",
          "Appendix A - Commissioning budget 2018-2021", "Victims' services commissioning framework",
          "Updated 1 April 2020", "Published 2020-04-01", "Framework 2018/19 to 2020/21")
TOTAL_LABELS = ("Total", "Grand Total", "TOTAL", "Total (£)", "Overall total", "Grand total:")
# (factor, header suffix, title row, note row under the table): the unit stated once, or pounds not at all.
UNITS = (
    (1.0, "", None, None),
    (1.0, " (£)", None, None),
    (1.0, " £", None, None),
    (1.0, "", "All figures in pounds", None),
    (1_000.0, " (£000)", None, None),
    (1_000.0, " £000", None, None),
    (1_000.0, " (£k)", None, None),
    (1_000.0, " £'000", None, None),
    (1_000.0, "", "All figures £000", None),
    (1_000.0, "", "Figures in £ thousands", None),
    (1_000.0, "", None, "Figures are in £000"),
    (1_000_000.0, " (£m)", None, None),
    (1_000_000.0, "", "All figures £m", None),
    (1_000.0, " (£000)", "All figures £000", None),
    (1.0, " (£)", None, "All figures are in pounds"),
)
XLSX_STYLES = ("number", "number", "dash", "pound")
CSV_STYLES = ("number", "text", "commas", "pound", "dash")


def cased(text: str):
    return st.sampled_from((text, text.capitalize(), text.title(), text.upper()))


def header_for(role: str):
    return st.sampled_from(sorted(SYNONYMS[role])).flatmap(cased)


@st.composite
def chosen_lines(draw, min_size: int = 1):
    picked = draw(st.lists(st.integers(0, len(LINES) - 1), min_size=min_size, max_size=len(LINES), unique=True))
    return tuple(LINES[i] for i in sorted(picked))


@st.composite
def specs(draw, *, total: bool | None = None) -> Spec:
    shape = draw(st.sampled_from(("wide", "long", "sheets")))
    fmt = "xlsx" if shape == "sheets" else draw(st.sampled_from(("xlsx", "csv")))
    roles = ["service"] + [role for role in OPTIONAL_ROLES if draw(st.booleans())]
    strategic = draw(st.sampled_from(("column", "sections", "none")))
    if strategic == "column":
        roles.append("strategic_area")
    order = draw(st.permutations(roles))
    text_columns = tuple((role, draw(header_for(role))) for role in order)
    factor, suffix, unit_title, unit_note = draw(st.sampled_from(UNITS))
    with_total = draw(st.booleans()) if total is None else total
    return Spec(
        shape=shape, fmt=fmt, text_columns=text_columns,
        amount_at=draw(st.integers(1, len(text_columns))),
        extra_columns=tuple(draw(st.lists(st.sampled_from(("notes", "total_years", "change", "reference")),
                                          max_size=2, unique=True))),
        area_column=draw(st.one_of(st.none(), header_for("area"))),
        strategic=strategic, section_upper=draw(st.booleans()),
        subtotals=strategic != "none" and draw(st.booleans()),
        year_spelling=tuple(draw(st.sampled_from(YEAR_SPELLINGS)) for _ in range(3)),
        two_row_header=shape == "wide" and draw(st.integers(0, 4)) == 0,
        unit_suffix=suffix, factor=factor, unit_title=unit_title, unit_note=unit_note,
        title_rows=tuple(draw(st.lists(st.sampled_from(TITLES), max_size=2, unique=True))),
        blank_after_title=draw(st.booleans()),
        blank_rows=tuple(draw(st.lists(st.integers(1, 150), max_size=3))),
        repeat_header_at=tuple(draw(st.lists(st.integers(1, 150), max_size=2))),
        total_label=draw(st.sampled_from(TOTAL_LABELS)) if with_total else None,
        footnotes=draw(st.booleans()),
        year_header=draw(st.sampled_from(YEAR_HEADERS)),
        year_value_spelling=draw(st.sampled_from(YEAR_VALUES)),
        amount_header=draw(st.sampled_from(AMOUNT_HEADERS)),
        year_major=draw(st.booleans()),
        sheet_spelling=draw(st.sampled_from(SHEET_SPELLINGS)),
        notes_sheet=fmt == "xlsx" and draw(st.booleans()),
        number_style=draw(st.sampled_from(CSV_STYLES if fmt == "csv" else XLSX_STYLES)),
        section_area=draw(st.booleans()), padded=draw(st.booleans()), bom=fmt == "csv" and draw(st.booleans()),
        labels_left=draw(st.booleans()), strategic_merged=strategic == "column" and draw(st.booleans()),
        year_order=draw(st.permutations((0, 1, 2))), left_margin=draw(st.integers(0, 2)),
        gap_at=draw(st.one_of(st.none(), st.integers(1, 8))),
    )


def _describe(spec: Spec, built) -> None:
    note(repr(spec))
    for name, rows in built.sheets.items():
        note(f"sheet {name!r}:")
        for number, row in enumerate(rows[:16], start=1):
            note(f"  {number}: {row}")


def _load(built):
    try:
        result = load_bytes(built.data, built.file_name, **built.options)
    except LoaderError as refusal:
        event(f"refused: {refusal.code}")
        return None
    event("loaded")
    return result


# Derandomised so a failure is the same on every run and machine; no explain phase (it costs
# half a minute on a failure and adds nothing the shrunk grid in the notes does not show).
PROPERTY_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                         phases=(Phase.explicit, Phase.generate, Phase.shrink),
                         suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=150, **PROPERTY_SETTINGS)
@given(spec=specs(), lines=chosen_lines())
def test_any_layout_loads_the_known_lines_or_is_refused(spec, lines):
    built = build(spec, lines)
    _describe(spec, built)
    result = _load(built)
    if result is None:
        return
    assert_frame_equal(comparable(result.tidy), built.expected, check_exact=True)


@settings(max_examples=100, **PROPERTY_SETTINGS)
@given(spec=specs(total=True), lines=chosen_lines())
def test_declared_totals_reconcile(spec, lines):
    built = build(spec, lines)
    _describe(spec, built)
    result = _load(built)
    if result is None:
        return
    reconciliation = result.reconciliation
    note(reconciliation.to_string())
    assert len(reconciliation) == built.declared
    assert reconciliation["matches"].all()


# --- the properties are not met by refusing: these layouts must load ---------------------------

ALL_TEXT = (("strategic_area", "Priority"), ("service", "Project"), ("provider", "Delivered by"),
            ("provision", "Description"), ("commissioning_type", "Funding route"),
            ("funding_partners", "Co-funders"), ("geography", "Coverage"))
REPRESENTATIVE = {
    "wide, published headers, sections, subtotals, total": Spec(
        text_columns=(("service", "Service Name"), ("provider", "Current delivery organisation"),
                      ("commissioning_type", "How service is Commissioned?"), ("geography", "Geographical reach")),
        strategic="sections", subtotals=True, total_label="Grand Total",
        title_rows=("Police and Crime Commissioner for Leicestershire",), repeat_header_at=(12, 30)),
    "wide £000 in headers, shuffled years, csv": Spec(
        fmt="csv", text_columns=(("provider", "Supplier"), ("service", "Scheme")), amount_at=2,
        year_spelling=("FY{y}", "Budget {dash}", "{y}"), year_order=(2, 0, 1), unit_suffix=" (£000)",
        factor=1_000.0, total_label="Total", number_style="commas"),
    "wide £000 in a title row, two-row header": Spec(
        text_columns=ALL_TEXT, amount_at=3, two_row_header=True, unit_title="All figures £000", factor=1_000.0,
        total_label="Total", extra_columns=("total_years", "change")),
    "wide £m in a note row, margin and gap": Spec(
        text_columns=(("service", "Service"), ("geography", "Reach")), unit_note="Figures in £m",
        factor=1_000_000.0, left_margin=2, gap_at=1, footnotes=True, total_label="TOTAL"),
    "long, year column, area column, strategic column merged": Spec(
        shape="long", text_columns=ALL_TEXT, area_column="Force", strategic="column", strategic_merged=True,
        year_header="Financial Year", year_value_spelling="{dash}", amount_header="Amount (£)", total_label="Total"),
    "long, year-major, dates for years, csv with BOM": Spec(
        shape="long", fmt="csv", bom=True, text_columns=(("service", "Service"), ("provider", "Grantee")),
        year_major=True, year_value_spelling="date:first", year_header="Period", amount_header="Budget",
        unit_suffix=" £k", factor=1_000.0, number_style="pound", padded=True),
    "one sheet per year, notes sheet first": Spec(
        shape="sheets", text_columns=ALL_TEXT, strategic="sections", subtotals=True, total_label="Total",
        amount_header="Budget (£)", sheet_spelling="{dash}", notes_sheet=True, labels_left=True),
}


@pytest.mark.parametrize("name", list(REPRESENTATIVE))
def test_representative_layouts_load_exactly(name):
    built = build(REPRESENTATIVE[name], LINES)
    result = load_bytes(built.data, built.file_name, **built.options)
    assert_frame_equal(comparable(result.tidy), built.expected, check_exact=True)
    assert len(result.reconciliation) == built.declared
    assert result.reconciliation["matches"].all(), result.reconciliation


# --- found by the properties: the smallest inputs that show each problem -----------------------

def _load_rows(rows: list[list], **options):
    book = workbook_from_rows("found.xlsx", {"Budget": rows})
    return load_layout(book, detect(book, Options(**options)))


def test_section_rows_name_the_strategic_area_beside_an_area_column():
    """A PCC column filled on every line: the first line's 'new' area must not wipe the section above it."""
    rows = [
        ["PCC", "Service", "2019/20 budget (£)"],
        [None, "VICTIMS", None],
        [AREA, "Victim First", 543_752],
        [AREA, "CHISVA", 50_000],
        [None, "VULNERABLE", None],
        [AREA, "Number 5", 34_000],
    ]
    tidy = _load_rows(rows).tidy
    assert tidy.set_index("service")["strategic_area"].to_dict() == {
        "Victim First": "Victims", "CHISVA": "Victims", "Number 5": "Vulnerable"}


def test_three_real_lines_that_happen_to_add_up_are_not_dropped_as_a_group_row():
    """CHISVA's £50,000 a year is Number 5's £34,000 plus a Domestic Homicide Review's £16,000:
    three published lines, not a group row over two. Read all three, or refuse; never drop one."""
    rows = [
        ["Service", "Provider", "2018/19", "2019/20", "2020/21"],
        ["CHISVA", "FreeVA", 50_000, 50_000, 50_000],
        ["Number 5", "Inclusion Healthcare", 34_000, 34_000, 34_000],
        ["Domestic Homicide Reviews", "Leicester City Council", 16_000, 16_000, 16_000],
    ]
    try:
        tidy = _load_rows(rows, area=AREA).tidy
    except LoaderError:
        return
    assert sorted(set(tidy["service"])) == ["CHISVA", "Domestic Homicide Reviews", "Number 5"]
    assert tidy["amount_gbp"].sum() == 300_000


def test_a_unit_note_under_the_table_counts_when_column_a_is_the_area():
    """'Figures are in £000' under the table, in column A: the same note that is read when column A
    is the service. Read as £000, or refuse; never read 34 as £34."""
    rows = [
        ["PCC", "Service", "2019/20 budget"],
        [AREA, "Number 5", 34],
        [AREA, "CHISVA", 50],
        [],
        ["Figures are in £000"],
    ]
    try:
        tidy = _load_rows(rows).tidy
    except LoaderError:
        return
    assert tidy.set_index("service")["amount_gbp"].to_dict() == {"Number 5": 34_000.0, "CHISVA": 50_000.0}


def test_per_year_subtotals_of_a_long_table_each_reconcile():
    """A long table's 'Victims subtotal' has one row per year; each covers the section's lines of its year."""
    rows = [
        ["Service", "Financial Year", "Amount (£)"],
        ["VICTIMS", None, None],
        ["Victim First", "2018/19", 573_925],
        ["Victim First", "2019/20", 543_752],
        ["CHISVA", "2018/19", 50_000],
        ["CHISVA", "2019/20", 50_000],
        ["Victims subtotal", "2018/19", 623_925],
        ["Victims subtotal", "2019/20", 593_752],
    ]
    reconciliation = _load_rows(rows, area=AREA).reconciliation
    assert reconciliation.set_index("financial_year")["computed_gbp"].to_dict() == {
        "2018/19": 623_925.0, "2019/20": 593_752.0}
    assert reconciliation["matches"].all()
