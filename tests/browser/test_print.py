"""Every page prints to A4 portrait with nothing cut at the right edge, and names the filters in force.

A browser prints in two steps: it fires `beforeprint`, then lays the page out
again at the paper's width with print styles and runs no script while it
does. A plotly chart or a table drawn 1,100 px wide on a laptop stays that wide
unless the print stylesheet (ui/print_style.py) shrinks it. So the test does
what printing does: it saves the page as PDF (A4, 10 mm margins: a printable
width of 190 mm, PRINTABLE_WIDTH_PX = 718 px at 96 dpi), then fires
`beforeprint`, stops the page's scripts, switches to print
media at 718 px and measures every chart and table through the DevTools
protocol, which needs no script on the page. Without the stop, Streamlit would
redraw each chart at 718 px and hide the very fault the test looks for.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import LAPTOP, DashboardPage, wait_until_drawn
from ui.print_style import PRINT_MARGIN_MM, PRINTABLE_WIDTH_PX, filters_in_force

MEASURED = {
    "chart": '[data-testid="stPlotlyChart"] .js-plotly-plot',
    # Its box may be narrowed by max-width while the drawing inside keeps its width and is cut:
    # measured as drawn, its width attribute scaled as its height is.
    "chart drawing": ".js-plotly-plot svg.main-svg",
    "table": '[data-testid="stDataFrame"] canvas',
    "static table": '[data-testid="stMain"] table',
    "image": '[data-testid="stMain"] img',
}
# A4 is 595 x 842 points; Chromium writes it to within a point.
A4_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+(59[45](?:\.\d+)?)\s+(84[12](?:\.\d+)?)\s*\]")


def boxes_as_printed(page, selectors: dict[str, str]) -> dict[str, list[tuple[float, float]]]:
    """(left, right) of each element each selector finds, laid out for print at the printable width, no script running."""
    cdp = page.context.new_cdp_session(page)
    found: dict[str, list[tuple[float, float]]] = {}
    try:
        # No script runs from here on, as while a browser prints (Debugger.pause does not hold
        # Streamlit's resize callbacks back; this does).
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        cdp.send("Emulation.setEmulatedMedia", {"media": "print"})
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": PRINTABLE_WIDTH_PX, "height": 1100, "deviceScaleFactor": 1, "mobile": False})
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        for name, selector in selectors.items():
            found[name] = []
            for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
                try:
                    quad = cdp.send("DOM.getBoxModel", {"nodeId": node})["model"]["border"]
                except Exception:  # noqa: BLE001 - not laid out in print (display: none): nothing to cut
                    continue
                left, right = min(quad[0::2]), max(quad[0::2])
                attributes = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
                attributes = dict(zip(attributes[0::2], attributes[1::2]))
                if name == "chart drawing" and float(attributes.get("height") or 0) > 0:
                    scale = (max(quad[1::2]) - min(quad[1::2])) / float(attributes["height"])
                    right = max(right, left + float(attributes["width"]) * scale)
                found[name].append((left, right))
    finally:
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": False})
        cdp.detach()
    return found


def test_every_page_prints_to_a4_within_the_printable_width(laptop_page, out_dir, dashboard_page: DashboardPage):
    laptop_page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    try:
        printed = boxes_as_printed(laptop_page, MEASURED | {"filters line": ".print-filters"})
    finally:
        laptop_page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        laptop_page.emulate_media(media="null")  # no emulation: page.pdf prints with print styles
        laptop_page.set_viewport_size(LAPTOP)
    wait_until_drawn(laptop_page)
    # Then printed for real, as from the laptop's screen (measured first: printing redraws the charts).
    pdf = out_dir / f"{dashboard_page.slug}.pdf"
    margin = f"{PRINT_MARGIN_MM}mm"
    laptop_page.pdf(path=pdf, format="A4", prefer_css_page_size=True,
                    margin={"top": margin, "right": margin, "bottom": margin, "left": margin})

    pdf_bytes = pdf.read_bytes()
    assert pdf_bytes.startswith(b"%PDF") and A4_MEDIA_BOX.search(pdf_bytes), "not an A4 portrait PDF"
    too_wide = {
        name: [f"{left:.0f}-{right:.0f} px" for left, right in boxes if left < -1 or right > PRINTABLE_WIDTH_PX + 1]
        for name, boxes in printed.items()
        if name != "filters line"
    }
    assert not any(too_wide.values()), (
        f"{dashboard_page.title} printed on A4 ({PRINTABLE_WIDTH_PX} px wide): cut at the edge: {too_wide}")
    if not dashboard_page.staff_only:
        assert printed["filters line"], f"{dashboard_page.title} prints no line naming the filters in force"


@pytest.mark.parametrize(("query", "line"), [
    ({}, "none (the page as it first opens)"),
    ({"area": ["all"], "from": ["2018/19"], "to": ["2020/21"]},
     "Police and Crime Commissioner area: All areas; Financial years: 2018/19 to 2020/21"),
    ({"to": ["2020/21"], "provider": ["Turning Point"], "area": ["Leicestershire"], "dataset": ["3"]},
     "Police and Crime Commissioner area: Leicestershire; Dataset: one dataset, named under the title; "
     "Financial years: to 2020/21; Provider name contains: Turning Point"),
])
def test_the_printed_filters_line_names_each_filter(query, line):
    assert filters_in_force(query) == line
