"""Apply a commissioner's adjustments to a baseline budget and say what changed, for whom.

A scenario is the baseline (one area's spend lines for one financial year)
with the adjustments applied in order. Order matters and follows the way a
finance officer works a budget through:

- Two % changes to the same line compound: -5% then +2% is x0.95 x1.02
  (a 3.1% cut), not a 3% cut; each step works on what the line holds by then.
- A % change to a line holding £0 (Leicestershire's PAVE mental health nurses
  in 2020/21) leaves it at £0; a £ change to a group is shared in proportion
  to what each line holds, or equally if they all hold nothing.
- Ended lines stay in the frame at £0 marked "Ended", so the changed-lines
  table can show what stopped; later changes pass them by.
- Spend never goes below £0: a cut bigger than the line stops at £0, with a
  warning.
- Money keeps every fraction of a penny; rounding happens only on display.

The result is the planned year: the financial year after the baseline's.
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.money import format_gbp
from loaders.schema import TIDY_COLUMNS
from scenarios.adjustments import (
    AddService,
    Adjustment,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    LineRef,
    Projection,
    SplitSum,
    describe,
)
from scenarios.result import (
    ADDED_SOURCE,
    LINE_COLUMNS,
    STATUS_CHANGED,
    STATUS_ENDED,
    STATUS_NEW,
    STATUS_UNCHANGED,
    STEP_COLUMNS,
    TRAIL_COLUMNS,
    ScenarioError,
    ScenarioResult,
    next_financial_year,
)

# What an added-back line takes from its new definition (service, provider and geography name it).
_REVIVED_FIELDS = ("strategic_area", "provision", "commissioning_type", "funding_partners")


def apply_adjustments(
    baseline: pd.DataFrame,
    adjustments: list[Adjustment],
    *,
    baseline_year: str | None = None,
) -> ScenarioResult:
    """The scenario: each adjustment applied in order to the baseline's lines.

    `baseline` is tidy spend for one area and one financial year;
    `baseline_year` is needed only when it has no lines yet.
    """
    baseline_year = _single_year(baseline, baseline_year)
    plan_year = next_financial_year(baseline_year)
    ledger = _Ledger(baseline, plan_year)
    projection: Projection | None = None
    for step, adjustment in enumerate(adjustments, start=1):
        before = dict(ledger.amounts)
        before_ended = set(ledger.ended)
        if isinstance(adjustment, Projection):
            if projection is not None:
                ledger.warn(step, "replaces the projection in an earlier step")
            projection = adjustment
        else:
            _APPLY[type(adjustment)](ledger, step, adjustment)
        ledger.record(step, describe(adjustment), before, before_ended)
    return ledger.result(baseline_year, adjustments, projection)


class _Ledger:
    """The working copy of the lines while adjustments are applied, and the trail they leave."""

    def __init__(self, baseline: pd.DataFrame, plan_year: str) -> None:
        self.plan_year = plan_year
        self.rows: list[dict] = []
        for position, row in enumerate(baseline[TIDY_COLUMNS].to_dict("records")):
            self.rows.append({
                **row, "line_id": position, "baseline_gbp": float(row["amount_gbp"]),
                "_published": {key: row[key] for key in _REVIVED_FIELDS},
            })
        self.amounts: dict[int, float] = {row["line_id"]: row["baseline_gbp"] for row in self.rows}
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

    def result(self, baseline_year: str, adjustments: list[Adjustment], projection: Projection | None) -> ScenarioResult:
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
        lines = pd.DataFrame(records, columns=LINE_COLUMNS).astype(
            {"amount_gbp": "float64", "baseline_gbp": "float64", "line_id": "int64", "source_row": "int64"}
        )
        for column in [c for c in LINE_COLUMNS if c not in ("amount_gbp", "baseline_gbp", "line_id", "source_row")]:
            lines[column] = lines[column].astype("str")
        steps = pd.DataFrame(self.steps, columns=STEP_COLUMNS).astype(
            {"step": "int64", "change_gbp": "float64", "lines_changed": "int64"}
        )
        return ScenarioResult(
            baseline_year=baseline_year,
            plan_year=self.plan_year,
            lines=lines,
            trail=trail,
            steps=steps,
            warnings=list(self.warnings),
            projection=projection,
        )

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
        return any(row[key] != row["_published"][key] for key in _REVIVED_FIELDS)

    def _label(self, line_id: int) -> str:
        row = self.rows[line_id]
        return LineRef(row["service"], row["provider"], row["geography"]).label()


def _apply_change_group(ledger: _Ledger, step: int, adjustment: ChangeGroup) -> None:
    line_ids = ledger.in_group(adjustment.field, adjustment.value)
    ledger.named.update(line_ids)
    _change(ledger, step, ledger.funded(line_ids), adjustment.by, adjustment.change, f"no funded line has {adjustment.value}")


def _apply_change_line(ledger: _Ledger, step: int, adjustment: ChangeLine) -> None:
    line_ids = ledger.matching(adjustment.line)
    ledger.named.update(line_ids)
    reason = (
        f"{adjustment.line.label()} has ended" if line_ids
        else f"there is no line {adjustment.line.label()}"
    )
    _change(ledger, step, ledger.funded(line_ids), adjustment.by, adjustment.change, reason)


def _change(ledger: _Ledger, step: int, line_ids: list[int], by: str, change: float, reason: str) -> None:
    if not line_ids:
        ledger.warn(step, f"not applied: {reason}")
        return
    if by == "percent":
        ledger.scale(step, line_ids, change)
    else:
        ledger.share_out(step, line_ids, change)


def _apply_end_service(ledger: _Ledger, step: int, adjustment: EndService) -> None:
    line_ids = ledger.funded(ledger.matching(adjustment.line))
    ledger.named.update(ledger.matching(adjustment.line))
    if not line_ids:
        ledger.warn(step, f"not applied: there is no funded line {adjustment.line.label()}")
        return
    for line_id in line_ids:
        ledger.amounts[line_id] = 0.0
        ledger.ended.add(line_id)


def _apply_add_service(ledger: _Ledger, step: int, adjustment: AddService) -> None:
    existing = ledger.matching(adjustment.line)
    if ledger.funded(existing):
        ledger.warn(step, f"not applied: {adjustment.line.label()} is already funded; change its amount instead")
        return
    if existing:
        # Adding back a line ended earlier brings the same line back rather than a copy of it.
        for line_id in existing:
            ledger.rows[line_id].update({key: getattr(adjustment, key) for key in _REVIVED_FIELDS})
            ledger.ended.discard(line_id)
            ledger.amounts[line_id] = 0.0
        ledger.named.update(existing)
        ledger.share_out(step, existing, adjustment.amount_gbp)
        return
    line_id = ledger.add_row(adjustment)
    ledger.named.add(line_id)
    ledger.amounts[line_id] = adjustment.amount_gbp


def _apply_inflation(ledger: _Ledger, step: int, adjustment: InflationUplift) -> None:
    line_ids = [row["line_id"] for row in ledger.rows]
    if adjustment.only_unadjusted:
        line_ids = [line_id for line_id in line_ids if line_id not in ledger.named]
    ledger.scale(step, ledger.funded(line_ids), adjustment.percent)


def _apply_split(ledger: _Ledger, step: int, adjustment: SplitSum) -> None:
    for share, fraction in zip(adjustment.shares, adjustment.fractions()):
        all_matching = ledger.matching(share.line)
        line_ids = ledger.funded(all_matching)
        ledger.named.update(all_matching)
        part = adjustment.amount_gbp * fraction
        if not line_ids:
            ledger.warn(step, f"{format_gbp(part)} for {share.line.label()} was not allocated: there is no funded line")
            continue
        ledger.share_out(step, line_ids, part)


_APPLY = {
    ChangeGroup: _apply_change_group,
    ChangeLine: _apply_change_line,
    EndService: _apply_end_service,
    AddService: _apply_add_service,
    InflationUplift: _apply_inflation,
    SplitSum: _apply_split,
}


def _single_year(baseline: pd.DataFrame, baseline_year: str | None) -> str:
    areas = baseline["area"].unique()
    years = baseline["financial_year"].unique()
    if len(areas) > 1:
        raise ScenarioError(f"A scenario starts from one area's budget, not {len(areas)} areas")
    if len(years) > 1:
        raise ScenarioError(f"A scenario starts from one financial year, not {', '.join(sorted(years))}")
    if len(years) == 1:
        if baseline_year is not None and baseline_year != years[0]:
            raise ScenarioError(f"The baseline lines are for {years[0]}, not {baseline_year}")
        return str(years[0])
    if baseline_year is None:
        raise ScenarioError("An empty baseline needs its financial year")
    return baseline_year
