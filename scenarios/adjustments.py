"""The changes a commissioner can make to a baseline budget, as plain data.

Each kind of adjustment is a small frozen dataclass with a `kind` tag, so a
scenario can be saved as JSON (`to_dict`) and reopened (`adjustment_from_dict`)
exactly as it was built, and re-applied to the baseline: the store keeps what
the commissioner decided, not only the figures it produced. `describe` says each
one in the words a Chief Finance Officer would read in a decision record.

Percentages are stored as percentages (-5 means a 5% cut), and pounds as
floats that may carry pence; nothing is rounded here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from analysis.money import format_gbp
from loaders.schema import COMMISSIONING_TYPES


class AdjustmentError(ValueError):
    """A saved or entered adjustment that cannot be understood (bad kind, field or number)."""


# The tidy columns a commissioner can aim a % or £ change at, in the words the page uses.
GROUP_FIELDS = {
    "strategic_area": "strategic area",
    "commissioning_type": "commissioning type",
    "provider": "provider",
    "geography": "geography",
}

CHANGE_BY = ("percent", "gbp")

# Ten years is already past any published commissioning framework (they run three).
MAX_PROJECTION_YEARS = 10


@dataclass(frozen=True)
class LineRef:
    """One service line, named the way it is published rather than by a row number.

    Service, provider and geography together tell apart lines such as
    Leicestershire's two "Domestic Homicide Reviews" (City and County councils),
    and the reference still finds the line in a corrected re-upload of the file.
    """

    service: str
    provider: str = ""
    geography: str = ""

    def label(self) -> str:
        details = ", ".join(part for part in (self.provider, self.geography) if part)
        return f"{self.service} ({details})" if details else self.service

    def to_dict(self) -> dict[str, str]:
        return {"service": self.service, "provider": self.provider, "geography": self.geography}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineRef:
        service = _text(data, "service")
        if not service:
            raise AdjustmentError("A service line needs the service's name")
        return cls(service=service, provider=_text(data, "provider"), geography=_text(data, "geography"))


@dataclass(frozen=True)
class ChangeGroup:
    """A % or £ change to every line in a strategic area, commissioning type, provider or geography.

    A £ change is shared between the group's lines in proportion to what each
    has at that point, so the group's shape is kept.
    """

    kind: ClassVar[str] = "change_group"
    field: str
    value: str
    by: str
    change: float

    def __post_init__(self) -> None:
        if self.field not in GROUP_FIELDS:
            raise AdjustmentError(
                f"Cannot change spend by '{self.field}'; choose one of {', '.join(GROUP_FIELDS.values())}"
            )
        if not self.value:
            raise AdjustmentError(f"Say which {GROUP_FIELDS[self.field]} to change")
        _check_change(self.by, self.change)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "field": self.field, "value": self.value, "by": self.by, "change": self.change}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeGroup:
        return cls(
            field=_text(data, "field"), value=_text(data, "value"),
            by=_text(data, "by"), change=_number(data, "change"),
        )


@dataclass(frozen=True)
class ChangeLine:
    """A % or £ change to one service line."""

    kind: ClassVar[str] = "change_line"
    line: LineRef
    by: str
    change: float

    def __post_init__(self) -> None:
        _check_change(self.by, self.change)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line.to_dict(), "by": self.by, "change": self.change}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeLine:
        return cls(line=LineRef.from_dict(_mapping(data, "line")), by=_text(data, "by"), change=_number(data, "change"))


@dataclass(frozen=True)
class EndService:
    """Stop funding a service line: its spend falls to nothing, and it is shown as ended."""

    kind: ClassVar[str] = "end_service"
    line: LineRef

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EndService:
        return cls(line=LineRef.from_dict(_mapping(data, "line")))


@dataclass(frozen=True)
class AddService:
    """A new service line with every field a published framework gives one.

    Adding back a line that an earlier step ended revives that line, so ending
    a service and adding it back at the same cost leaves the baseline as it was.
    """

    kind: ClassVar[str] = "add_service"
    strategic_area: str
    service: str
    provider: str
    amount_gbp: float
    provision: str = ""
    commissioning_type: str = "Other"
    funding_partners: str = ""
    geography: str = ""

    def __post_init__(self) -> None:
        if not self.service:
            raise AdjustmentError("A new service needs a name")
        if not self.strategic_area:
            raise AdjustmentError("A new service needs a strategic area")
        if self.commissioning_type not in COMMISSIONING_TYPES:
            raise AdjustmentError(
                f"Unknown commissioning type '{self.commissioning_type}'; choose one of {', '.join(COMMISSIONING_TYPES)}"
            )
        if not _finite(self.amount_gbp) or self.amount_gbp < 0:
            raise AdjustmentError("A new service's annual cost must be £0 or more")

    @property
    def line(self) -> LineRef:
        return LineRef(self.service, self.provider, self.geography)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "strategic_area": self.strategic_area,
            "service": self.service,
            "provider": self.provider,
            "provision": self.provision,
            "commissioning_type": self.commissioning_type,
            "funding_partners": self.funding_partners,
            "geography": self.geography,
            "amount_gbp": self.amount_gbp,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddService:
        return cls(
            strategic_area=_text(data, "strategic_area"),
            service=_text(data, "service"),
            provider=_text(data, "provider"),
            provision=_text(data, "provision"),
            commissioning_type=_text(data, "commissioning_type") or "Other",
            funding_partners=_text(data, "funding_partners"),
            geography=_text(data, "geography"),
            amount_gbp=_number(data, "amount_gbp"),
        )


@dataclass(frozen=True)
class InflationUplift:
    """A general % uplift, by default on "everything else": lines no earlier step named.

    A commissioner who cuts Victims by 5% and then adds 2% inflation means the
    other areas rise 2%, not that Victims ends up at -3.1%; `only_unadjusted=False`
    applies the uplift to every line still funded instead.
    """

    kind: ClassVar[str] = "inflation"
    percent: float
    only_unadjusted: bool = True

    def __post_init__(self) -> None:
        _check_change("percent", self.percent)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "percent": self.percent, "only_unadjusted": self.only_unadjusted}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InflationUplift:
        return cls(percent=_number(data, "percent"), only_unadjusted=bool(data.get("only_unadjusted", True)))


@dataclass(frozen=True)
class Share:
    """One line's part of a split sum, as a ratio (60 and 40, or 3 and 2: only proportions matter)."""

    line: LineRef
    ratio: float

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line.to_dict(), "ratio": self.ratio}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Share:
        return cls(line=LineRef.from_dict(_mapping(data, "line")), ratio=_number(data, "ratio"))


@dataclass(frozen=True)
class SplitSum:
    """A new sum shared between lines by ratio, as Derbyshire split a £55k IDVA uplift 60/40.

    A negative sum shares out a saving the same way.
    """

    kind: ClassVar[str] = "split"
    amount_gbp: float
    shares: tuple[Share, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not _finite(self.amount_gbp):
            raise AdjustmentError("The sum to split must be a number of pounds")
        if not self.shares:
            raise AdjustmentError("Say which lines share the sum")
        if any(not _finite(share.ratio) or share.ratio <= 0 for share in self.shares):
            raise AdjustmentError("Each line's share must be more than 0")
        object.__setattr__(self, "shares", tuple(self.shares))

    def fractions(self) -> list[float]:
        total = math.fsum(share.ratio for share in self.shares)
        return [share.ratio / total for share in self.shares]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount_gbp": self.amount_gbp, "shares": [share.to_dict() for share in self.shares]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SplitSum:
        shares = data.get("shares")
        if not isinstance(shares, list):
            raise AdjustmentError("A split needs a list of shares")
        return cls(amount_gbp=_number(data, "amount_gbp"), shares=tuple(Share.from_dict(share) for share in shares))


@dataclass(frozen=True)
class Projection:
    """Carry the plan forward: `years` financial years in all, growing `percent_per_year` after the first.

    The first year is the planned year itself, so "3 years at 2%" is the plan,
    the plan +2%, and the plan +2% +2% (compounded, as budgets are).
    """

    kind: ClassVar[str] = "projection"
    years: int
    percent_per_year: float

    def __post_init__(self) -> None:
        if isinstance(self.years, bool) or not isinstance(self.years, int) or not 1 <= self.years <= MAX_PROJECTION_YEARS:
            raise AdjustmentError(f"A projection covers 1 to {MAX_PROJECTION_YEARS} years")
        _check_change("percent", self.percent_per_year)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "years": self.years, "percent_per_year": self.percent_per_year}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Projection:
        years = _number(data, "years")
        if not float(years).is_integer():
            raise AdjustmentError("A projection covers a whole number of years")
        return cls(years=int(years), percent_per_year=_number(data, "percent_per_year"))


Adjustment = Union[ChangeGroup, ChangeLine, EndService, AddService, InflationUplift, SplitSum, Projection]

ADJUSTMENT_KINDS: dict[str, type] = {
    kind.kind: kind
    for kind in (ChangeGroup, ChangeLine, EndService, AddService, InflationUplift, SplitSum, Projection)
}


def adjustment_from_dict(data: dict[str, Any]) -> Adjustment:
    """Rebuild an adjustment from its saved form; raises AdjustmentError if it makes no sense."""
    if not isinstance(data, dict):
        raise AdjustmentError("An adjustment must be a JSON object")
    kind = ADJUSTMENT_KINDS.get(data.get("kind"))
    if kind is None:
        raise AdjustmentError(f"Unknown kind of adjustment '{data.get('kind')}'")
    return kind.from_dict(data)


def adjustments_to_data(adjustments: list[Adjustment]) -> list[dict[str, Any]]:
    return [adjustment.to_dict() for adjustment in adjustments]


def adjustments_from_data(data: list[dict[str, Any]]) -> list[Adjustment]:
    if not isinstance(data, list):
        raise AdjustmentError("Adjustments must be a JSON list")
    return [adjustment_from_dict(item) for item in data]


def describe(adjustment: Adjustment) -> str:
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


def _check_change(by: str, change: float) -> None:
    if by not in CHANGE_BY:
        raise AdjustmentError(f"A change is by 'percent' or 'gbp', not '{by}'")
    if not _finite(change):
        raise AdjustmentError("A change must be a number")
    if by == "percent" and change < -100:
        raise AdjustmentError("A cut cannot be more than 100%")


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AdjustmentError(f"'{key}' must be text")
    return value.strip()


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if not _finite(value):
        raise AdjustmentError(f"'{key}' must be a number")
    return float(value)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise AdjustmentError(f"'{key}' must be an object")
    return value
