"""What next year's framework changes: Leicestershire's Appendix A against the same table moved on a year."""
from __future__ import annotations

from loaders import load_bytes, load_file
from tests.uploads.helpers import APPENDIX, appendix_moved_on_a_year_rows, xlsx_bytes
from uploads.version_diff import ADDED, BOTH, CHANGED, MISSING_YEAR, NEW_YEAR, REMOVED, lines_table, version_diff


def published():
    return load_file(APPENDIX, area="Leicestershire").tidy


def moved_on_a_year(**changes):
    return load_bytes(xlsx_bytes(appendix_moved_on_a_year_rows(**changes)), "framework_2019-22.xlsx",
                      area="Leicestershire").tidy


def test_next_years_file_adds_2021_22_lacks_2018_19_and_changes_chisva():
    old, new = published(), moved_on_a_year()

    diff = version_diff(old, new)

    assert diff.years_added == ["2021/22"]
    assert diff.years_missing == ["2018/19"]
    assert diff.years_in_both == ["2019/20", "2020/21"]
    changed = diff.changed_lines()
    assert changed[["financial_year", "change", "service", "old_gbp", "new_gbp", "difference_gbp", "what_changed"]
                   ].values.tolist() == [["2020/21", CHANGED, "CHISVA", 50_000.0, 52_000.0, 2_000.0, "amount"]]
    year = diff.by_year.set_index("financial_year")
    assert year.loc["2018/19", ["status", "lines_removed", "old_gbp", "new_gbp"]].tolist() == [
        MISSING_YEAR, len(old[old["financial_year"] == "2018/19"]), 4_283_405.0, 0.0]  # the printed Grand Total
    assert year.loc["2021/22", ["status", "lines_added", "new_gbp"]].tolist() == [
        NEW_YEAR, len(new[new["financial_year"] == "2021/22"]), 4_395_961 + 2_000 + 575_000 - 558_322]
    assert year.loc["2020/21", ["status", "lines_changed", "difference_gbp"]].tolist() == [BOTH, 1, 2_000.0]
    assert year.loc["2019/20", ["lines_added", "lines_removed", "lines_changed", "difference_gbp"]].tolist() == [
        0, 0, 0, 0.0]
    assert diff.summary() == (
        "2021/22 is new (42 lines, £4,414,639). 2018/19 is not in the new version (36 lines, £4,283,405 stored). "
        "2019/20: no change (£4,316,550). 2020/21: 1 changed line, £4,395,961 → £4,397,961 (+£2,000).")


def test_the_lines_of_a_year_only_one_version_holds_are_listed_as_added_or_removed_with_their_amounts():
    diff = version_diff(published(), moved_on_a_year())
    victim_first = diff.lines[diff.lines["service"] == "Victim First"]
    assert victim_first[["financial_year", "change", "old_gbp", "new_gbp"]].fillna(0).values.tolist() == [
        ["2018/19", REMOVED, 573_925.0, 0], ["2021/22", ADDED, 0, 575_000.0]]
    assert lines_table(diff.changed_lines()).columns[:3].tolist() == ["Year", "Line is", "Strategic area"]


def test_a_line_listed_twice_is_matched_in_row_order_and_the_same_file_shows_no_change():
    old = published()
    assert (old["service"] == "Domestic Homicide Reviews").sum() > 3  # listed twice a year in Appendix A
    diff = version_diff(old, old)
    assert diff.unchanged() and diff.years_added == diff.years_missing == []


def test_words_changed_without_the_amount_are_named():
    old = published()
    new = old.assign(provision=old["provision"].where(old["service"] != "CHISVA", "Advocacy for children"))
    changed = version_diff(old, new).changed_lines()
    assert set(changed["what_changed"]) == {"provision"} and set(changed["difference_gbp"]) == {0.0}
