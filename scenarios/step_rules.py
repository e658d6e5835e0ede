"""What each kind of step does to the ledger: one function per kind, looked up by `apply_step`."""
from __future__ import annotations

import math

from analysis.money import format_gbp
from scenarios.adjustments import (
    AddService,
    Adjustment,
    Change,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    Move,
    SetTo,
    SplitSum,
)
from scenarios.ledger import REVIVED_FIELDS, Ledger


def apply_step(ledger: Ledger, step: int, adjustment: Adjustment) -> None:
    _APPLY[type(adjustment)](ledger, step, adjustment)


def _apply_change(ledger: Ledger, step: int, adjustment: Change) -> None:
    line_ids = ledger.targeted(adjustment.target)
    ledger.named.update(line_ids)
    _change(ledger, step, ledger.funded(line_ids), adjustment.by, adjustment.change,
            f"no funded line has {adjustment.target.label()}")


def _apply_set_to(ledger: Ledger, step: int, adjustment: SetTo) -> None:
    line_ids = ledger.targeted(adjustment.target)
    ledger.named.update(line_ids)
    funded = ledger.funded(line_ids)
    if not funded:
        ledger.warn(step, f"not applied: no funded line has {adjustment.target.label()}")
        return
    ledger.share_out(step, funded, adjustment.amount_gbp - math.fsum(ledger.amounts[i] for i in funded))


def _apply_move(ledger: Ledger, step: int, adjustment: Move) -> None:
    """Take the sum from the source in proportion, give the same sum to the destination: the total stays put."""
    source = ledger.funded(ledger.targeted(adjustment.source))
    destination = [i for i in ledger.funded(ledger.targeted(adjustment.destination)) if i not in set(source)]
    ledger.named.update(source + destination)
    held = math.fsum(ledger.amounts[i] for i in source)
    if not destination:
        ledger.warn(step, f"not applied: no funded line has {adjustment.destination.label()} "
                          "apart from those the money comes from")
        return
    if held <= 0:
        ledger.warn(step, f"not applied: the lines with {adjustment.source.label()} hold nothing to move")
        return
    moved = min(adjustment.amount_gbp, held)
    if moved < adjustment.amount_gbp:
        ledger.warn(step, f"only {format_gbp(moved)} could be moved: that is all the lines with "
                          f"{adjustment.source.label()} hold")
    if moved == held:
        for line_id in source:
            ledger.amounts[line_id] = 0.0
    else:
        ledger.share_out(step, source, -moved)
    ledger.share_out(step, destination, moved)


def _apply_change_group(ledger: Ledger, step: int, adjustment: ChangeGroup) -> None:
    line_ids = ledger.in_group(adjustment.field, adjustment.value)
    ledger.named.update(line_ids)
    _change(ledger, step, ledger.funded(line_ids), adjustment.by, adjustment.change, f"no funded line has {adjustment.value}")


def _apply_change_line(ledger: Ledger, step: int, adjustment: ChangeLine) -> None:
    line_ids = ledger.matching(adjustment.line)
    ledger.named.update(line_ids)
    reason = (
        f"{adjustment.line.label()} has ended" if line_ids
        else f"there is no line {adjustment.line.label()}"
    )
    _change(ledger, step, ledger.funded(line_ids), adjustment.by, adjustment.change, reason)


def _change(ledger: Ledger, step: int, line_ids: list[int], by: str, change: float, reason: str) -> None:
    if not line_ids:
        ledger.warn(step, f"not applied: {reason}")
        return
    if by == "percent":
        ledger.scale(step, line_ids, change)
    else:
        ledger.share_out(step, line_ids, change)


def _apply_end_service(ledger: Ledger, step: int, adjustment: EndService) -> None:
    line_ids = ledger.funded(ledger.matching(adjustment.line))
    ledger.named.update(ledger.matching(adjustment.line))
    if not line_ids:
        ledger.warn(step, f"not applied: there is no funded line {adjustment.line.label()}")
        return
    for line_id in line_ids:
        ledger.amounts[line_id] = 0.0
        ledger.ended.add(line_id)


def _apply_add_service(ledger: Ledger, step: int, adjustment: AddService) -> None:
    existing = ledger.matching(adjustment.line)
    if ledger.funded(existing):
        ledger.warn(step, f"not applied: {adjustment.line.label()} is already funded; change its amount instead")
        return
    if existing:
        # Adding back a line ended earlier brings the same line back rather than a copy of it.
        for line_id in existing:
            ledger.rows[line_id].update({key: getattr(adjustment, key) for key in REVIVED_FIELDS})
            ledger.ended.discard(line_id)
            ledger.amounts[line_id] = 0.0
        ledger.named.update(existing)
        ledger.share_out(step, existing, adjustment.amount_gbp)
        return
    line_id = ledger.add_row(adjustment)
    ledger.named.add(line_id)
    ledger.amounts[line_id] = adjustment.amount_gbp


def _apply_inflation(ledger: Ledger, step: int, adjustment: InflationUplift) -> None:
    line_ids = ledger.targeted(adjustment.target)
    if adjustment.only_unadjusted:
        line_ids = [line_id for line_id in line_ids if line_id not in ledger.named]
    ledger.scale(step, ledger.funded(line_ids), adjustment.percent)


def _apply_split(ledger: Ledger, step: int, adjustment: SplitSum) -> None:
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
    Change: _apply_change,
    SetTo: _apply_set_to,
    Move: _apply_move,
    ChangeGroup: _apply_change_group,
    ChangeLine: _apply_change_line,
    EndService: _apply_end_service,
    AddService: _apply_add_service,
    InflationUplift: _apply_inflation,
    SplitSum: _apply_split,
}
