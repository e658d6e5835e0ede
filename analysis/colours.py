"""One colour per strategic area, the same on every page, readable with colour-blindness.

The palette is Okabe and Ito's (2008), chosen because it stays distinct for
the common forms of colour-blindness and in greyscale print. Leicestershire's
four strategic areas keep fixed colours so a panel member learns them once;
any other area a PCC uses gets a spare colour, handed out in alphabetical
order so the same store always colours the same way on every page.
"""
from __future__ import annotations

from collections.abc import Iterable

from loaders.schema import UNASSIGNED_AREA

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}

# Grey says "not assigned to any area" without competing with the real ones.
UNASSIGNED_COLOUR = "#8C8C8C"

FIXED_COLOURS = {
    "Victims": OKABE_ITO["blue"],
    "Vulnerable": OKABE_ITO["orange"],
    "Prevention": OKABE_ITO["bluish green"],
    "Cross Cutting": OKABE_ITO["reddish purple"],
    UNASSIGNED_AREA: UNASSIGNED_COLOUR,
}

# Yellow is last: it is the faintest on a white page.
SPARE_COLOURS = [
    OKABE_ITO["sky blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
]

# Areas compared side by side (the Compare areas page) get colours too,
# distinct from one another; they are not strategic areas so any order will do.
AREA_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
]


def _fixed_colour(name: str) -> str | None:
    for known, colour in FIXED_COLOURS.items():
        if name.strip().casefold() == known.casefold():
            return colour
    return None


def strategic_area_colours(strategic_areas: Iterable[str]) -> dict[str, str]:
    """Colour for each strategic area; pass every area in the store, not only those on screen."""
    names = sorted({str(name) for name in strategic_areas})
    colours = {}
    unknown = []
    for name in names:
        fixed = _fixed_colour(name)
        if fixed is None:
            unknown.append(name)
        else:
            colours[name] = fixed
    for index, name in enumerate(unknown):
        colours[name] = SPARE_COLOURS[index % len(SPARE_COLOURS)]
    return colours


def area_colours(areas: Iterable[str]) -> dict[str, str]:
    """Colour for each PCC area, in alphabetical order of area."""
    names = sorted({str(name) for name in areas})
    return {name: AREA_COLOURS[index % len(AREA_COLOURS)] for index, name in enumerate(names)}
