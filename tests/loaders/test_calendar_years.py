"""A header of '2019' is a calendar year: which financial year it means is the publisher's to say, never ours."""
from __future__ import annotations

import pytest

from loaders.detect import Options, detect
from loaders.errors import LoaderError
from loaders.readers import workbook_from_rows


@pytest.mark.parametrize("heading", ["2019", "2019 (£)"])
def test_a_calendar_year_heading_is_refused_at_its_cell(heading):
    book = workbook_from_rows("victim_first.csv", {"Budget": [
        ["Service", "Provider", heading, "2020"],
        ["Victim First", "Leicestershire County Council", "573,925", "543,752"],
    ]})
    with pytest.raises(LoaderError) as refused:
        detect(book, Options(area="Leicestershire"))
    assert (refused.value.code, refused.value.cell) == ("bad_year", "C1")
    assert "2018/19 or 2019/20" in refused.value.problem
