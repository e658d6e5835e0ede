"""The phase a money column's header states, as the headers of PCC papers write it."""
from __future__ import annotations

import pytest

from loaders.errors import LoaderError
from loaders.phase import phase_of_header, parse_phase


@pytest.mark.parametrize("header, phase", [
    ("2019/20 Budget", "budget"),
    ("Actual 2018/19", "actual"),
    ("Outturn 2017/18", "actual"),
    ("2020/21 Spend", "actual"),
    ("Awarded 2019/20", "committed"),
    ("Committed 2021/22", "committed"),
    ("2019/20", "budget"),  # a framework's bare year: what it plans
])
def test_a_header_names_its_phase(header, phase):
    assert phase_of_header(header) == phase


def test_words_inside_other_words_name_no_phase():
    assert phase_of_header("Actuarial review 2019/20") == "budget"


def test_a_header_naming_two_phases_is_refused_with_the_cell_and_the_choice():
    with pytest.raises(LoaderError) as refused:
        phase_of_header("Budget v Actual 2019/20", file="framework.xlsx", sheet="Appendix A", row=6, column=5)
    error = refused.value
    assert error.code == "phase_ambiguous"
    assert "F6" in str(error) and "--phase budget" in str(error) and "--phase actual" in str(error)


def test_the_person_s_choice_settles_it():
    assert phase_of_header("Budget v Actual 2019/20", given="actual") == "actual"


@pytest.mark.parametrize("text, phase", [("Budget", "budget"), (" actual ", "actual"), ("Outturn", "actual"),
                                         ("committed", "committed")])
def test_a_phase_column_s_cells(text, phase):
    assert parse_phase(text) == phase


def test_an_unknown_phase_is_a_bad_option():
    with pytest.raises(LoaderError) as refused:
        parse_phase("maybe")
    assert refused.value.code == "bad_option"
