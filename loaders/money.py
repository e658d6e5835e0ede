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


def format_gbp_short(amount: float | None) -> str:
    """Compact pounds for axes, KPIs and sentences: £2.92bn (several forces together), £4.40m, £79k, £970."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return ""
    value = float(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{value / 1_000_000_000:.2f}bn" if value < 10_000_000_000 else f"{sign}£{value / 1_000_000_000:.1f}bn"
    if value >= 1_000_000:
        return f"{sign}£{value / 1_000_000:.2f}m" if value < 10_000_000 else f"{sign}£{value / 1_000_000:.1f}m"
    if value >= 1_000:
        return f"{sign}£{value / 1_000:.0f}k"
    return f"{sign}£{value:,.0f}"


def format_change_pct(change: float | None) -> str:
    if change is None or (isinstance(change, float) and (math.isnan(change) or math.isinf(change))):
        return "n/a"
    return f"{change:+.1f}%"
