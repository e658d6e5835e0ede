"""The years a plan covers and how its baseline is carried into them, kept with the steps as one more entry."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from scenarios.fields import AdjustmentError, check_change, check_year, number, text
from scenarios.roll_forward import ROLL_RULES

# Ten years is already past any published commissioning framework (they run three).
MAX_PROJECTION_YEARS = 10


@dataclass(frozen=True)
class Projection:
    """The years a plan covers: from `first_year` (None: the year after the baseline), `years` in all.

    Each year starts from the baseline rolled forward by `roll` (flat, GDP
    deflators, or `percent_per_year` a year after the first planned year), and
    the steps that apply by then are applied to it. "3 years at 2%" is the
    plan, then the published lines +2% with the steps, and so on.
    """

    kind: ClassVar[str] = "projection"
    years: int
    percent_per_year: float = 0.0
    first_year: str | None = None
    roll: str = "percent"

    def __post_init__(self) -> None:
        if isinstance(self.years, bool) or not isinstance(self.years, int) or not 1 <= self.years <= MAX_PROJECTION_YEARS:
            raise AdjustmentError(f"A projection covers 1 to {MAX_PROJECTION_YEARS} years")
        check_change("percent", self.percent_per_year)
        if self.roll not in ROLL_RULES:
            raise AdjustmentError(f"The baseline is rolled forward {', '.join(ROLL_RULES)}, not '{self.roll}'")
        if self.first_year is not None:
            check_year(self.first_year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "years": self.years, "percent_per_year": self.percent_per_year,
            "first_year": self.first_year, "roll": self.roll,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Projection:
        years = number(data, "years")
        if not float(years).is_integer():
            raise AdjustmentError("A projection covers a whole number of years")
        return cls(
            years=int(years), percent_per_year=number(data, "percent_per_year"),
            first_year=text(data, "first_year") or None, roll=text(data, "roll") or "percent",
        )
