"""Which lines a step or a ring-fence is aimed at: any filter of the tidy table, as data.

A target is a few columns each with the values it accepts ("strategic area
Prevention", "commissioning type Grant funding and strategic area Victims");
a line matches when it has one of the values in every column named. No
column named means every line, as "inflation on everything" does.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scenarios.fields import AdjustmentError

# The tidy columns a target can name, in the words the page uses.
TARGET_FIELDS = {
    "strategic_area": "strategic area",
    "commissioning_type": "commissioning type",
    "provider": "provider",
    "service": "service",
    "geography": "geography",
    "funding_partners": "funding partners",
}


@dataclass(frozen=True)
class Target:
    """Columns and the values each accepts, in TARGET_FIELDS order; empty is every line."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        checked = {}
        for field, values in self.filters:
            if field not in TARGET_FIELDS:
                raise AdjustmentError(f"Cannot choose lines by '{field}'; choose from {', '.join(TARGET_FIELDS.values())}")
            if isinstance(values, str) or not all(isinstance(value, str) and value for value in values):
                raise AdjustmentError(f"Say which {TARGET_FIELDS[field]} to choose")
            if values:
                checked[field] = tuple(dict.fromkeys(values))
        object.__setattr__(self, "filters", tuple((field, checked[field]) for field in TARGET_FIELDS if field in checked))

    @classmethod
    def of(cls, **fields: str | list[str] | tuple[str, ...]) -> Target:
        """Target.of(strategic_area="Prevention", commissioning_type=["Grant funding"])."""
        return cls(tuple((field, (values,) if isinstance(values, str) else tuple(values)) for field, values in fields.items()))

    @property
    def everything(self) -> bool:
        return not self.filters

    def values(self, field: str) -> tuple[str, ...]:
        return dict(self.filters).get(field, ())

    def matches(self, row: dict[str, Any]) -> bool:
        return all(str(row[field]) in values for field, values in self.filters)

    def mask(self, lines: pd.DataFrame) -> pd.Series:
        chosen = pd.Series(True, index=lines.index)
        for field, values in self.filters:
            chosen &= lines[field].astype("str").isin(values)
        return chosen

    def label(self) -> str:
        """"every line", or e.g. "strategic area Prevention and commissioning type Grant funding"."""
        if self.everything:
            return "every line"
        return " and ".join(f"{TARGET_FIELDS[field]} {' or '.join(values)}" for field, values in self.filters)

    def to_dict(self) -> dict[str, list[str]]:
        return {field: list(values) for field, values in self.filters}

    @classmethod
    def from_dict(cls, data: Any) -> Target:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise AdjustmentError("A choice of lines must be an object of columns and values")
        filters = []
        for field, values in data.items():
            if not isinstance(values, list):
                raise AdjustmentError(f"The values of '{field}' must be a list")
            filters.append((field, tuple(values)))
        return cls(tuple(filters))


def target_total(lines: pd.DataFrame, target: Target) -> tuple[int, float]:
    """How many lines a target takes in, and what they hold: the editor's check before a step is added."""
    chosen = lines.loc[target.mask(lines), "amount_gbp"]
    return len(chosen), math.fsum(chosen)
