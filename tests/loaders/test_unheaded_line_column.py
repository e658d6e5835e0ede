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
