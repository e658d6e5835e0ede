"""Pounds in the house style, on the seeds' own figures."""
from __future__ import annotations

import pytest

from analysis.money import format_gbp, format_gbp_short


@pytest.mark.parametrize(
    ("amount", "short"),
    [
        (4_395_961, "£4.40m"),        # Leicestershire's 2020/21 grand total (EXE0003/20, Appendix A)
        (79_411, "£79k"),             # its change on 2019/20
        (-75_824, "-£76k"),           # PAVE mental health nurses, ended in 2020/21
        (2_488.25, "£2k"),            # the MARAC IDVA line, with pence
        (970, "£970"),
        (12_500_000, "£12.5m"),
        (2_922_118_556, "£2.92bn"),   # the national benchmark store's 2020/21 total, every force together
        (12_500_000_000, "£12.5bn"),
        (None, ""),
    ],
)
def test_short_pounds(amount, short):
    assert format_gbp_short(amount) == short


def test_exact_pounds_keep_pence_only_where_the_figure_has_them():
    assert format_gbp(4_395_961) == "£4,395,961"
    assert format_gbp(2_488.25) == "£2,488.25"
    assert format_gbp(-75_824) == "-£75,824"
