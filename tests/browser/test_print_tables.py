"""A scrolling table prints every row: the Data page's lines, as the print stylesheet lays them out.

st.dataframe draws only the rows in view on a canvas, so printing it gave a
panel pack the first screenful; ui/print_style.print_table puts a full, escaped
copy after it, shown only in print.
"""
from __future__ import annotations

import re

from analysis.money import format_gbp

DATA_PAGE = "/data?area=Leicestershire"


def test_the_printed_data_page_holds_every_line_and_its_amount(open_page):
    page = open_page(DATA_PAGE)
    summary = page.get_by_text(re.compile(r"lines over")).first.inner_text()
    lines = int(re.search(r"([\d,]+) lines", summary).group(1).replace(",", ""))
    total = re.search(r"totalling (£[\d,.]+)", summary).group(1)

    page.emulate_media(media="print")
    try:
        printed = page.evaluate("""() => {
            const copy = document.querySelector('.print-table');
            const grid = document.querySelector('[data-testid="stDataFrame"]');
            return {
                copyShown: copy !== null && copy.offsetParent !== null,
                gridShown: grid !== null && grid.offsetParent !== null,
                amounts: Array.from(copy.querySelectorAll('tbody td.amount'), cell => cell.textContent),
            };
        }""")
    finally:
        page.emulate_media(media="screen")

    assert printed["copyShown"] and not printed["gridShown"]
    assert len(printed["amounts"]) == lines > 40  # far more than the grid shows on screen
    amounts = [float(text.replace("£", "").replace(",", "")) for text in printed["amounts"]]
    if "not added to totals" not in summary:
        assert format_gbp(sum(amounts)) == total
    assert all(text.startswith(("£", "-£")) for text in printed["amounts"])
