"""Chart helpers: axes in the house style (£1.2m, never plotly's 'M'), exact pounds on hover."""
from __future__ import annotations

import pandas as pd

import pytest

from analysis.colours import strategic_area_colours
from analysis.money import format_gbp
from analysis.overview import spend_by_strategic_area
from ui.charts import (
    axis_label,
    money_ticks,
    nice_step,
    readable_text_colour,
    stacked_bars,
    TREEMAP_SERVICES_PER_AREA,
    treemap,
    wrap_label,
)
from loaders import load_file
from uploads.bundled import DATA_DIR


@pytest.fixture(scope="module")
def framework():
    return load_file(DATA_DIR / "leicestershire_commissioning_framework_2018-21.xlsx", area="Leicestershire")


@pytest.fixture(scope="module")
def leicestershire(framework):
    return framework.tidy


@pytest.fixture(scope="module")
def published_grand_totals(framework):
    """The Grand Total row of Appendix A, per year."""
    grand = framework.declared_totals.loc[framework.declared_totals["kind"].eq("grand_total")]
    return dict(zip(grand["financial_year"], grand["declared_gbp"]))


def test_ticks_for_the_leicestershire_totals(published_grand_totals):
    values, labels = money_ticks(0, max(published_grand_totals.values()))

    assert labels == ["£0", "£1m", "£2m", "£3m", "£4m", "£5m"]
    assert values[-1] >= max(published_grand_totals.values())


@pytest.mark.parametrize(
    ("value", "step", "label"),
    [
        (1_500_000, 500_000, "£1.5m"),
        (1_250_000, 250_000, "£1.25m"),
        (500_000, 500_000, "£500k"),
        (25_000, 25_000, "£25k"),
        (2_500, 500, "£2.5k"),
        (750, 250, "£750"),
        (-75_000, 25_000, "-£75k"),
        (0, 1_000_000, "£0"),
        # Every force together runs to billions: the national view's axis reads £1bn, not £1,000m.
        (1_000_000_000, 1_000_000_000, "£1bn"),
        (2_500_000_000, 500_000_000, "£2.5bn"),
        (1_500_000_000, 250_000_000, "£1.5bn"),
    ],
)
def test_axis_labels_use_as_many_decimals_as_the_step_needs(value, step, label):
    assert axis_label(value, step) == label


def test_ticks_cover_negative_changes():
    values, labels = money_ticks(-75_824, 199_165)

    assert values[0] <= -75_824 and values[-1] >= 199_165
    assert "£0" in labels and labels[0].startswith("-£")


def test_nice_step_is_round():
    for span in (114_843.25, 4_395_961, 1_395_707, 970):
        step = nice_step(span)
        mantissa = step / 10 ** len(str(int(step))[1:])
        assert mantissa in (1, 2, 2.5, 5)


def test_stacked_bars_hover_gives_exact_pounds(leicestershire):
    colours = strategic_area_colours(leicestershire["strategic_area"])
    fig = stacked_bars(spend_by_strategic_area(leicestershire), x="financial_year", stack="strategic_area",
                       colours=colours, title="Spend by strategic area, 2018/19 to 2020/21")

    victims = next(trace for trace in fig.data if trace.name == "Victims")
    assert victims.marker.color == colours["Victims"]
    in_2020 = leicestershire.loc[leicestershire["financial_year"].eq("2020/21")]
    victims_2020 = in_2020.loc[in_2020["strategic_area"].eq("Victims"), "amount_gbp"].sum()
    hover = dict(zip(victims.x, victims.hovertext))["2020/21"]
    assert format_gbp(victims_2020) in hover and "% of 2020/21" in hover
    assert fig.layout.yaxis.ticktext[0] == "£0"


def test_treemap_sums_services_into_areas(leicestershire, published_grand_totals):
    in_2020 = leicestershire.loc[leicestershire["financial_year"].eq("2020/21") & leicestershire["amount_gbp"].gt(0)]
    services = in_2020.groupby(["strategic_area", "service"], as_index=False)["amount_gbp"].sum()
    fig = treemap(services, colours=strategic_area_colours(services["strategic_area"]), title="t")

    node = fig.data[0]
    top_level = [value for value, parent in zip(node.values, node.parents) if parent == ""]
    assert sum(top_level) == published_grand_totals["2020/21"]
    assert all(text.startswith("<b>") and "£" in text for text in node.hovertext)


def test_a_national_treemap_groups_the_smallest_services_per_area(leicestershire):
    """Leicestershire's 2020/21 lines copied for six forces: each area keeps its total."""
    in_2020 = leicestershire.loc[leicestershire["financial_year"].eq("2020/21")]
    copies = pd.concat(
        [in_2020.assign(service=in_2020["service"] + f" ({force})") for force in range(6)], ignore_index=True
    )
    services = copies.groupby(["strategic_area", "service"], as_index=False)["amount_gbp"].sum()
    fig = treemap(services, colours=strategic_area_colours(services["strategic_area"]), title="t")

    node = fig.data[0]
    for area, area_services in services.groupby("strategic_area"):
        leaves = [value for value, parent in zip(node.values, node.parents) if parent == f"area:{area}"]
        assert len(leaves) == min(len(area_services), TREEMAP_SERVICES_PER_AREA)
        assert abs(sum(leaves) - area_services["amount_gbp"].sum()) < 0.01
    grouped = [label for label in node.labels if "other services" in label]
    assert grouped, "areas with more services than fit are grouped"


def test_text_colour_reads_on_each_area_colour():
    assert readable_text_colour("#0072B2") == "#FFFFFF"
    assert readable_text_colour("#F0E442") == "#000000"


def test_long_service_names_wrap_instead_of_clipping():
    name = "4Real Service and Drug Intervention Programme (in 2015/16 this will be a contribution)"
    wrapped = wrap_label(name, 38)

    assert wrapped.replace("<br>", " ") == name
    assert all(len(line) <= 38 for line in wrapped.split("<br>"))
