"""One colour per strategic area, the same on every page, from a colour-blind-safe palette."""
from __future__ import annotations

from analysis.colours import FIXED_COLOURS, OKABE_ITO, UNASSIGNED_COLOUR, area_colours, strategic_area_colours

SAFE = set(OKABE_ITO.values()) | {UNASSIGNED_COLOUR}


def test_leicestershire_areas_keep_their_fixed_colours(leicestershire):
    colours = strategic_area_colours(leicestershire["strategic_area"])

    assert colours == {name: FIXED_COLOURS[name] for name in leicestershire["strategic_area"].unique()}
    assert len(set(colours.values())) == len(colours)


def test_other_areas_get_distinct_safe_colours_whatever_the_order(bundled, leicestershire):
    names = [*bundled["strategic_area"].unique(), "Early intervention", "Restorative justice"]
    forwards, backwards = strategic_area_colours(names), strategic_area_colours(reversed(names))

    assert forwards == backwards
    assert set(forwards.values()) <= SAFE
    assert len(set(forwards.values())) == len(forwards)
    # A new area never takes a Leicestershire colour.
    assert forwards["Early intervention"] not in FIXED_COLOURS.values()


def test_known_names_match_whatever_their_case():
    assert strategic_area_colours(["cross cutting"])["cross cutting"] == FIXED_COLOURS["Cross Cutting"]


def test_each_area_compared_gets_its_own_colour(bundled_manifest):
    areas = {entry["area"] for entry in bundled_manifest}
    colours = area_colours(areas)

    assert len(set(colours.values())) == len(areas)
    assert set(colours.values()) <= SAFE
