"""What every step may carry besides its change: switched off, a note, the year it starts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.fields import AdjustmentError, check_year, text


@dataclass(frozen=True, kw_only=True)
class StepOptions:
    """What every step may carry besides its change: switched off, a note, and the year it starts.

    A step switched off stays in the plan, in its place, so it can be put back;
    `from_year` None applies it in every planned year.
    """

    enabled: bool = True
    note: str = ""
    from_year: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.enabled, bool):
            raise AdjustmentError("'enabled' must be true or false")
        if self.from_year is not None:
            check_year(self.from_year)

    def options_dict(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "note": self.note, "from_year": self.from_year}


def options_from(data: dict[str, Any]) -> dict[str, Any]:
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise AdjustmentError("'enabled' must be true or false")
    return {"enabled": enabled, "note": text(data, "note"), "from_year": text(data, "from_year") or None}
