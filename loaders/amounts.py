"""Money cells as PCC offices actually type them."""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time

# Finance teams write "nothing this year" as a dash or "nil"; that is a real zero,
# unlike a blank cell, which means no figure was given.
ZERO_WORDS = {"-", "–", "—", "nil", "£-", "£ -", "£–"}

NUMBER_TEXT = re.compile(r"^(?P<sign>-)?(?P<digits>\d+(?:\.\d+)?)(?P<scale>[km])?$", re.IGNORECASE)
SCALES = {None: 1, "k": 1_000, "m": 1_000_000}


class AmountError(ValueError):
    """A cell that should hold money but holds something else."""


def parse_amount(value: object) -> float | None:
    """Pounds as a float, 0.0 for a written zero, None for a blank cell."""
    if value is None:
        return None
    if value.__class__ is str:
        # The common case, "£1,234" or "1234", in one step; anything else takes the long way.
        digits = value.replace(",", "").replace("£", "")
        if digits.isascii() and digits.isdigit():
            return float(digits)
    if isinstance(value, bool) or isinstance(value, (datetime, date, time)):
        raise AmountError(f"'{value}' is not an amount of money")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        return float(value)
    text = str(value).strip().replace("\u00a0", " ")
    if not text:
        return None
    if text.lower() in ZERO_WORDS:
        return 0.0
    # Footnote markers ("50,000*") and the typographic minus are decoration, not part of the sum.
    text = text.rstrip("*†‡ ").replace("\u2212", "-")
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")
    cleaned = text[1:-1] if negative else text
    cleaned = cleaned.replace("£", "").replace(",", "").replace(" ", "")
    if cleaned.startswith("-£"):
        cleaned = "-" + cleaned[2:]
    if cleaned in ZERO_WORDS:
        return 0.0
    match = NUMBER_TEXT.match(cleaned)
    if not match:
        raise AmountError(f"'{text}' is not an amount of money")
    amount = float(match["digits"]) * SCALES[(match["scale"] or "").lower() or None]
    if match["sign"]:
        amount = -amount
    return -amount if negative else amount
