"""Each step in the words a Chief Finance Officer would read in a decision record."""
from __future__ import annotations

from analysis.money import format_gbp
from scenarios.fields import AdjustmentError
from scenarios.steps import (
    GROUP_FIELDS,
    AddService,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    Projection,
    SplitSum,
)


def describe(adjustment) -> str:
    """The adjustment in a sentence, e.g. "Cut the Victims strategic area by 5%"."""
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
        scope = "every line not named in an earlier step" if adjustment.only_unadjusted else "every funded line"
        return f"Inflation uplift of {_percent(adjustment.percent)} on {scope}"
    if isinstance(adjustment, SplitSum):
        parts = " and ".join(
            f"{share.line.label()} ({_percent(fraction * 100)})"
            for share, fraction in zip(adjustment.shares, adjustment.fractions())
        )
        verb = "Split" if adjustment.amount_gbp >= 0 else "Take"
        amount = format_gbp(abs(adjustment.amount_gbp))
        return f"{verb} {amount} {'between' if verb == 'Split' else 'from'} {parts}"
    if isinstance(adjustment, Projection):
        if adjustment.years == 1:
            return "Plan one year only (no projection)"
        return (
            f"Project {adjustment.years} years, changing {_signed_percent(adjustment.percent_per_year)} "
            "a year after the first"
        )
    raise AdjustmentError(f"Cannot describe {adjustment!r}")


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
