"""The fields of the steps aimed at any filter of the tidy table: change, set to, move, inflation.

Lines are chosen by any of the table's columns at once (strategic area,
commissioning type, provider, service, geography, funding partners); each
picker left empty means "any", and the count and pounds the choice takes in
are shown before the step is added.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from scenarios.adjustments import TARGET_FIELDS, AdjustmentError, Change, InflationUplift, Move, SetTo, Target
from scenarios.inflation import suggested_uplift
from scenarios.targets import target_total
from ui.plain_text import escape_markdown

DIRECTIONS = ("Cut", "Raise")
UNITS = {"percent": "%", "gbp": "£"}


def pick_target(lines: pd.DataFrame, key: str, existing: Target | None, *, required: bool, title: str) -> Target:
    """Six pickers, one per column; returns the target, or AdjustmentError if it takes in no line."""
    st.markdown(f"**{title}**")
    columns = st.columns(3)
    filters = []
    for position, (field, words) in enumerate(TARGET_FIELDS.items()):
        options = [value for value in pd.unique(lines[field].astype("str")) if value]
        before = [value for value in existing.values(field) if value in options] if existing is not None else []
        chosen = columns[position % 3].multiselect(words.capitalize(), options, default=before, key=f"{key}_{field}",
                                                   placeholder="Any")
        if chosen:
            filters.append((field, tuple(chosen)))
    target = Target(tuple(filters))
    if required and target.everything:
        raise AdjustmentError(f"{title}: choose at least one strategic area, type, provider, service or geography")
    count, total = target_total(lines, target)
    if count == 0:
        raise AdjustmentError(f"{title}: no line has all of these")
    st.caption(f"{count} line{'s' if count != 1 else ''}, {escape_markdown(format_gbp(total))} in the scenario now.")
    return target


def direction_and_size(key: str, by: str | None, change: float | None) -> tuple[str, float]:
    left, middle, right = st.columns([1, 1, 2])
    direction = left.radio(
        "Direction", DIRECTIONS, index=0 if change is None or change < 0 else 1, key=f"{key}_direction",
        horizontal=True,
    )
    units = list(UNITS)
    chosen_by = middle.radio(
        "By", units, index=units.index(by) if by in units else 0, format_func=UNITS.get, key=f"{key}_by",
        horizontal=True,
    )
    default = abs(change) if change is not None else (5.0 if chosen_by == "percent" else 10_000.0)
    size = right.number_input(
        "How much (%)" if chosen_by == "percent" else "How much (£ a year)",
        min_value=0.0, max_value=100.0 if chosen_by == "percent" and direction == "Cut" else None,
        value=float(default), step=0.5 if chosen_by == "percent" else 1_000.0,
        format="%.2f", key=f"{key}_size_{chosen_by}",
    )
    return chosen_by, -size if direction == "Cut" else size


def change_editor(lines: pd.DataFrame, key: str, existing: Change | None, plan_year: str) -> Change:
    target = pick_target(lines, f"{key}_target", existing.target if existing else None, required=True,
                         title="Lines to change")
    by, change = direction_and_size(key, existing.by if existing else None, existing.change if existing else None)
    return Change(target=target, by=by, change=change)


def set_to_editor(lines: pd.DataFrame, key: str, existing: SetTo | None, plan_year: str) -> SetTo:
    target = pick_target(lines, f"{key}_target", existing.target if existing else None, required=True,
                         title="Lines to set")
    amount = st.number_input("Their cost together (£ a year)", min_value=0.0, step=1_000.0, format="%.2f",
                             value=float(existing.amount_gbp) if existing else 0.0, key=f"{key}_amount")
    return SetTo(target=target, amount_gbp=amount)


def move_editor(lines: pd.DataFrame, key: str, existing: Move | None, plan_year: str) -> Move:
    amount = st.number_input("Sum to move (£ a year)", min_value=0.0, step=1_000.0, format="%.2f",
                             value=float(existing.amount_gbp) if existing else 10_000.0, key=f"{key}_amount")
    source = pick_target(lines, f"{key}_from", existing.source if existing else None, required=True,
                         title="Take it from")
    destination = pick_target(lines, f"{key}_to", existing.destination if existing else None, required=True,
                              title="Give it to")
    return Move(amount_gbp=amount, source=source, destination=destination)


def inflation_editor(lines: pd.DataFrame, key: str, existing: InflationUplift | None, plan_year: str) -> InflationUplift:
    suggestion = suggested_uplift(plan_year)
    target = pick_target(lines, f"{key}_target", existing.target if existing else None, required=False,
                         title="Lines to uplift (leave empty for every line)")
    percent = st.number_input(
        "Uplift (%)", value=float(existing.percent) if existing else suggestion.percent, min_value=-100.0, step=0.5,
        format="%.2f", key=f"{key}_percent",
    )
    release = f" ({suggestion.release})" if suggestion.release else ""
    st.caption(f"Suggested for {plan_year}: {suggestion.percent:.2f}%, {escape_markdown(suggestion.source)}"
               f"{escape_markdown(release)}. If the baseline is already carried forward by the deflators, "
               "an uplift adds to it.")
    only_unadjusted = st.checkbox(
        "Only lines no earlier step names (“everything else”)",
        value=existing.only_unadjusted if existing else target.everything, key=f"{key}_only_unadjusted",
        help="Untick to raise every funded line chosen, including those cut or added above (the changes compound).",
    )
    rate_source = suggestion.source if abs(percent - suggestion.percent) < 1e-9 else ""
    return InflationUplift(percent=percent, only_unadjusted=only_unadjusted, target=target, rate_source=rate_source)
