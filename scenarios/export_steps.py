"""Each kind of step as Excel arithmetic: its inputs as cells and its effect on a line as a formula.

The workbook redoes the planner's arithmetic (scenarios/apply.py) in Excel,
so a finance officer who types 3% over the 5% sees every figure follow:

- a % change is the line before times (1 + the % cell);
- a £ sum is shared between the step's lines in proportion to what each
  holds by then (SUMIF over the step's lines), equally if they all hold
  nothing, as the planner shares it;
- no line goes below £0 (MAX(0, …)), as the planner stops it at £0;
- ending a service makes its line £0; a new service's line is its cost.

Which lines a step reaches is the planner's decision, taken from the result's
trail and written as data (a group number beside each line): the workbook
recalculates amounts, not which services a step names.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scenarios.adjustments import (
    AddService,
    Adjustment,
    Change,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    Move,
    Projection,
    SetTo,
    SplitSum,
)
from scenarios.result import ScenarioResult

PERCENT, POUNDS, NUMBER = "percent", "gbp", "number"


@dataclass(frozen=True)
class StepInput:
    """One parameter of a step as the Inputs sheet shows it; `value` is what goes in the cell."""

    label: str
    value: float
    kind: str


@dataclass
class StepFormulas:
    """A step's inputs, the lines it reaches (line_id -> group), and the formula for a reached line.

    `formula(previous, group, inputs, groups_range, previous_range)` gives the
    line's amount after the step from its amount before (`previous`, a cell),
    the addresses of the step's input cells and the two ranges a share needs.
    """

    inputs: list[StepInput]
    groups: dict[int, int] = field(default_factory=dict)
    formula: Callable[[str, int, list[str], str, str], str] | None = None

    @property
    def changes_lines(self) -> bool:
        return self.formula is not None


def step_formulas(step: int, adjustment: Adjustment, result: ScenarioResult) -> StepFormulas:
    """The Excel side of step `step` (1-based); ValueError for what the workbook cannot yet write.

    A step switched off, or starting in a later year, reaches no line in the
    plan year (the trail says so), so its inputs are shown and move nothing,
    as in the planner.
    """
    compile_step = _COMPILERS.get(adjustment.kind)
    if compile_step is None:
        raise ValueError(f"The workbook has no formula for a '{adjustment.kind}' step")
    if not _baseline_as_published(result):
        # The Baseline sheet holds the published lines; a baseline carried forward by the
        # deflators would need its factors as inputs too, and until then the figures would be wrong.
        raise ValueError(f"the workbook cannot yet carry the baseline forward to {result.plan_year} "
                         f"({result.roll_rule}); plan {result.baseline_year} itself, or roll it forward flat")
    reached = result.trail.loc[result.trail["step"] == step, "line_id"].astype(int).tolist()
    return compile_step(adjustment, reached, result)


def scaled(previous: str, percent: str) -> str:
    return f"=MAX(0,{previous}*(1+{percent}))"


def shared(previous: str, part: str, group: int, groups_range: str, previous_range: str) -> str:
    held = f"SUMIF({groups_range},{group},{previous_range})"
    return (f"=MAX(0,IF({held}>0,{previous}+{part}*{previous}/{held},"
            f"{previous}+{part}/COUNTIF({groups_range},{group})))")


def _change(adjustment: Change | ChangeGroup | ChangeLine, reached: list[int], result: ScenarioResult) -> StepFormulas:
    if adjustment.by == "percent":
        return StepFormulas(
            [StepInput("Change (%)", adjustment.change / 100, PERCENT)], dict.fromkeys(reached, 1),
            lambda previous, group, inputs, *_: scaled(previous, inputs[0]),
        )
    return StepFormulas(
        [StepInput("Change (£), shared in proportion to each line", adjustment.change, POUNDS)],
        dict.fromkeys(reached, 1),
        lambda previous, group, inputs, groups, previous_range: shared(previous, inputs[0], group, groups, previous_range),
    )


def _set_to(adjustment: SetTo, reached: list[int], result: ScenarioResult) -> StepFormulas:
    # The planner shares out the gap between the sum asked for and what the lines hold.
    def formula(previous: str, group: int, cells: list[str], groups_range: str, previous_range: str) -> str:
        gap = f"({cells[0]}-SUMIF({groups_range},{group},{previous_range}))"
        return shared(previous, gap, group, groups_range, previous_range)

    return StepFormulas([StepInput("Set the lines to (£), in proportion to each line", adjustment.amount_gbp, POUNDS)],
                        dict.fromkeys(reached, 1), formula)


def _move(adjustment: Move, reached: list[int], result: ScenarioResult) -> StepFormulas:
    # Group 1 gives, group 2 receives; no more can move than the giving lines hold, as in the planner.
    lines = result.lines.set_index("line_id")
    groups = {line_id: 1 if adjustment.source.matches(lines.loc[line_id].to_dict()) else 2 for line_id in reached}

    def formula(previous: str, group: int, cells: list[str], groups_range: str, previous_range: str) -> str:
        moved = f"MIN({cells[0]},SUMIF({groups_range},1,{previous_range}))"
        return shared(previous, f"-{moved}" if group == 1 else moved, group, groups_range, previous_range)

    return StepFormulas([StepInput("Sum to move (£)", adjustment.amount_gbp, POUNDS)], groups, formula)


def _baseline_as_published(result: ScenarioResult) -> bool:
    lines = result.lines
    return bool((lines["rolled_gbp"] - lines["baseline_gbp"]).abs().le(0.005).all())


def _end(adjustment: EndService, reached: list[int], result: ScenarioResult) -> StepFormulas:
    return StepFormulas([], dict.fromkeys(reached, 1), lambda *_: "=0")


def _add(adjustment: AddService, reached: list[int], result: ScenarioResult) -> StepFormulas:
    # A new line holds £0 before its step, so the shared formula gives it the whole cost;
    # an ended line added back is shared the cost equally, as the planner does.
    return StepFormulas(
        [StepInput("Annual cost (£)", adjustment.amount_gbp, POUNDS)], dict.fromkeys(reached, 1),
        lambda previous, group, inputs, groups, previous_range: shared(previous, inputs[0], group, groups, previous_range),
    )


def _inflation(adjustment: InflationUplift, reached: list[int], result: ScenarioResult) -> StepFormulas:
    return StepFormulas(
        [StepInput("Uplift (%)", adjustment.percent / 100, PERCENT)], dict.fromkeys(reached, 1),
        lambda previous, group, inputs, *_: scaled(previous, inputs[0]),
    )


def _split(adjustment: SplitSum, reached: list[int], result: ScenarioResult) -> StepFormulas:
    inputs = [StepInput("Sum to share (£)", adjustment.amount_gbp, POUNDS)]
    inputs += [StepInput(f"Share for {share.line.label()} (ratio)", share.ratio, NUMBER) for share in adjustment.shares]
    lines = result.lines.set_index("line_id")
    names = [(share.line.service, share.line.provider, share.line.geography) for share in adjustment.shares]
    groups = {}
    for line_id in reached:
        line = lines.loc[line_id]
        key = (line["service"], line["provider"], line["geography"])
        if key in names:
            groups[line_id] = names.index(key) + 1

    def formula(previous: str, group: int, cells: list[str], groups_range: str, previous_range: str) -> str:
        part = f"{cells[0]}*{cells[group]}/({'+'.join(cells[1:])})"
        return shared(previous, part, group, groups_range, previous_range)

    return StepFormulas(inputs, groups, formula)


def _projection(adjustment: Projection, reached: list[int], result: ScenarioResult) -> StepFormulas:
    # The years are the columns of the Projection sheet; only the rate is a live input.
    return StepFormulas([StepInput("Yearly change after the first year (%)", adjustment.percent_per_year / 100, PERCENT)])


_COMPILERS: dict[str, Callable[[Adjustment, list[int], ScenarioResult], StepFormulas]] = {
    Change.kind: _change,
    SetTo.kind: _set_to,
    Move.kind: _move,
    ChangeGroup.kind: _change,
    ChangeLine.kind: _change,
    EndService.kind: _end,
    AddService.kind: _add,
    InflationUplift.kind: _inflation,
    SplitSum.kind: _split,
    Projection.kind: _projection,
}

WRITABLE_KINDS = frozenset(_COMPILERS)
