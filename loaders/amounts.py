"""Money cells as PCC offices actually type them."""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time

# Finance teams write "nothing this year" as a dash or "nil"; that is a real zero,
# unlike a blank cell, which means no figure was given.
ZERO_WORDS = {"-", "–", "—", "nil", "£-", "£ -", "£–"}

NUMBER_TEXT = re.compile(
    r"^(?P<sign>-)?(?P<digits>\d+(?:\.\d+)?)(?P<scale>k|m|mn|bn|thousand|million|billion)?(?P<mark>\d{1,2})?$",
    re.IGNORECASE,
)
SCALES = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
          "bn": 1_000_000_000, "billion": 1_000_000_000}
# "To be decided" is a figure not yet set: no amount, and never a zero.
NOT_SET_WORDS = {"tbd", "tbc", "to be decided", "to be determined", "to be confirmed", "not yet set", "tba"}
LEADING_MARK = re.compile(r"^\((?P<mark>\d{1,2})\)(?=\S)")
GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# Superscript digits are only ever footnote marks.
SUPERSCRIPTS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class AmountError(ValueError):
    """A cell that should hold money but holds something else."""


def has_own_unit(value: object) -> bool:
    """'£1.2m' or '3 million' carries its unit; a column's '£000' must not scale it again."""
    if value.__class__ is not str:
        return False
    cleaned = value.translate(SUPERSCRIPTS).replace(",", "").replace(" ", "").replace("£", "").lower().rstrip("*†‡")
    match = NUMBER_TEXT.match(cleaned.lstrip("(").rstrip(")").lstrip("-"))
    return bool(match and match["scale"])


def is_not_set(value: object) -> bool:
    return value.__class__ is str and " ".join(value.split()).lower().rstrip(".") in NOT_SET_WORDS


def parse_amount(value: object, footnotes: frozenset[str] = frozenset()) -> float | None:
    """Pounds as a float, 0.0 for a written zero, None for a blank cell.

    `footnotes` are the marks the sheet's own footnote rows use ("2 Includes…"):
    only then is the 2 of "£55.57m2" a mark rather than a digit of the sum.
    """
    if value is None:
        return None
    if value.__class__ is str:
        # The common case, "£1,234" or "1234", in one step; anything else takes the long way.
        digits = value.replace(",", "").replace("£", "")
        if digits.isascii() and digits.isdigit():
            if "," in value and not GROUPED.match(value.replace("£", "").strip()):
                raise AmountError(f"'{value.strip()}' has its digits grouped wrongly; correct the cell")
            return float(digits)
        # "531529.00", as finance systems export pounds and pence
        whole, dot, pence = value.partition(".")
        if dot and whole.isascii() and whole.isdigit() and pence.isdigit() and pence.isascii():
            return float(value)
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
    text = text.translate(SUPERSCRIPTS).rstrip("*†‡ ").replace("\u2212", "-")
    if not text:
        return None
    leading = LEADING_MARK.match(text)
    if leading and leading["mark"] in footnotes:
        text = text[leading.end():]
    negative = text.startswith("(") and text.endswith(")")
    cleaned = text[1:-1] if negative else text
    cleaned = cleaned.replace("£", "").replace(" ", "")
    number = re.match(r"^-?[\d,.]+", cleaned)
    if number and "," in number.group(0) and not GROUPED.match(number.group(0).rstrip(".")):
        raise AmountError(f"'{text}' has its digits grouped wrongly ({number.group(0)}); correct the cell")
    cleaned = cleaned.replace(",", "")
    if cleaned.startswith("-£"):
        cleaned = "-" + cleaned[2:]
    if cleaned in ZERO_WORDS:
        return 0.0
    match = NUMBER_TEXT.match(cleaned)
    if not match:
        if is_not_set(text):
            # Not read as blank: the year's total would be short by an amount nobody sees.
            raise AmountError(f"'{text}' is not an amount of money (the amount is not yet set; leave the cell "
                              "blank to load the line without one)")
        raise AmountError(f"'{text}' is not an amount of money")
    if match["mark"]:
        if not match["scale"]:
            # "1234" matched with a mark split off is just a number; NUMBER_TEXT only splits after a scale.
            raise AmountError(f"'{text}' is not an amount of money")
        if match["mark"] not in footnotes:
            raise AmountError(
                f"'{text}' ends in '{match['mark']}', which is neither part of the sum nor a footnote mark "
                "the sheet explains; correct the cell"
            )
    amount = float(match["digits"]) * SCALES[(match["scale"] or "").lower()]
    if match["sign"]:
        amount = -amount
    return -amount if negative else amount
