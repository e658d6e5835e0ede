"""Pounds as the house style writes them: £1,234,567 in tables, £1.2m on axes."""
from __future__ import annotations

import math


def format_gbp(amount: float | None, *, pence: bool | None = None) -> str:
    """Exact pounds; pence only where the figure has them (Leicestershire's £2,488.25)."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    rounded = round(float(amount), 2)
    if pence is None:
        pence = not float(rounded).is_integer()
    sign = "-" if rounded < 0 else ""
    body = f"{abs(rounded):,.2f}" if pence else f"{abs(rounded):,.0f}"
    return f"{sign}£{body}"


# Ascending, so the smallest unit that holds the rounded figure under 1,000 is the one used.
_UNITS = ((1, ""), (1_000, "k"), (1_000_000, "m"), (1_000_000_000, "bn"))


def format_gbp_short(amount: float | None, *, step: float | None = None) -> str:
    """Compact pounds for axes, labels, KPIs and sentences: £2.92bn, £4.40m, £79k, £970.

    The unit is chosen after rounding, so £999,540.60 reads "£1.00m", never
    "£1000k" (a cut of 5% to Leicestershire's Prevention lines in 2020/21
    leaves exactly that). On an axis, `step` is the tick spacing and each label
    has as many decimals as the step needs and no more (£1.25m, £1.5m, £250k).
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    value = abs(float(amount))
    if step is not None and value < step / 1000:
        return "£0"
    for position, (size, suffix) in enumerate(_UNITS):
        scaled = value / size
        decimals = _axis_decimals(step / size) if step is not None else _label_decimals(suffix, scaled)
        rounded = round(scaled, decimals)
        if rounded >= 1000 and position < len(_UNITS) - 1:
            continue
        if step is None and suffix in ("m", "bn") and rounded >= 10 and decimals == 2:
            decimals, rounded = 1, round(scaled, 1)
        text = f"{rounded:,.{decimals}f}"
        if step is not None and "." in text:
            text = text.rstrip("0").rstrip(".")
        sign = "-" if amount < 0 and rounded != 0 else ""
        return f"{sign}£{text}{suffix}"
    raise AssertionError("unreachable")


def _label_decimals(suffix: str, scaled: float) -> int:
    if suffix in ("m", "bn"):
        return 2 if scaled < 10 else 1
    return 0


def _axis_decimals(step_in_unit: float) -> int:
    return next((d for d in range(6) if abs(round(step_in_unit, d) - step_in_unit) < 1e-9), 2)


def format_change_pct(change: float | None) -> str:
    if change is None or (isinstance(change, float) and (math.isnan(change) or math.isinf(change))):
        return "n/a"
    return f"{change:+.1f}%"
