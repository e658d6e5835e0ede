"""The unit a table's figures are in, wherever the file states it.

Finance teams print "£000" in a header, a title ("All figures £000"), a note
under the table ("Figures in £ thousands") or the sheet name ("Budget £m").
A figure read in the wrong unit is off by a thousand and looks right, so the
unit is always found and named, never assumed silently.
"""
from __future__ import annotations

import re

THOUSANDS = re.compile(
    r"£\s*'?000s?\b|£\s*'?000\b|£\s*k\b|\(k\)|£\s*thousands?\b|\bin\s+(?:£\s*|pounds\s+)?thousands\b|"
    r"\(thousands\)|\bthousands of pounds\b|\b000s\b|\(\s*'?000\s*\)|\bgbp\s*'?000\b|\bgbp\s*k\b",
    re.IGNORECASE,
)
MILLIONS = re.compile(
    r"£\s*m\b|£\s*mn\b|£\s*millions?\b|\bin\s+(?:£\s*|pounds\s+)?millions\b|\(millions\)|\bmillions of pounds\b|"
    r"\bgbp\s*m\b|\(\s*m\s*\)",
    re.IGNORECASE,
)
POUNDS = re.compile(r"\(\s*£\s*\)|£\s*s\b|\bin pounds\b|\bpounds sterling\b|\(gbp\)|(?:^|\s)£\s*:?$", re.IGNORECASE)

# Units a money heading can state that are not pounds, thousands or millions of pounds:
# read as pounds, "2019/20 £bn" or "Grant (€)" would be wrong by a factor nobody sees.
UNKNOWN_UNITS = re.compile(
    r"£\s*'?\s*(?:bn|b|billions?|tn|trillions?|mil|mill|mio|mln|th|thou|hundreds?)\b|£\s*'\s*(?:m|k|mn)\b|[€$¥]|"
    r"\b(?:eur|euros?|usd|dollars?|pence)\b",
    re.IGNORECASE,
)

UNIT_LABELS = {1.0: "£", 1_000.0: "£000", 1_000_000.0: "£m"}
# What --units accepts, in the spellings people type.
GIVEN_UNITS = {
    "£": 1.0, "gbp": 1.0, "pounds": 1.0, "1": 1.0,
    "£000": 1_000.0, "£k": 1_000.0, "k": 1_000.0, "000": 1_000.0, "thousands": 1_000.0, "1000": 1_000.0,
    "£m": 1_000_000.0, "m": 1_000_000.0, "millions": 1_000_000.0, "1000000": 1_000_000.0,
}


_UNIT_WORDS = ("thousand", "million", "000", "gbp", "pounds", "(k)", "(m)")


def _names_a_unit(text: str) -> bool:
    # For ASCII text, ignoring case is lower-casing; `in` searches in C where this regex
    # took 3.5 s over a 100 MB cell. Other text keeps the regex's Unicode case rules.
    if text.isascii():
        lowered = text.lower()
        return any(word in lowered for word in _UNIT_WORDS)
    return re.search(r"thousand|million|000|gbp|pounds|\(k\)|\(m\)", text, re.I) is not None


def unit_in_text(text: str) -> float | None:
    """1,000 for '£000', 1,000,000 for '£m', 1 where pounds are stated outright, None where no unit is."""
    if not text or "£" not in text and not _names_a_unit(text):
        return None
    found = {factor for factor, pattern in ((1_000.0, THOUSANDS), (1_000_000.0, MILLIONS), (1.0, POUNDS))
             if pattern.search(text)}
    if len(found) == 1:
        return found.pop()
    return None


def unknown_unit(text: str) -> str | None:
    """The words of a unit the loader cannot read ('£bn', '€'), or None."""
    found = UNKNOWN_UNITS.search(text) if text else None
    return found.group(0).strip() if found else None


def given_unit(text: str) -> float:
    key = text.strip().lower().replace("'", "").replace(" ", "").replace(",", "")
    if key not in GIVEN_UNITS:
        raise ValueError(f"'{text}' is not a unit; use --units £, --units £000 or --units £m")
    return GIVEN_UNITS[key]
