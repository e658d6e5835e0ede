"""The steps that name service lines or one column's value: change, end, add, split.

Each has a `kind` tag and round-trips through JSON (`to_dict`, `from_dict`),
so the store keeps what was decided, not only the figures it produced.
Percentages are stored as percentages (-5 means a 5% cut), and pounds as
floats that may carry pence; nothing is rounded here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from loaders.schema import COMMISSIONING_TYPES
from scenarios.fields import AdjustmentError, check_change, finite, mapping, number, text
from scenarios.lines import LineRef
from scenarios.step_options import StepOptions, options_from

# The tidy columns a commissioner can aim a % or £ change at, in the words the page uses.
GROUP_FIELDS = {
    "strategic_area": "strategic area",
    "commissioning_type": "commissioning type",
    "provider": "provider",
    "geography": "geography",
}

@dataclass(frozen=True)
class ChangeGroup(StepOptions):
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
        super().__post_init__()
        if self.field not in GROUP_FIELDS:
            raise AdjustmentError(
                f"Cannot change spend by '{self.field}'; choose one of {', '.join(GROUP_FIELDS.values())}"
            )
        if not self.value:
            raise AdjustmentError(f"Say which {GROUP_FIELDS[self.field]} to change")
        check_change(self.by, self.change)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "field": self.field, "value": self.value, "by": self.by, "change": self.change,
            **self.options_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeGroup:
        return cls(
            field=text(data, "field"), value=text(data, "value"),
            by=text(data, "by"), change=number(data, "change"),
            **options_from(data),
        )


@dataclass(frozen=True)
class ChangeLine(StepOptions):
    """A % or £ change to one service line."""

    kind: ClassVar[str] = "change_line"
    line: LineRef
    by: str
    change: float

    def __post_init__(self) -> None:
        super().__post_init__()
        check_change(self.by, self.change)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line.to_dict(), "by": self.by, "change": self.change, **self.options_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeLine:
        return cls(
            line=LineRef.from_dict(mapping(data, "line")), by=text(data, "by"), change=number(data, "change"),
            **options_from(data),
        )


@dataclass(frozen=True)
class EndService(StepOptions):
    """Stop funding a service line: its spend falls to nothing, and it is shown as ended."""

    kind: ClassVar[str] = "end_service"
    line: LineRef

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line.to_dict(), **self.options_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EndService:
        return cls(line=LineRef.from_dict(mapping(data, "line")), **options_from(data))


@dataclass(frozen=True)
class AddService(StepOptions):
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
        super().__post_init__()
        if not self.service:
            raise AdjustmentError("A new service needs a name")
        if not self.strategic_area:
            raise AdjustmentError("A new service needs a strategic area")
        if self.commissioning_type not in COMMISSIONING_TYPES:
            raise AdjustmentError(
                f"Unknown commissioning type '{self.commissioning_type}'; choose one of {', '.join(COMMISSIONING_TYPES)}"
            )
        if not finite(self.amount_gbp) or self.amount_gbp < 0:
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
            **self.options_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AddService:
        return cls(
            strategic_area=text(data, "strategic_area"),
            service=text(data, "service"),
            provider=text(data, "provider"),
            provision=text(data, "provision"),
            commissioning_type=text(data, "commissioning_type") or "Other",
            funding_partners=text(data, "funding_partners"),
            geography=text(data, "geography"),
            amount_gbp=number(data, "amount_gbp"),
            **options_from(data),
        )


@dataclass(frozen=True)
class Share:
    """One line's part of a split sum, as a ratio (60 and 40, or 3 and 2: only proportions matter)."""

    line: LineRef
    ratio: float

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line.to_dict(), "ratio": self.ratio}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Share:
        return cls(line=LineRef.from_dict(mapping(data, "line")), ratio=number(data, "ratio"))


@dataclass(frozen=True)
class SplitSum(StepOptions):
    """A new sum shared between lines by ratio, as Derbyshire split a £55k IDVA uplift 60/40.

    A negative sum shares out a saving the same way.
    """

    kind: ClassVar[str] = "split"
    amount_gbp: float
    shares: tuple[Share, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not finite(self.amount_gbp):
            raise AdjustmentError("The sum to split must be a number of pounds")
        if not self.shares:
            raise AdjustmentError("Say which lines share the sum")
        if any(not finite(share.ratio) or share.ratio <= 0 for share in self.shares):
            raise AdjustmentError("Each line's share must be more than 0")
        object.__setattr__(self, "shares", tuple(self.shares))

    def fractions(self) -> list[float]:
        total = math.fsum(share.ratio for share in self.shares)
        return [share.ratio / total for share in self.shares]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "amount_gbp": self.amount_gbp, "shares": [share.to_dict() for share in self.shares],
            **self.options_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SplitSum:
        shares = data.get("shares")
        if not isinstance(shares, list):
            raise AdjustmentError("A split needs a list of shares")
        return cls(
            amount_gbp=number(data, "amount_gbp"), shares=tuple(Share.from_dict(share) for share in shares),
            **options_from(data),
        )


