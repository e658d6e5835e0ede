"""The Data page: the lines behind every figure, traceable to file, sheet and row, and downloadable."""
from __future__ import annotations

from analysis.money import format_gbp

DATA = "pages/data.py"
FRAMEWORK = "leicestershire_commissioning_framework_2018-21.xlsx"
EMERGENT = "leicestershire_emergent_issues_2020-21.xlsx"


def table(at):
    return at.dataframe[0].value


def test_the_table_holds_every_counted_line_with_its_source(run_page, leicestershire_framework):
    at = run_page(DATA)

    assert not at.exception
    lines = table(at)
    assert len(lines) == len(leicestershire_framework)
    assert lines["Amount (£)"].sum() == leicestershire_framework["amount_gbp"].sum()
    traced = set(zip(lines["Source file"], lines["Source sheet"], lines["Source row"]))
    assert traced == set(zip(leicestershire_framework["source_file"], leicestershire_framework["source_sheet"],
                             leicestershire_framework["source_row"]))
    assert set(lines["Dataset kind"]) == {"framework"}
    # Each figure names its cell: the 2020/21 budget is column G of Appendix A.
    cells = dict(zip(zip(lines["Service"], lines["Financial year"]),
                     lines["Source column"] + lines["Source row"].astype(str)))
    assert (cells[("Victim First", "2018/19")], cells[("Victim First", "2020/21")]) == ("E6", "G6")


def test_lines_not_added_to_totals_can_be_shown_and_are_marked(run_page, bundled_loads, leicestershire_framework):
    at = run_page(DATA)

    at.toggle(key="data_include_uncounted").set_value(True).run()

    lines = table(at)
    emergent = bundled_loads[EMERGENT].tidy
    assert len(lines) == len(leicestershire_framework) + len(emergent)
    uncounted = lines.loc[lines["Counts toward totals"].eq("No")]
    assert uncounted["Amount (£)"].sum() == emergent["amount_gbp"].sum()
    assert set(uncounted["Dataset kind"]) == {"allocation"}
    # The sum shown is still the framework's alone.
    assert any(f"totalling **{format_gbp(leicestershire_framework['amount_gbp'].sum())}**" in m.value
               for m in at.markdown)


def test_the_filters_narrow_the_table(run_page, leicestershire_framework):
    at = run_page(DATA, query={"area": "Leicestershire", "from": "2020/21", "to": "2020/21",
                               "commissioning": "Procured – jointly funded"})

    expected = leicestershire_framework.loc[
        leicestershire_framework["financial_year"].eq("2020/21")
        & leicestershire_framework["commissioning_type"].eq("Procured – jointly funded")
    ]
    lines = table(at)
    assert len(lines) == len(expected)
    assert lines["Amount (£)"].sum() == expected["amount_gbp"].sum()


def test_the_downloads_are_offered_and_built_only_when_clicked(run_page):
    # What a click gives is tested in a real browser (tests/browser/test_downloads.py).
    at = run_page(DATA, query={"area": "Leicestershire", "provider": "Turning Point"})

    buttons = {button.proto.label: button.proto for button in at.get("download_button")}
    assert {"Download CSV", "Download Excel"} <= set(buttons)
    for label in ("Download CSV", "Download Excel"):
        assert not buttons[label].url and buttons[label].deferred_file_id, f"{label} is built on every run"


def test_the_datasets_table_names_kind_and_citation(run_page, bundled_manifest):
    at = run_page(DATA)

    datasets = at.dataframe[1].value
    leicestershire = [e for e in bundled_manifest if e["area"] == "Leicestershire"]
    assert list(datasets["Dataset"]) == [e["name"] for e in leicestershire]
    assert list(datasets["Source"]) == [e["citation"] for e in leicestershire]
    assert datasets["Kind"].str.startswith("Allocation").sum() == 1


def test_an_allocation_chosen_alone_shows_all_its_lines(run_page, bundled_loads):
    at = run_page(DATA)
    dataset = at.sidebar.selectbox(key="filter_dataset")
    dataset.select_index(next(i for i, label in enumerate(dataset.options) if "(allocation)" in label)).run()

    emergent = bundled_loads[EMERGENT].tidy
    lines = table(at)
    assert len(lines) == len(emergent)
    assert lines["Amount (£)"].sum() == emergent["amount_gbp"].sum() == 114_843.25


def test_no_match_shows_a_sentence(run_page):
    at = run_page(DATA, query={"area": "Leicestershire", "provider": "nobody at all"})

    assert not at.exception
    assert not at.dataframe
    assert any("No spending matches these filters" in info.value for info in at.info)
