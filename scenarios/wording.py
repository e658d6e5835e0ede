"""Each step in the words a Chief Finance Officer would read in a decision record."""
from __future__ import annotations

from analysis.money import format_gbp
from scenarios.fields import AdjustmentError
from scenarios.roll_forward import PERCENT, ROLL_RULES
from scenarios.filtered_steps import Change, InflationUplift, Move, SetTo
from scenarios.plan_years import Projection
from scenarios.steps import GROUP_FIELDS, AddService, ChangeGroup, ChangeLine, EndService, SplitSum


def describe(adjustment) -> str:
    """The step in a sentence, e.g. "Cut the Victims strategic area by 5%", with the year it starts."""
    words = _describe(adjustment)
    starts = getattr(adjustment, "from_year", None)
    return f"{words}, from {starts}" if starts else words


def _describe(adjustment) -> str:
    if isinstance(adjustment, Change):
        return _describe_change(_lines(adjustment.target), adjustment.by, adjustment.change, group=True)
    if isinstance(adjustment, SetTo):
        return f"Set {_lines(adjustment.target)} to {format_gbp(adjustment.amount_gbp)} in all"
    if isinstance(adjustment, Move):
        return (f"Move {format_gbp(adjustment.amount_gbp)} from {_lines(adjustment.source)} "
                f"to {_lines(adjustment.destination)}")
    if isinstance(adjustment, ChangeGroup):
        target = f"the {adjustment.value} {GROUP_FIELDS[adjustment.field]}"
        if adjustment.field in ("provider", "geography"):
            target = f"{GROUP_FIELDS[adjustment.field]} {adjustment.value}"
        return _describe_change(target, adjustment.by, adjustment.change, group=True)
    if isinstance(adjustment, ChangeLine):
        return _describe_change(adjustment.line.label(), adjustment.by, adjustment.change, group=False)
    if isinstance(adjustment, EndService):
        return f"End {adjustment.line.label()}"
    if isinstance(adjustment, AddService):
        details = ", ".join(
            part for part in (
                adjustment.provider, adjustment.geography, adjustment.commissioning_type,
                f"with {adjustment.funding_partners}" if adjustment.funding_partners else "",
            ) if part
        )
        return (
            f"Add {adjustment.service} ({details}) to {adjustment.strategic_area} "
            f"at {format_gbp(adjustment.amount_gbp)} a year"
        )
    if isinstance(adjustment, InflationUplift):
        if adjustment.target.everything:
            scope = "every line not named in an earlier step" if adjustment.only_unadjusted else "every funded line"
        else:
            scope = _lines(adjustment.target) + (" not named in an earlier step" if adjustment.only_unadjusted else "")
        source = f" ({adjustment.rate_source})" if adjustment.rate_source else ""
        return f"Inflation uplift of {_percent(adjustment.percent)}{source} on {scope}"
    if isinstance(adjustment, SplitSum):
        parts = " and ".join(
            f"{share.line.label()} ({_percent(fraction * 100)})"
            for share, fraction in zip(adjustment.shares, adjustment.fractions())
        )
        verb = "Split" if adjustment.amount_gbp >= 0 else "Take"
        amount = format_gbp(abs(adjustment.amount_gbp))
        return f"{verb} {amount} {'between' if verb == 'Split' else 'from'} {parts}"
    if isinstance(adjustment, Projection):
        return _describe_years(adjustment)
    raise AdjustmentError(f"Cannot describe {adjustment!r}")


def _lines(target) -> str:
    return "every line" if target.everything else f"the lines with {target.label()}"


def _describe_years(projection: Projection) -> str:
    starting = f"from {projection.first_year}" if projection.first_year else "from the year after the baseline"
    if projection.roll == PERCENT:
        if projection.years == 1 and projection.first_year is None:
            return "Plan one year only (no projection)"
        if projection.first_year is None:
            return (f"Project {projection.years} years, changing {_signed_percent(projection.percent_per_year)} "
                    "a year after the first")
        return (f"Plan {_years(projection.years)} {starting}, changing {_signed_percent(projection.percent_per_year)} "
                "a year after the first")
    return f"Plan {_years(projection.years)} {starting}, the baseline rolled forward {ROLL_RULES[projection.roll]}"


def _years(count: int) -> str:
    return "one year" if count == 1 else f"{count} years"


def _describe_change(target: str, by: str, change: float, *, group: bool) -> str:
    if change == 0:
        return f"Keep {target} as it is"
    verb = "Raise" if change > 0 else "Cut"
    if by == "percent":
        return f"{verb} {target} by {_percent(abs(change))}"
    shared = " (shared in proportion to each line)" if group else ""
    return f"{verb} {target} by {format_gbp(abs(change))}{shared}"


def _percent(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") + "%"


def _signed_percent(value: float) -> str:
    return ("+" if value > 0 else "-" if value < 0 else "") + _percent(abs(value))
