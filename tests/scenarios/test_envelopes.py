"""Ring-fenced envelopes, on Durham's report to its Police and Crime Panel of 3 February 2015.

The Community Safety Grant's 2015-16 allocation was £485,577 and £27,150 was
rolled forward from 2014/15; the five Safe Durham Partnership projects total
£500,545 (data/durham_community_safety_grant_2015-16.xlsx). The same report
lists the Ministry of Justice's Victims' Services money, £525,000, which may
fund only victims' services.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import load_file
from scenarios.adjustments import Projection, Target
from scenarios.apply import apply_adjustments
from scenarios.envelopes import TOTAL_STREAM, check_envelopes
from scenarios.funding import FundingSource, sources_from_data, sources_to_data

DATA = Path(__file__).resolve().parents[2] / "data"
PROJECTS = 500_545
CSG = FundingSource("Community Safety Grant", 485_577, ring_fence=Target.of(geography="County Durham"))
VICTIMS = FundingSource("Victims' Services (MoJ)", 525_000, category="Victims' grant",
                        ring_fence=Target.of(strategic_area="Victims"))
ROLLED_FORWARD = FundingSource("Rolled forward from 2014/15", 27_150)


@pytest.fixture(scope="module")
def durham():
    tidy = load_file(DATA / "durham_community_safety_grant_2015-16.xlsx", area="Durham").tidy
    assert tidy["amount_gbp"].sum() == PROJECTS
    return apply_adjustments(tidy, [Projection(1, first_year="2015/16", roll="flat")])


def by_source(check):
    return check.streams.set_index("source")


def test_a_plan_that_fits_the_total_but_overspends_a_ring_fenced_grant_is_a_breach(durham):
    check = check_envelopes(durham, [CSG, VICTIMS])
    streams = by_source(check)
    # £485,577 + £525,000 covers £500,545 in total, but only the grant may pay for the projects.
    assert streams.loc[TOTAL_STREAM, "available_gbp"] == 485_577 + 525_000
    assert streams.loc[TOTAL_STREAM, "over_gbp"] == 0
    assert streams.loc["Community Safety Grant", "committed_gbp"] == 485_577
    assert streams.loc["Victims' Services (MoJ)", "committed_gbp"] == 0
    assert streams.loc["Spend no stream may pay for", "committed_gbp"] == pytest.approx(PROJECTS - 485_577, abs=1e-6)
    assert not check.fits
    assert check.breaches == [
        "2015/16: Victims' Services (MoJ) is ring-fenced to the lines with strategic area Victims; £525,000 of it is "
        "unspent but cannot pay for the £14,968 of other spend that no other stream covers."
    ]


def test_the_money_rolled_forward_closes_the_gap(durham):
    check = check_envelopes(durham, [CSG, VICTIMS, ROLLED_FORWARD])
    streams = by_source(check)
    assert check.fits
    assert streams.loc["Rolled forward from 2014/15", "committed_gbp"] == pytest.approx(14_968, abs=1e-6)
    assert streams.loc["Rolled forward from 2014/15", "over_gbp"] == 0


def test_a_plan_over_its_whole_income_says_the_shortfall(durham):
    check = check_envelopes(durham, [CSG])
    assert check.breaches[0] == (
        "2015/16: the plan spends £500,545 against £485,577 of income, a shortfall of £14,968.")


def test_a_ring_fence_survives_json():
    sources = [CSG, VICTIMS, ROLLED_FORWARD]
    assert sources_from_data(json.loads(json.dumps(sources_to_data(sources)))) == sources
