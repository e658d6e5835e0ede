"""A finance export's money column, every cell a plain number, read in one go as each cell alone reads."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from loaders import load_file
from loaders.amounts import parse_amount
from loaders.cells import parse_amount_column

DATA = Path(__file__).resolve().parents[2] / "data"
# Every bundled workbook that loads as it is (the emergent-issues paper needs --year).
BUNDLED = [path for path in sorted(DATA.glob("*.xlsx")) if path.name != "leicestershire_emergent_issues_2020-21.xlsx"]


@pytest.fixture(scope="module")
def exported_amounts() -> tuple[str, ...]:
    # The bundled figures as a finance system writes them: "558322.00", one per line.
    amounts = [amount for path in BUNDLED for amount in load_file(path).tidy["amount_gbp"]]
    assert len(amounts) > 150
    return tuple(f"{amount:.2f}" for amount in amounts if amount >= 0)


def test_a_column_of_plain_numbers_reads_as_each_cell_does(exported_amounts):
    values, problems, texts, own_unit = parse_amount_column(exported_amounts)
    assert values.tolist() == [parse_amount(text) for text in exported_amounts]
    assert problems == {} and sorted(texts) == sorted(set(exported_amounts)) and not own_unit.any()


def test_one_blank_cell_changes_nothing_but_its_own_reading(exported_amounts):
    # A blank sends the column the long way round, cell by cell: the same figures must come back.
    whole, _, _, _ = parse_amount_column(exported_amounts)
    with_blank, problems, _, _ = parse_amount_column(exported_amounts + ("",))
    assert np.array_equal(with_blank[:-1], whole) and np.isnan(with_blank[-1]) and problems == {}
