"""Shares of one total, rounded so that the shares shown add up to exactly 100%.

Rounding each share on its own can show 33% + 33% + 33% = 99%, or, with
shares of different totals mixed together, the Commissioning page's 116%.
Every share a page shows is of one stated total, rounded by the largest
remainder: each share is rounded down, and the points still missing go to
those that lost most in the rounding.
"""
from __future__ import annotations

import math
from collections.abc import Sequence


def percentages(amounts: Sequence[float], decimals: int = 0) -> list[float]:
    """Each amount as a percentage of their sum, to `decimals` places, adding to exactly 100 (NaN when the sum is 0)."""
    total = float(sum(amounts))
    if not amounts or total == 0:
        return [math.nan] * len(amounts)
    unit = 10 ** decimals
    exact = [float(amount) / total * 100 * unit for amount in amounts]
    floors = [math.floor(value) for value in exact]
    missing = 100 * unit - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for position in order[:max(0, missing)]:
        floors[position] += 1
    return [value / unit for value in floors]
