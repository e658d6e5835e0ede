"""The working copy of a baseline's lines while a plan's steps are applied, and the trail they leave.

Every step changes amounts through the ledger, so the rules every step keeps
live here once: spend never goes below £0 (it stops there, with a warning),
a £ sum is shared in proportion to what each line holds (equally if they all
hold nothing) and its parts add up to the sum exactly, an ended line stays in
the frame at £0 marked "Ended", and money keeps every fraction of a penny.
"""
from __future__ import annotations

import math

import pandas as pd

from loaders.schema import TIDY_COLUMNS
from scenarios.adjustments import AddService, LineRef, Target
from scenarios.result import (
    ADDED_SOURCE,
    LINE_COLUMNS,
    STATUS_CHANGED,
    STATUS_ENDED,
    STATUS_NEW,
    STATUS_UNCHANGED,
    STEP_COLUMNS,
    TRAIL_COLUMNS,
)

# What an added-back line takes from its new definition (service, provider and geography name it).
REVIVED_FIELDS = ("strategic_area", "provision", "commissioning_type", "funding_partners")


class Ledger:
    """The working copy of the lines while adjustments are applied, and the trail they leave."""

    def __init__(self, baseline: pd.DataFrame, plan_year: str, factor: float = 1.0) -> None:
        """`factor` rolls the published amounts forward to `plan_year` before any step."""
        self.plan_year = plan_year
        self.rows: list[dict] = []
        for position, row in enumerate(baseline[TIDY_COLUMNS].to_dict("records")):
            published = float(row["amount_gbp"])
            self.rows.append({
                **row, "line_id": position, "baseline_gbp": published, "rolled_gbp": published * factor,
                "_published": {key: row[key] for key in REVIVED_FIELDS},
            })
        self.amounts: dict[int, float] = {row["line_id"]: row["rolled_gbp"] for row in self.rows}
        self.ended: set[int] = set()
        self.named: set[int] = set()
        self.trail: list[dict] = []
        self.steps: list[dict] = []
        self.warnings: list[str] = []

    def warn(self, step: int, message: str) -> None:
        self.warnings.append(f"Step {step}: {message}")

    def matching(self, line: LineRef) -> list[int]:
        return [
            row["line_id"] for row in self.rows
            if (row["service"], row["provider"], row["geography"]) == (line.service, line.provider, line.geography)
        ]

    def targeted(self, target: Target) -> list[int]:
        return [row["line_id"] for row in self.rows if target.matches(row)]

    def in_group(self, column: str, value: str) -> list[int]:
        return [row["line_id"] for row in self.rows if row[column] == value]

    def funded(self, line_ids: list[int]) -> list[int]:
        return [line_id for line_id in line_ids if line_id not in self.ended]

    def set_amount(self, step: int, line_id: int, amount: float) -> None:
        if amount < 0:
            self.warn(step, f"{self._label(line_id)} would go below £0, so it stops at £0")
            amount = 0.0
        self.amounts[line_id] = amount

    def scale(self, step: int, line_ids: list[int], percent: float) -> None:
        for line_id in line_ids:
            self.set_amount(step, line_id, self.amounts[line_id] * (1 + percent / 100))

    def share_out(self, step: int, line_ids: list[int], amount: float) -> None:
        """Share `amount` between lines in proportion to what they hold (equally if nothing).

        The last line takes what is left, so the parts add up to the sum itself.
        """
        held = [self.amounts[line_id] for line_id in line_ids]
        total_held = math.fsum(held)
        weights = [h / total_held for h in held] if total_held > 0 else [1 / len(line_ids)] * len(line_ids)
        parts = [amount * weight for weight in weights[:-1]]
        parts.append(amount - math.fsum(parts))
        for line_id, part in zip(line_ids, parts):
            self.set_amount(step, line_id, self.amounts[line_id] + part)

    def grow(self, factor: float) -> None:
        """The whole plan times `factor`, after its steps: a later year of a plan growing a set % a year."""
        if factor == 1:
            return
        for row in self.rows:
            row["rolled_gbp"] *= factor
            self.amounts[row["line_id"]] *= factor

    def add_row(self, adjustment: AddService) -> int:
        line_id = len(self.rows)
        self.rows.append({
            "area": self.rows[0]["area"] if self.rows else "",
            "strategic_area": adjustment.strategic_area,
            "service": adjustment.service,
            "provider": adjustment.provider,
            "provision": adjustment.provision,
            "commissioning_type": adjustment.commissioning_type,
            "funding_partners": adjustment.funding_partners,
            "geography": adjustment.geography,
            "financial_year": self.plan_year,
            "amount_gbp": 0.0,
            "source_file": ADDED_SOURCE,
            "source_sheet": "",
            "source_row": 0,
            "line_id": line_id,
            "baseline_gbp": 0.0,
            "rolled_gbp": 0.0,
        })
        self.amounts[line_id] = 0.0
        return line_id

    def record(self, step: int, description: str, before: dict[int, float], before_ended: set[int]) -> None:
        changes = []
        for row in self.rows:
            line_id = row["line_id"]
            was = before.get(line_id, 0.0)
            now = self.amounts[line_id]
            if now != was or (line_id in self.ended) != (line_id in before_ended) or line_id not in before:
                changes.append(now - was)
                self.trail.append({
                    "step": step, "adjustment": description, "line_id": line_id,
                    "strategic_area": row["strategic_area"], "service": row["service"],
                    "provider": row["provider"], "geography": row["geography"],
                    "before_gbp": was, "after_gbp": now, "change_gbp": now - was,
                })
        self.steps.append({
            "step": step, "adjustment": description,
            "change_gbp": math.fsum(changes), "lines_changed": len(changes),
        })

    def outcome(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The planned year's lines, the trail of every change and each step's effect, as frames."""
        trail = pd.DataFrame(self.trail, columns=TRAIL_COLUMNS).astype(
            {"step": "int64", "line_id": "int64", "before_gbp": "float64", "after_gbp": "float64", "change_gbp": "float64"}
        )
        steps_by_line = trail.groupby("line_id")["step"].apply(lambda steps: ", ".join(str(s) for s in sorted(set(steps))))
        records = []
        for row in self.rows:
            line_id = row["line_id"]
            records.append({
                **row,
                "financial_year": self.plan_year,
                "amount_gbp": self.amounts[line_id],
                "status": self._status(row),
                "changed_by": steps_by_line.get(line_id, ""),
            })
        numbers = {"amount_gbp": "float64", "baseline_gbp": "float64", "rolled_gbp": "float64", "line_id": "int64",
                   "source_row": "int64"}
        lines = pd.DataFrame(records, columns=LINE_COLUMNS).astype(numbers)
        for column in [c for c in LINE_COLUMNS if c not in numbers]:
            lines[column] = lines[column].astype("str")
        steps = pd.DataFrame(self.steps, columns=STEP_COLUMNS).astype(
            {"step": "int64", "change_gbp": "float64", "lines_changed": "int64"}
        )
        return lines, trail, steps

    def _status(self, row: dict) -> str:
        line_id = row["line_id"]
        if row["source_file"] == ADDED_SOURCE:
            return STATUS_NEW
        if line_id in self.ended:
            return STATUS_ENDED
        if self.amounts[line_id] != row["baseline_gbp"] or self._fields_changed(row):
            return STATUS_CHANGED
        return STATUS_UNCHANGED

    def _fields_changed(self, row: dict) -> bool:
        return any(row[key] != row["_published"][key] for key in REVIVED_FIELDS)

    def _label(self, line_id: int) -> str:
        row = self.rows[line_id]
        return LineRef(row["service"], row["provider"], row["geography"]).label()
