"""One short money format for axes and labels: the unit is chosen after rounding, so no "£1000k".

The figure the issue found: Leicestershire's Prevention lines, £1,052,148 in
2020/21 (Appendix A, EXE0003/20), cut 5% leave £999,540.60, drawn as "£1000k".
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.money import format_gbp_short
from ui.charts import axis_label

SHORT = re.compile(r"^-?£(?P<number>[\d,]+(?:\.\d+)?)(?P<unit>k|m|bn)?$")
SIZE = {None: 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}


@pytest.mark.parametrize("amount, words", [
    (999_540.60, "£1.00m"), (999, "£999"), (999.49, "£999"), (999.5, "£1k"), (999_499, "£999k"),
    (999_500, "£1.00m"), (9_994_999, "£9.99m"), (9_995_001, "£10.0m"), (999_949_999, "£999.9m"),
    (999_950_000, "£1.00bn"), (1_052_148, "£1.05m"), (-52_607.40, "-£53k"), (0.4, "£0"), (-0.4, "£0"),
])
def test_the_boundaries_read_as_a_person_would_say_them(amount, words):
    assert format_gbp_short(amount) == words


def test_an_axis_uses_the_same_format_with_the_steps_decimals():
    assert axis_label(1_250_000, 250_000) == format_gbp_short(1_250_000, step=250_000) == "£1.25m"
    assert axis_label(999_500, 500) == "£999.5k"


@given(st.floats(min_value=-5e11, max_value=5e11, allow_nan=False))
def test_no_label_shows_a_thousand_of_a_unit_and_every_label_is_near_the_amount(amount):
    text = format_gbp_short(amount)
    match = SHORT.match(text)
    assert match, text
    number = float(match["number"].replace(",", ""))
    if match["unit"] is not None:
        assert number < 1000, text
    shown = number * SIZE[match["unit"]]
    # The label rounds to its last digit: within half of it (and half a pound below £1k).
    last_digit = 10 ** -len(match["number"].split(".")[1]) if "." in match["number"] else 1
    assert abs(shown - abs(amount)) <= 0.5 * last_digit * SIZE[match["unit"]] + 1e-6 * abs(amount), text
    assert text.startswith("-") == (amount < 0 and number != 0)


@given(st.integers(min_value=0, max_value=2_000), st.sampled_from([50_000, 100_000, 250_000, 500_000, 1_000_000]))
def test_axis_ticks_never_read_a_thousand_of_a_unit(multiple, step):
    text = axis_label(multiple * step, step)
    match = SHORT.match(text)
    assert match and (match["unit"] is None or float(match["number"].replace(",", "")) < 1000), text
