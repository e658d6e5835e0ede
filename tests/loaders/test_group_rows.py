"""Group rows: found by their sums, or named by the user, each a total of the lines it stands for."""
from __future__ import annotations

import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import REPO

# Warwickshire's Covid-19 awards: a summary by pot (rows 4-5) above the six grants, then the Total.
AWARDS = REPO / "tests" / "data" / "shapes" / "refuse_double_count_suspected.xlsx"


def test_the_refusal_names_the_summary_rows_and_naming_them_reads_the_grants_once():
    with pytest.raises(LoaderError) as refused:
        load_file(AWARDS, area="Warwickshire", year="2020/21")
    assert refused.value.code == "double_count_suspected"
    assert refused.value.problem.endswith("--total-rows 4,5")

    result = load_file(AWARDS, area="Warwickshire", year="2020/21", total_rows=[4, 5])
    assert result.sheet_layout.group_spans == ((4, 6, 9), (5, 10, 11))
    assert result.tidy["amount_gbp"].sum() == 218_164
    by_pot = result.tidy.groupby("strategic_area")["amount_gbp"].sum().to_dict()
    assert by_pot == {"Domestic abuse services funding": 153_308, "Sexual violence services funding": 64_856}
    assert result.reconciliation["matches"].all()


def test_a_declared_total_or_a_row_that_sums_nothing_cannot_be_named_a_group_row():
    with pytest.raises(LoaderError) as total:
        load_file(AWARDS, area="Warwickshire", year="2020/21", total_rows=[12])
    assert (total.value.code, total.value.row) == ("bad_option", 12)
    with pytest.raises(LoaderError) as grant:
        load_file(AWARDS, area="Warwickshire", year="2020/21", total_rows=[7])  # Refuge's £58,919
    assert (grant.value.code, grant.value.row) == ("bad_option", 7)
