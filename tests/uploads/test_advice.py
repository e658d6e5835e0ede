"""Refusals read on the upload page name its controls, not command-line flags."""
from __future__ import annotations

import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import REPO
from uploads.advice import on_the_form

SHAPES = REPO / "tests" / "data" / "shapes"


@pytest.mark.parametrize("file_name, options, control", [
    ("refuse_units_suspected.xlsx", {}, "under 'Amounts are in' above (£000 or £)"),
    ("refuse_year_conflict.xlsx", {"year": "2020/21"}, "clear the financial year box"),
    # A span beside the year columns: leaving it out leaves the years to read (a lone span column must be split).
    ("refuse_unheaded_year_span.xlsx", {}, "to 'Not used' in the column mapping above"),
    ("wide_title_units_gbp000.xlsx", {"units": "£"}, "choose 'As the file says' under 'Amounts are in'"),
])
def test_each_refusal_names_the_control_that_settles_it(file_name, options, control):
    with pytest.raises(LoaderError) as refused:
        load_file(SHAPES / file_name, area="Essex", **options)
    sentence = on_the_form(str(refused.value))
    assert control in sentence
    assert "--" not in sentence


def test_several_money_columns_name_the_column_to_map():
    message = ("several money columns without a year ('Contribution before (£)', 'Contribution after (£)'); "
               "choose one with --column amount=\"Contribution before (£)\"")
    assert on_the_form(message).endswith(
        "choose one by setting column 'Contribution before (£)' to 'Amount (£)' in the column mapping above")


def test_a_second_table_asks_for_a_copy_with_the_first_table_only():
    message = "row 70 starts another table ('Stream'), with columns unlike the header on row 4; " \
              "read the first table alone with --last-row 69"
    assert on_the_form(message).endswith("upload a copy holding only the first table (rows up to 69)")
