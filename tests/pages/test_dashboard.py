"""The dashboard as a whole: navigation, filters that follow the reader, links that reopen a view."""
from __future__ import annotations

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

import store
from analysis.filters import years_label
from analysis.money import format_gbp
from tests.pages.conftest import PAGE_TIMEOUT_S, REPO_ROOT

DASHBOARD = str(REPO_ROOT / "dashboard.py")
STAFF_PAGES = {"Upload", "Manage data"}
STAFF = {"is_logged_in": True, "email": "commissioning@opcc.example", "email_verified": True}


def dashboard(query: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=PAGE_TIMEOUT_S)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if user:
        at.user = user
    # An OIDC account counts as staff only when [staff_access] lets it in.
    at.secrets = {"staff_access": {"allowed_email_domains": ["opcc.example"]}}
    return at


@pytest.fixture
def registered_pages(monkeypatch):
    """Every st.Page dashboard.py hands to st.navigation, by title."""
    registered = {}
    real_navigation = streamlit.navigation

    def recording_navigation(pages, **kwargs):
        registered.clear()
        registered.update({page.title: page for section in pages.values() for page in section})
        return real_navigation(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording_navigation)
    return registered


def test_the_dashboard_opens_on_the_overview_with_the_total(bundled_store, leicestershire_framework):
    at = dashboard().run()

    assert not at.exception
    assert at.title[0].value == "Overview"
    total_2020 = leicestershire_framework.loc[leicestershire_framework["financial_year"].eq("2020/21"), "amount_gbp"].sum()
    assert at.metric[0].value == format_gbp(total_2020)


def test_staff_pages_are_hidden_but_reachable_when_signed_out(bundled_store, registered_pages):
    at = dashboard().run()

    assert not at.exception
    present = STAFF_PAGES & set(registered_pages)
    assert present, "the Upload and Manage data pages exist"
    assert {registered_pages[title].visibility for title in present} == {"hidden"}
    public = set(registered_pages) - STAFF_PAGES
    assert {"Overview", "Strategic areas", "Data", "Compare areas"} <= public
    assert {registered_pages[title].visibility for title in public} == {"visible"}


def test_staff_pages_are_listed_for_a_signed_in_user(bundled_store, registered_pages):
    dashboard(user=STAFF).run()

    assert {registered_pages[title].visibility for title in STAFF_PAGES & set(registered_pages)} == {"visible"}


def test_filters_follow_the_reader_to_another_page(bundled_store, leicestershire_framework):
    at = dashboard().run()
    at.sidebar.multiselect(key="filter_strategic_areas").set_value(["Victims"]).run()

    at.switch_page("pages/data.py").run()

    assert not at.exception
    assert at.title[0].value == "Data"
    assert at.sidebar.multiselect(key="filter_strategic_areas").value == ["Victims"]
    victims = leicestershire_framework.loc[leicestershire_framework["strategic_area"].eq("Victims")]
    assert f"**{len(victims):,} lines** over {years_label(victims['financial_year'])}, totalling **{format_gbp(victims['amount_gbp'].sum())}**" in [
        m.value.split(" (")[0].rstrip(".") for m in at.markdown
    ]
    assert at.query_params["strategic_area"] == "Victims"


def test_a_shared_link_reopens_the_same_view(bundled_store, leicestershire_framework):
    at = dashboard().run()
    at.sidebar.select_slider(key="filter_years").set_value(("2018/19", "2019/20")).run()
    at.sidebar.text_input(key="filter_provider").input("Turning Point").run()
    link = {key: value for key, value in at.query_params.items()}

    reopened = dashboard(query=link).run()

    assert not reopened.exception
    turning_point = leicestershire_framework.loc[
        leicestershire_framework["provider"].eq("Turning Point") & leicestershire_framework["financial_year"].eq("2019/20")
    ]
    assert reopened.metric[0].label == "Committed in 2019/20"
    assert reopened.metric[0].value == format_gbp(turning_point["amount_gbp"].sum())
    assert reopened.sidebar.text_input(key="filter_provider").value == "Turning Point"


def test_the_share_panel_shows_the_link_to_this_view(bundled_store):
    at = dashboard(query={"area": "Leicestershire", "strategic_area": "Victims"})
    at.context = {"url": "http://panel.example/"}
    at.run()
    assert [code.value for code in at.sidebar.code][0].startswith("http://panel.example/?area=Leicestershire")

    at.switch_page("pages/strategic_areas.py").run()

    link = [code.value for code in at.sidebar.code][0]
    assert link.startswith("http://panel.example/strategic_areas?area=Leicestershire")
    assert "strategic_area=Victims" in link


def test_a_filter_change_never_reloads_the_store(bundled_store, monkeypatch):
    # Every read of the lines, from the store or its snapshot, goes through current_spend_lines.
    reads = []
    real_read = store.current_spend_lines

    def counting_read(*args, **kwargs):
        reads.append(1)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(store, "current_spend_lines", counting_read)
    at = dashboard().run()
    at.sidebar.multiselect(key="filter_strategic_areas").set_value(["Victims"]).run()
    at.sidebar.text_input(key="filter_provider").input("Catch").run()
    at.switch_page("pages/strategic_areas.py").run()

    assert not at.exception
    assert len(reads) == 1


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/strategic_areas.py", "pages/data.py",
                                  "pages/compare_areas.py"])
def test_every_page_says_when_there_is_no_data_yet(empty_store, page):
    at = AppTest.from_file(str(REPO_ROOT / page), default_timeout=PAGE_TIMEOUT_S).run()

    assert not at.exception
    assert any("no spend data yet" in info.value.lower() for info in at.info)


def test_visitors_get_a_staff_sign_in_link_and_staff_do_not(bundled_store):
    visitor = dashboard().run()
    sign_in = [link for link in visitor.get("page_link") if link.proto.label == "Staff sign-in"]
    assert len(sign_in) == 1 and sign_in[0].proto.page.endswith("upload")

    staff = dashboard(user=STAFF).run()
    assert not staff.exception
    assert "Staff sign-in" not in [link.proto.label for link in staff.get("page_link")]


def _sidebar_markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.sidebar.markdown)


def test_the_sidebar_names_each_datasets_kind_and_whether_it_counts(bundled_store, bundled_manifest):
    at = dashboard({"area": "all"}).run()

    assert not at.exception
    listed = _sidebar_markdown(at)
    for entry in bundled_manifest:
        assert entry["name"] in listed
    # The emergent-issues table spends from the framework's own line: shown, never added again.
    allocation = next(entry for entry in bundled_manifest if entry["kind"] == "allocation")
    assert f"**Allocation** · {allocation['name']}" in listed
    assert "shown, not added to totals" in listed.split(allocation["name"])[1].splitlines()[0]
    framework = next(entry for entry in bundled_manifest if entry["kind"] == "framework")
    assert f"**Framework** · {framework['name']}" in listed


def test_many_datasets_fold_into_a_count_with_the_list_behind_it(tmp_path, monkeypatch):
    from bench.make_national_workbook import write_workbook
    from loaders import load_file

    # Eight forces' frameworks, each built from Leicestershire's real lines (the benchmark's generator).
    workbook = tmp_path / "national.xlsx"
    write_workbook(workbook, areas=8, services=12)
    loaded = load_file(workbook)
    url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    engine = store.make_engine(url)
    for area, lines in loaded.tidy.groupby("area", sort=True):
        declared = loaded.declared_totals.loc[loaded.declared_totals["area"] == area]
        store.save_dataset(engine, lines.reset_index(drop=True), declared, name=f"{area} framework 2015-21",
                           area=area, kind="framework", original_filename=f"{area}.csv",
                           original_bytes=lines.to_csv(index=False).encode(), uploaded_by="test")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)

    at = dashboard({"area": "all"}).run()

    assert not at.exception
    assert "8 datasets: 8 frameworks; 8 counted in totals." in _sidebar_markdown(at)
    folded = next(expander for expander in at.sidebar.expander if expander.label == "Every dataset")
    listed = "\n".join(element.value for element in folded.markdown)
    assert all(f"**Framework** · {area} framework 2015-21" in listed for area in loaded.tidy["area"].unique())
