"""A blank corner heading over the lines' names, as Thames Valley's Community Safety Fund table has it.

Figures: Thames Valley PCC, Community Safety Fund allocations 2019/20–2021/22
(data/README.md cites the page), first four councils as published.
"""
from __future__ import annotations

import pytest

from loaders import LoaderError, load_layout
from loaders.detect import detect
from loaders.load import options_from
from loaders.readers import workbook_from_rows

HEADER = ["", "2019/20 £", "2020/21 £", "2021/22 £"]
COUNCILS = [
    ["Bracknell", 136091, 136091, 134699],
    ["Bucks CC", 441082, 441082, 436567],
    ["Milton Keynes", 261694, 261694, 259015],
    ["Oxon CC", 693923, 693923, 686820],
]


def load(rows):
    book = workbook_from_rows("thames_valley_csf.xlsx", {"Community Safety Fund": rows})
    return load_layout(book, detect(book, options_from(area="Thames Valley")))


def test_the_names_under_a_blank_corner_are_the_lines():
    result = load([HEADER, *COUNCILS])

    tidy = result.tidy
    assert sorted(set(tidy["service"])) == ["Bracknell", "Bucks CC", "Milton Keynes", "Oxon CC"]
    assert tidy.groupby("financial_year")["amount_gbp"].sum().to_dict() == {
        "2019/20": 1_532_790, "2020/21": 1_532_790, "2021/22": 1_517_101}
    assert set(tidy["source_column"]) == {"B", "C", "D"}
    (service,) = [c for c in result.layout.sheets[0].columns if c.role == "service"]
    assert service.letter == "A" and "guessed" in service.reason
    assert "column A (no heading): service" in "\n".join(result.explain())


def test_numbers_under_a_blank_corner_are_not_taken_for_names():
    numbered = [[number, *row[1:]] for number, row in enumerate(COUNCILS, start=1)]

    with pytest.raises(LoaderError) as refused:
        load([HEADER, *numbered])

    assert refused.value.code == "no_header"


def test_a_lone_span_column_beside_a_blank_corner_is_refused_by_name_not_missed():
    """Thames Valley's three years of grants in one column: refused as a span, with no choice that leaves nothing."""
    spanned = [[name, sum(figures)] for name, *figures in COUNCILS]

    with pytest.raises(LoaderError) as refused:
        load([["", "2019/20 – 2021/22 £"], *spanned])

    assert (refused.value.code, refused.value.cell) == ("year_span", "B1")
    assert "split it into one column per year in the file" in str(refused.value)
    assert "--column ignored" not in str(refused.value)


# The blank-corner refusals in tests/data/shapes, the choice each message names, and the
# totals (the published rows of S7, tests/data/README.md) that choice must then load.
ALL_TEN = {"2019/20": 3_039_480, "2020/21": 3_039_480, "2021/22": 3_039_469}
NINE_COUNCILS = {"2019/20": 2_735_532, "2020/21": 2_735_532, "2021/22": 2_707_521}
BLANK_CORNER_REFUSALS = [
    ("refuse_unheaded_unit_unknown.xlsx", [], "units_unknown", "B1", ["--units", "£"], ALL_TEN),
    ("refuse_unheaded_year_conflict.xlsx", ["--year", "2020/21"], "year_conflict", "B1", [], ALL_TEN),
    ("refuse_unheaded_year_span.xlsx", [], "year_span", "E1",
     ["--column", "ignored=2019/20 – 2021/22 £"], ALL_TEN),
    ("refuse_unheaded_double_count.xlsx", [], "double_count_suspected", "B13", ["--total-rows", "2,3"],
     NINE_COUNCILS),
]


@pytest.mark.parametrize("file, given, code, cell, advice, totals", BLANK_CORNER_REFUSALS,
                         ids=[case[0] for case in BLANK_CORNER_REFUSALS])
def test_each_blank_corner_refusal_names_its_cell_and_its_advice_loads_the_published_figures(
        file, given, code, cell, advice, totals):
    import subprocess
    import sys

    from loaders.__main__ import load_options, parser
    from loaders.load import load_file
    from tests.loaders.layouts import REPO

    path = REPO / "tests" / "data" / "shapes" / file
    first = ["--area", "Thames Valley", *given]
    with pytest.raises(LoaderError) as refused:
        load_file(path, **load_options(parser().parse_args([str(path), *first])))
    assert (refused.value.code, refused.value.cell) == (code, cell), str(refused.value)
    message = str(refused.value)
    if advice:
        assert " ".join(advice).replace("ignored=", "ignored=\"") in message
    else:
        assert "leave out --year" in message

    # The advice taken as a command: without --year where the message says to leave it out.
    args = ["--area", "Thames Valley", *advice]
    completed = subprocess.run([sys.executable, "-m", "loaders", str(path), *args],
                               capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr
    assert "do not match" not in completed.stdout
    tidy = load_file(path, **load_options(parser().parse_args([str(path), *args]))).tidy
    assert tidy.groupby("financial_year")["amount_gbp"].sum().to_dict() == totals
