"""The walk's shortcut for tidy text must give exactly what _text gives, cell by cell."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loaders.framework import _TextCache, _text

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
