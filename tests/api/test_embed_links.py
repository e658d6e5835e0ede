"""The Link / embed control's link and snippet, and a page opened from one, in AppTest (ui/embed.py).

The browser test (tests/browser/test_embed.py) checks what a reader sees; these
check what the page draws: on an embed link, the one chart, its scope line and
its source line, and nothing after them.
"""
from __future__ import annotations

import json

from tests.pages.page_elements import chart
from ui.embed import iframe_snippet

CITATION = "OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Appendix A"


def codes(at) -> list[str]:
    return [element.value for element in at.code]


def test_every_chart_on_a_page_has_its_link_and_snippet(run_page):
    at = run_page("pages/overview.py", {"area": "Leicestershire", "from": "2019/20", "to": "2020/21"})
    assert not at.exception
    links = [code for code in codes(at) if "chart=" in code and not code.startswith("<iframe")]
    assert [link.split("chart=")[1].split("&")[0] for link in links] == ["overview_by_area", "overview_treemap"]
    assert all("area=Leicestershire" in link and "from=2019%2F20" in link and "embed=true" in link for link in links)
    snippets = [code for code in codes(at) if code.startswith("<iframe")]
    assert len(snippets) == 2 and 'title="Spend by strategic area, 2019/20 to 2020/21"' in snippets[0]


def test_the_snippet_escapes_what_it_quotes():
    snippet = iframe_snippet('https://x.example/?provider="><script>', 'Victims "&" <b>', 500)
    assert "<script>" not in snippet and "<b>" not in snippet
    assert 'src="https://x.example/?provider=&quot;&gt;&lt;script&gt;"' in snippet


def test_an_embed_link_draws_its_chart_with_its_scope_and_source_then_stops(run_page):
    at = run_page("pages/overview.py", {"area": "Leicestershire", "chart": "overview_by_area"})
    assert not at.exception
    assert [c.proto.id for c in at.get("plotly_chart")] and len(at.get("plotly_chart")) == 1
    assert chart(at, "overview_by_area")["layout"]["title"]["text"] == "Spend by strategic area, 2018/19 to 2020/21"
    captions = [caption.value for caption in at.caption]
    assert f"Source: {CITATION}." in [c.replace("\\", "") for c in captions]
    # Stopped after the chart: no treemap, no tables of changes, no checks, no control.
    assert not at.dataframe and not at.get("popover")


def test_the_links_in_page_choice_is_set_before_its_widget(run_page):
    query = {"area": "Leicestershire", "chart": "areas_services_chart",
             "choice.areas_chosen_area": json.dumps("Prevention")}
    at = run_page("dashboard.py", query)
    at.switch_page("pages/strategic_areas.py").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert chart(at, "areas_services_chart")["layout"]["title"]["text"] == "Prevention: spend per service in 2020/21"
