"""The walk's column-at-a-time shortcuts give exactly what reading cell by cell gives."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loaders.cells import TextCache as _TextCache, tidy_text as _text
from loaders.detect import Options, detect
from loaders.load import load_layout
from loaders.readers import workbook_from_rows


def _tidy(rows):
    book = workbook_from_rows("t.csv", {"t": rows})
    return load_layout(book, detect(book, Options(area="Leicestershire"))).tidy

# Spaces of every kind the readers meet, the joining character, and plain letters.
CELL_TEXT = st.text(alphabet=st.sampled_from(["a", "B", " ", "\t", "\n", "\r", "\xa0", "\u2003", "\x1c", "\x00", "£"]),
                    max_size=8)


@given(st.lists(CELL_TEXT, max_size=30, unique=True))
def test_learned_texts_equal_tidied_texts(cells):
    cache = _TextCache()
    cache.learn(cells)
    assert {cell: cache[cell] for cell in cells} == {cell: _text(cell) for cell in cells}


def test_real_service_names_are_kept_as_written_and_untidy_ones_tidied():
    cache = _TextCache()
    cache.learn(["Victim First", "  Victim  First ", "Sexual Assault Referral Centre\n(SARC)"])
    assert cache["Victim First"] == "Victim First"
    assert cache["  Victim  First "] == "Victim First"
    assert cache["Sexual Assault Referral Centre\n(SARC)"] == "Sexual Assault Referral Centre (SARC)"


def test_repeated_header_found_beside_a_letter_that_lower_cases_to_two():
    """'İ' lower-cases to two characters; the header repeat after it must still be skipped."""

    rows = [
        ["Service", "Provider", "2020/21 budget (£)"],
        ["İstanbul liaison service", "Victim First", 1_000.0],
        ["Service", "Provider", "2020/21 budget (£)"],
        ["Hate crime support", "Victim First", 2_000.0],
    ]
    frame = _tidy(rows)
    assert frame["service"].tolist() == ["İstanbul liaison service", "Hate crime support"]
    assert frame["source_row"].tolist() == [2, 4]


def test_a_money_column_headed_only_by_a_symbol_still_recognises_its_repeated_header():
    """'(£)' reduces to an empty key; the page-break repeat of the header must still be skipped."""

    rows = [
        ["Service", "Provider", "2020/21 budget", "(£)"],
        ["Victim First", "Leicestershire County Council", 1_000.0, 5.0],
        ["", "", "2020/21 budget", "(£)"],  # repeated over the money columns only
        ["Hate crime support", "Victim First", 2_000.0, 6.0],
    ]
    assert _tidy(rows)["source_row"].unique().tolist() == [2, 4]


def test_dashes_under_columns_headed_only_by_symbols_are_data_not_a_repeated_header():
    """'(£)' and '-' both have no words; only the header's own text repeats it, so these lines stay."""

    rows = [
        ["Service", "Provider", "2019/20 budget", "(£)", "2020/21 budget", "(£)"],
        ["Victim First", "Leicestershire County Council", "-", "-", 5_000.0, ""],
        ["Hate crime support", "Victim First", 2_000.0, "", "-", "-"],
    ]
    frame = _tidy(rows)
    assert frame[["service", "financial_year", "amount_gbp"]].values.tolist() == [
        ["Victim First", "2019/20", 0.0], ["Victim First", "2020/21", 5_000.0],
        ["Hate crime support", "2019/20", 2_000.0], ["Hate crime support", "2020/21", 0.0],
    ]
