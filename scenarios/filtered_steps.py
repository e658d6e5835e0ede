"""The steps aimed at any filter of the tidy table: change by % or £, set to £, move £ from A to B, inflation.

A £ amount aimed at several lines is shared in proportion to what each holds
at that point, so a group keeps its shape; `Move` takes and gives the same
sum in one step, so the plan's total cannot drift by a mistyped second step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from scenarios.fields import AdjustmentError, check_change, finite, number, text
from scenarios.step_options import StepOptions, options_from
from scenarios.targets import Target


@dataclass(frozen=True)
class Change(StepOptions):
    """A % or £ change to every funded line the target takes in ("cut Prevention 5%")."""

    kind: ClassVar[str] = "change"
    target: Target
    by: str
    change: float

    def __post_init__(self) -> None:
        super().__post_init__()
        check_change(self.by, self.change)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target.to_dict(), "by": self.by, "change": self.change,
                **self.options_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return cls(target=Target.from_dict(data.get("target")), by=text(data, "by"), change=number(data, "change"),
                   **options_from(data))


@dataclass(frozen=True)
class SetTo(StepOptions):
    """The target's lines together cost exactly this much, the difference shared in proportion."""

    kind: ClassVar[str] = "set_to"
    target: Target
    amount_gbp: float

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.target.everything:
            raise AdjustmentError("Choose the lines to set")
        if not finite(self.amount_gbp) or self.amount_gbp < 0:
            raise AdjustmentError("The lines must be set to £0 or more")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target.to_dict(), "amount_gbp": self.amount_gbp,
                **self.options_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SetTo:
        return cls(target=Target.from_dict(data.get("target")), amount_gbp=number(data, "amount_gbp"),
                   **options_from(data))


@dataclass(frozen=True)
class Move(StepOptions):
    """Take £X from one set of lines and give it to another, in one balanced step."""

    kind: ClassVar[str] = "move"
    amount_gbp: float
    source: Target
    destination: Target

    def __post_init__(self) -> None:
        super().__post_init__()
        if not finite(self.amount_gbp) or self.amount_gbp <= 0:
            raise AdjustmentError("The sum to move must be more than £0")
        if self.source.everything or self.destination.everything:
            raise AdjustmentError("Choose the lines the money comes from and the lines it goes to")
        if self.source == self.destination:
            raise AdjustmentError("The money must go to other lines than those it comes from")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount_gbp": self.amount_gbp, "source": self.source.to_dict(),
                "destination": self.destination.to_dict(), **self.options_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Move:
        return cls(amount_gbp=number(data, "amount_gbp"), source=Target.from_dict(data.get("source")),
                   destination=Target.from_dict(data.get("destination")), **options_from(data))


@dataclass(frozen=True)
class InflationUplift(StepOptions):
    """A % uplift on the target's lines (every line if none), by default only on those no earlier step named.

    A commissioner who cuts Victims by 5% and then adds 2% inflation means the
    other areas rise 2%, not that Victims ends up at -3.1%; `only_unadjusted=False`
    applies the uplift to every funded line the target takes in. `rate_source`
    names where a suggested rate came from (the GDP deflators), empty when typed in.
    """

    kind: ClassVar[str] = "inflation"
    percent: float
    only_unadjusted: bool = True
    target: Target = field(default_factory=Target)
    rate_source: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        check_change("percent", self.percent)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "percent": self.percent, "only_unadjusted": self.only_unadjusted,
            "target": self.target.to_dict(), "rate_source": self.rate_source, **self.options_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InflationUplift:
        return cls(
            percent=number(data, "percent"), only_unadjusted=bool(data.get("only_unadjusted", True)),
            target=Target.from_dict(data.get("target")), rate_source=text(data, "rate_source"),
            **options_from(data),
        )
