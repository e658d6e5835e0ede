"""A visitor, not signed in, checks that the published totals add up and sees where the papers disagree with themselves."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import store
from analysis.money import format_gbp
from tests.pages.conftest import DATA_DIR, PAGE_TIMEOUT_S, REPO_ROOT
from tests.pages.page_elements import metric, table
from ui.glossary import term_help

CHECKS = "pages/checks.py"
OVERVIEW = "pages/overview.py"
DURHAM = "durham_community_safety_grant_2015-16.xlsx"
LEICESTERSHIRE = "leicestershire_commissioning_framework_2018-21.xlsx"


@pytest.fixture
def visitor(bundled_store):
    """open(page, query) -> the page reached through the dashboard by someone who is not signed in."""

    def open_page(page: str, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=PAGE_TIMEOUT_S)
        at.user = {"is_logged_in": False}
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        return at

    return open_page


def words(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_signed_out_a_visitor_sees_durhams_14968_and_leicestershires_two_totals(visitor, bundled_loads):
    at = visitor(CHECKS)

    durham = bundled_loads[DURHAM]
    allocation = durham.declared_totals.loc[durham.declared_totals["kind"].eq("allocation"), "declared_gbp"].item()
    spent = durham.tidy["amount_gbp"].sum()
    sentence = words(at)
    assert f"declared {format_gbp(allocation)}, rows add to {format_gbp(spent)}, {format_gbp(spent - allocation)} over" \
        in sentence
    assert "£485,577" in sentence and "£500,545" in sentence and "£14,968" in sentence
    assert "Leicestershire: text £4,385,961, table £4,395,961" in sentence
    # The label as the file prints it, its asterisk shown as itself rather than starting emphasis.
    assert "2015-16 allocation (£485,577)\\* 2015/16" in sentence


def test_every_declared_total_is_listed_with_what_the_loader_found_at_upload(visitor, bundled_loads):
    at = visitor(CHECKS)

    shown = table(at, "Rows add to")
    expected = pd.concat([load.reconciliation.assign(source_file=name) for name, load in bundled_loads.items()],
                         ignore_index=True)
    assert len(shown) == len(expected) == 23
    assert metric(at, "Declared totals and allocations checked") == str(len(expected))
    # Durham's allocation, and Thames Valley's Community Safety Fund Total (3,039,479) in each of its three years.
    assert metric(at, "Do not add up to their rows") == str(int((~expected["matches"].astype(bool)).sum())) == "4"
    by_cell = shown.set_index(["Source file", "Row", "Year"])
    for line in expected.itertuples(index=False):
        row = by_cell.loc[(line.source_file, line.source_row, line.financial_year)]
        assert row["Declared"] == format_gbp(line.declared_gbp)
        assert row["Rows add to"] == format_gbp(line.computed_gbp)
    # The one that does not add up comes first, with where to find it.
    first = shown.iloc[0]
    assert (first["Area"], first["Sheet"], first["Row"], first["Difference"]) == (
        "Durham", "Community Safety Grant", 1, "+£14,968")
    assert first["Result"] == "Rows are £14,968 over the allocation"


def test_the_text_against_table_differences_name_the_document_and_the_cell(visitor, bundled_loads):
    at = visitor(CHECKS)

    shown = table(at, "The text says").set_index("Area")
    known = json.loads((DATA_DIR / "known_discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    assert metric(at, "Text and table disagree") == str(len(known)) == "3"
    leicestershire = shown.loc["Leicestershire"]
    grand = bundled_loads[LEICESTERSHIRE].declared_totals
    grand_2020 = grand.loc[grand["kind"].eq("grand_total") & grand["financial_year"].eq("2020/21")].iloc[0]
    assert leicestershire["The text says"] == "£4,385,961"
    assert leicestershire["The table says"] == format_gbp(grand_2020["declared_gbp"]) == "£4,395,961"
    assert leicestershire["Difference (table − text)"] == "+£10,000"
    assert (leicestershire["Sheet"], leicestershire["Row"]) == ("Appendix A", grand_2020["source_row"])
    assert "EXE0003/20" in leicestershire["Document"]
    assert leicestershire["Quote"].startswith("The total expenditure contained within the Commissioning Framework")
    durham = shown.loc["Durham"]
    assert durham["The text says"].tolist() == ["£473,395", "£485,577 + £27,150 = £512,727"]
    assert durham["The table says"].tolist() == ["£485,577", "£500,545"]


def test_a_dataset_that_declares_nothing_is_named_and_the_first_figures_explain_their_words(visitor, bundled_loads):
    at = visitor(CHECKS)

    essex = bundled_loads["essex_domestic_abuse_contract_2018-19.xlsx"].tidy["amount_gbp"].sum()
    assert any(f"1 line, {format_gbp(essex)})" in caption.value for caption in at.caption)
    helps = {m.label: m.proto.help for m in at.metric}
    assert helps["Declared totals and allocations checked"] == term_help("Declared total")
    assert helps["Do not add up to their rows"] == term_help("Allocation")


def test_overview_for_all_areas_ends_with_what_does_not_add_up(visitor):
    at = visitor(OVERVIEW, {"area": "all"})

    assert "Checks" in [subheader.value for subheader in at.subheader]
    shown = table(at, "What disagrees")
    # Durham's allocation, Thames Valley's fund Total each year (+£1, +£1, -£10), then the text-against-table ones.
    assert shown["Difference"].tolist() == ["+£14,968", "+£1", "+£1", "-£10", "+£10,000", "+£12,182", "-£12,182"]
    assert shown.loc[shown["Area"].eq("Leicestershire"), ["Says", "Adds up to / table says"]].values.tolist() == [
        ["£4,385,961", "£4,395,961"]]
    assert "checks" in [link.proto.page for link in at.get("page_link")]


def test_overview_for_one_area_shows_only_its_own_checks(visitor):
    at = visitor(OVERVIEW, {"area": "Leicestershire"})

    assert ("All 16 declared totals in Leicestershire's files add up to the rows beneath them. In 1 place a "
            "decision's text gives a different figure from its own table (Leicestershire: text £4,385,961, "
            "table £4,395,961).") in words(at)
    assert table(at, "What disagrees")["Area"].tolist() == ["Leicestershire"]
    assert "£14,968" not in words(at)


def test_checks_on_an_empty_store_say_there_is_nothing_to_check(empty_store):
    at = AppTest.from_file(str(REPO_ROOT / CHECKS), default_timeout=PAGE_TIMEOUT_S).run()

    assert not at.exception
    assert "No file in the store declares a total or allocation" in words(at)
    assert metric(at, "Declared totals and allocations checked") == "0"


def test_once_durhams_dataset_is_deleted_its_checks_leave_the_page(bundled_store):
    at = AppTest.from_file(str(REPO_ROOT / CHECKS), default_timeout=PAGE_TIMEOUT_S).run()
    assert "Durham" in table(at, "The text says")["Area"].tolist()
    engine = store.make_engine(bundled_store)
    durham = store.list_datasets(engine, current_only=True)
    projects = durham["area"].eq("Durham") & durham["kind"].eq("decision")
    store.delete_dataset(engine, int(durham.loc[projects, "id"].item()), user="j.okafor")

    at.run()

    assert not at.exception
    assert table(at, "The text says")["Area"].tolist() == ["Leicestershire"]
    assert metric(at, "Do not add up to their rows") == "3"  # Thames Valley's fund Total, its three years
    assert "£14,968" not in words(at)
