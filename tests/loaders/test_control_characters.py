"""A stray NUL or control character is dropped from the text wherever it sits; UTF-16 text is read.

PostgreSQL refuses a NUL in text, so a line carrying one would fail at the
store after passing the preview; a NUL early in the file and one late must
get the same treatment, and a binary file must still be refused.
"""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import LoaderError, load_bytes
from loaders.cells import tidy_text
from tests.loaders.test_worker import appendix_repeated_csv

LEICESTERSHIRE = dict(area="Leicestershire")


@pytest.fixture(scope="module")
def appendix_csv() -> bytes:
    return appendix_repeated_csv(copies=1)


@pytest.fixture(scope="module")
def plain(appendix_csv) -> pd.DataFrame:
    return load_bytes(appendix_csv, "appendix.csv", **LEICESTERSHIRE).tidy


@pytest.mark.parametrize("where", ["Victim First", "CSE Analyst"], ids=["early", "late"])
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\u200b"], ids=["nul", "bell", "escape", "del", "zero-width"])
def test_a_control_character_inside_a_service_is_dropped_wherever_it_is(appendix_csv, plain, where, control):
    broken = appendix_csv.decode().replace(where, where[:3] + control + where[3:], 1).encode()

    tidy = load_bytes(broken, "appendix.csv", **LEICESTERSHIRE).tidy

    pd.testing.assert_frame_equal(tidy, plain)
    texts = tidy.select_dtypes(exclude="number").astype(str)
    assert not texts.apply(lambda column: column.str.contains(control, regex=False)).any().any()


def test_a_file_full_of_control_bytes_is_still_refused_as_binary():
    with pytest.raises(LoaderError, match="it holds binary data"):
        load_bytes(bytes(range(256)) * 20, "renamed.csv", **LEICESTERSHIRE)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_excels_unicode_text_is_read_as_the_same_table(appendix_csv, plain, encoding):
    text = appendix_csv.decode()
    data = ("\ufeff" + text).encode(encoding) if encoding.endswith("be") else text.encode(encoding)

    pd.testing.assert_frame_equal(load_bytes(data, "appendix.csv", **LEICESTERSHIRE).tidy, plain)


def test_tidy_text_keeps_what_people_type():
    assert tidy_text("Women’s Aid\tLeicestershire  Ltd (WALL) – £ ☃") == "Women’s Aid Leicestershire Ltd (WALL) – £ ☃"
