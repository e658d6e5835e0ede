"""Each pound counted once: one framework per area and year, allocations never added."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.selection import COUNTED, NOT_SPEND_KINDS, counted_rows, lines_summary, mark_counted
from loaders import load_file
from store import list_datasets, load_spend, make_engine, save_dataset
from uploads.bundled import DATA_DIR, load_bundled

FRAMEWORK = DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx"
EMERGENT = DATA_DIR / "leicestershire_emergent_issues_2020-21.xlsx"


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def marked(engine):
    return mark_counted(load_spend(engine), list_datasets(engine, current_only=True))


def save(engine, path: Path, *, kind: str, name: str, tidy=None, suffix: bytes = b"", year=None):
    result = load_file(path, area="Leicestershire", year=year)
    return save_dataset(
        engine, result.tidy if tidy is None else tidy, result.declared_totals, name=name,
        area="Leicestershire", kind=kind, original_filename=path.name,
        # A re-upload of a corrected file: different bytes, same layout.
        original_bytes=path.read_bytes() + suffix, uploaded_by="test",
    )


def test_bundled_totals_are_the_framework_grand_totals(engine, published_grand_totals):
    load_bundled(engine)
    counted = counted_rows(marked(engine))

    leicestershire = counted.loc[counted["area"].eq("Leicestershire")]
    assert leicestershire.groupby("financial_year")["amount_gbp"].sum().to_dict() == published_grand_totals
    assert set(leicestershire["dataset_kind"]) == {"framework"}


def test_the_emergent_issues_allocation_is_shown_but_never_counted(engine):
    load_bundled(engine)
    lines = marked(engine)

    allocation = lines.loc[lines["dataset_kind"].eq("allocation")]
    assert len(allocation) == len(load_file(EMERGENT, area="Leicestershire", year="2020/21").tidy)
    assert not allocation[COUNTED].any()
    assert allocation["count_note"].str.startswith("Not added: an allocation").all()


def test_decisions_count_where_no_framework_covers_the_year(engine, bundled_manifest):
    load_bundled(engine)
    lines = marked(engine)

    decisions = lines.loc[lines["dataset_kind"].eq("decision")]
    assert set(decisions["area"]) == {e["area"] for e in bundled_manifest if e["kind"] == "decision"}
    assert decisions[COUNTED].all()


def test_a_decision_inside_a_framework_year_is_not_added_again(engine, published_grand_totals):
    save(engine, FRAMEWORK, kind="framework", name="Framework")
    # The emergent-issues table uploaded as a "decision" still spends the framework's line.
    save(engine, EMERGENT, kind="decision", name="Emergent issues", year="2020/21")
    lines = marked(engine)

    counted = counted_rows(lines)
    assert counted.groupby("financial_year")["amount_gbp"].sum().to_dict() == published_grand_totals
    overlapping = lines.loc[lines["dataset_kind"].eq("decision")]
    assert not overlapping[COUNTED].any()
    assert overlapping["count_note"].str.contains("'Framework' already covers Leicestershire 2020/21").all()


def test_the_most_recent_framework_for_a_year_counts(engine, leicestershire):
    save(engine, FRAMEWORK, kind="framework", name="Framework as published")
    corrected = leicestershire.copy()
    # A corrected re-issue: Victim First 2020/21 revised up by £1,000.
    victim_first = corrected["service"].eq("Victim First") & corrected["financial_year"].eq("2020/21")
    corrected.loc[victim_first, "amount_gbp"] += 1_000
    save(engine, FRAMEWORK, kind="framework", name="Framework corrected", tidy=corrected, suffix=b"\0")
    lines = marked(engine)

    counted = counted_rows(lines)
    assert set(counted["dataset_name"]) == {"Framework corrected"}
    assert counted["amount_gbp"].sum() == corrected["amount_gbp"].sum()
    older = lines.loc[lines["dataset_name"].eq("Framework as published")]
    assert older["count_note"].str.contains("more recent framework 'Framework corrected'").all()


def test_a_framework_for_some_years_leaves_decisions_counting_in_the_others(engine, leicestershire):
    early_years = leicestershire.loc[leicestershire["financial_year"].ne("2020/21")]
    save(engine, FRAMEWORK, kind="framework", name="Framework to 2019/20", tidy=early_years)
    save(engine, EMERGENT, kind="decision", name="Emergent issues", year="2020/21")
    lines = marked(engine)

    counted = counted_rows(lines)
    by_year = counted.groupby("financial_year")["dataset_kind"].agg(set).to_dict()
    assert by_year == {"2018/19": {"framework"}, "2019/20": {"framework"}, "2020/21": {"decision"}}


def test_the_lines_summary_sums_the_counted_lines_and_sets_the_allocation_aside(engine):
    load_bundled(engine)
    lines = marked(engine)
    summary = lines_summary(lines, every_line_counts=False)

    allocation = lines.loc[lines["dataset_kind"].eq("allocation")]
    not_spend = lines.loc[lines["dataset_kind"].isin(NOT_SPEND_KINDS)]
    assert summary.uncounted_lines == len(allocation) + len(not_spend)
    # The emergent issues table's TOTAL, the six Eastern Region caps and Durham's three funding streams set.
    assert summary.uncounted_gbp == pytest.approx(114_843.25 + 6 * 10_000 + 1_271_550)
    assert summary.counted_gbp == counted_rows(lines)["amount_gbp"].sum()
    assert sum(summary.per_year.values()) == pytest.approx(summary.counted_gbp)
    assert summary.has_pence  # MARAC IDVA 2,488.25
    one_dataset = lines_summary(allocation, every_line_counts=True)
    assert (one_dataset.counted_gbp, one_dataset.uncounted_lines) == (pytest.approx(114_843.25), 0)


def test_an_empty_store_marks_nothing(engine):
    lines = marked(engine)

    assert lines.empty
    assert COUNTED in lines.columns
