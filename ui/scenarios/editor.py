"""The widgets that make one adjustment: pick a kind, fill in its fields, add or save the step.

Cuts and rises are entered as a direction plus a size ("Cut" 5 %), not as a
signed number, because "-5" in a box is easy to mistype as "5". Lines are
picked from the scenario's own lines, so a step can name a service an
earlier step added. The steps aimed at any filter have their fields in
ui/scenarios/filtered_editor.py.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from loaders.schema import COMMISSIONING_TYPES
from scenarios.adjustments import (
    AddService,
    Adjustment,
    AdjustmentError,
    Change,
    EndService,
    InflationUplift,
    LineRef,
    Move,
    SetTo,
    Share,
    SplitSum,
    as_change,
    describe,
)
from scenarios.funding import FUNDING_CATEGORIES, FundingSource
from ui.plain_text import escape_markdown
from ui.scenarios.filtered_editor import change_editor, inflation_editor, move_editor, pick_target, set_to_editor

KIND_LABELS = {
    Change.kind: "Change by % or £ (any strategic area, type, provider, service or geography)",
    SetTo.kind: "Set lines to £",
    Move.kind: "Move £ from some lines to others",
    InflationUplift.kind: "Inflation uplift",
    EndService.kind: "Stop a service",
    AddService.kind: "Add a new service",
    SplitSum.kind: "Split a new sum between lines",
}


def line_refs(lines: pd.DataFrame) -> dict[str, LineRef]:
    """Each line of the scenario by the label the pickers show, in published order."""
    refs = {}
    for row in lines.itertuples(index=False):
        ref = LineRef(row.service, row.provider, row.geography)
        refs.setdefault(ref.label(), ref)
    return refs


def adjustment_editor(lines: pd.DataFrame, *, key: str, existing: Adjustment | None = None,
                      plan_years: list[str] | None = None) -> Adjustment | None:
    """Draw the fields for one adjustment; returns it when the button is pressed and it is valid.

    `lines` are the scenario's lines (baseline plus any added); `existing`
    pre-fills the fields when a step is being edited; `plan_years` are the
    years the step may start in.
    """
    # The earlier, narrower changes open as the change they are.
    existing = as_change(existing) if existing is not None else None
    kinds = list(KIND_LABELS)
    kind = st.selectbox(
        "Kind of step", kinds, index=kinds.index(existing.kind) if existing else 0,
        format_func=KIND_LABELS.get, key=f"{key}_kind",
    )
    existing = existing if existing is not None and existing.kind == kind else None
    builder = _BUILDERS[kind]
    try:
        candidate = builder(lines, key, existing, (plan_years or [""])[0])
    except AdjustmentError as problem:
        # Usually a field not filled in yet, so a prompt rather than an alarm.
        said = escape_markdown(problem)
        st.info(f"{said}, then press “Add step”." if existing is None else f"{said}.", icon=":material/edit_note:")
        candidate = None
    if candidate is not None:
        candidate = _with_options(candidate, key, existing, plan_years or [])
        st.caption(f"Step: {escape_markdown(describe(candidate))}")
    pressed = st.button(
        "Save this step" if existing is not None else "Add step", key=f"{key}_submit", type="primary",
        disabled=candidate is None,
    )
    return candidate if pressed else None


def _with_options(candidate: Adjustment, key: str, existing: Adjustment | None, plan_years: list[str]) -> Adjustment:
    """The year the step starts (in a plan of several years) and the note, shared by every kind."""
    from_year = None
    if len(plan_years) > 1:
        choices = [None, *plan_years[1:]]
        before = existing.from_year if existing is not None and existing.from_year in choices else None
        from_year = st.selectbox("Starts in", choices, index=choices.index(before), key=f"{key}_from_year",
                                 format_func=lambda year: f"{plan_years[0]} (every planned year)" if year is None else year)
    note = st.text_input("Note (optional)", value=existing.note if existing is not None else "", key=f"{key}_note",
                         placeholder="e.g. Agreed with the provider in January", max_chars=500)
    return replace(candidate, from_year=from_year, note=note.strip(),
                   enabled=existing.enabled if existing is not None else True)


def _pick_line(lines: pd.DataFrame, key: str, existing: LineRef | None, label: str = "Service line") -> LineRef:
    refs = line_refs(lines)
    if not refs:
        raise AdjustmentError("The baseline has no lines to choose from")
    labels = list(refs)
    index = labels.index(existing.label()) if existing is not None and existing.label() in refs else 0
    return refs[st.selectbox(label, labels, index=index, key=f"{key}_line")]


def _end_service(lines: pd.DataFrame, key: str, existing: EndService | None, plan_year: str) -> EndService:
    return EndService(line=_pick_line(lines, key, existing.line if existing else None, "Service to end"))


def _add_service(lines: pd.DataFrame, key: str, existing: AddService | None, plan_year: str) -> AddService:
    left, right = st.columns(2)
    service = left.text_input("Service", value=existing.service if existing else "", key=f"{key}_service",
                              placeholder="e.g. Independent Sexual Violence Advisers (ISVA)")
    provider = right.text_input("Provider", value=existing.provider if existing else "", key=f"{key}_provider",
                                placeholder="e.g. To be procured")
    areas = [area for area in pd.unique(lines["strategic_area"].astype("str")) if area]
    other = "Another strategic area…"
    area_choices = [*areas, other]
    area_index = area_choices.index(existing.strategic_area) if existing and existing.strategic_area in areas else 0
    area = left.selectbox("Strategic area", area_choices, index=area_index, key=f"{key}_area")
    if area == other:
        area = left.text_input("Name of the strategic area", value=existing.strategic_area if existing else "",
                               key=f"{key}_area_name")
    types = list(COMMISSIONING_TYPES)
    commissioning_type = right.selectbox(
        "Commissioning type", types, index=types.index(existing.commissioning_type) if existing else 0,
        key=f"{key}_type",
    )
    geography = left.text_input("Geography", value=existing.geography if existing else "", key=f"{key}_geography",
                                placeholder="e.g. LLR")
    partners = right.text_input("Funding partners", value=existing.funding_partners if existing else "",
                                key=f"{key}_partners", placeholder="e.g. NHS England")
    provision = st.text_area("What the service provides", value=existing.provision if existing else "",
                             key=f"{key}_provision", height=80)
    amount = st.number_input("Annual cost (£)", min_value=0.0, value=float(existing.amount_gbp) if existing else 0.0,
                             step=1_000.0, format="%.2f", key=f"{key}_amount")
    return AddService(
        strategic_area=area.strip(), service=service.strip(), provider=provider.strip(), amount_gbp=amount,
        provision=provision.strip(), commissioning_type=commissioning_type, funding_partners=partners.strip(),
        geography=geography.strip(),
    )


def _split(lines: pd.DataFrame, key: str, existing: SplitSum | None, plan_year: str) -> SplitSum:
    refs = line_refs(lines)
    amount = st.number_input(
        "Sum to share out (£ a year; negative to share out a saving)",
        value=float(existing.amount_gbp) if existing else 10_000.0, step=1_000.0, format="%.2f", key=f"{key}_amount",
    )
    chosen_before = [share.line.label() for share in existing.shares if share.line.label() in refs] if existing else []
    chosen = st.multiselect("Lines that share it", list(refs), default=chosen_before, key=f"{key}_lines",
                            placeholder="Choose two or more lines")
    if not chosen:
        raise AdjustmentError("Choose the lines that share the sum")
    ratios_before = {share.line.label(): share.ratio for share in existing.shares} if existing else {}
    columns = st.columns(min(len(chosen), 4))
    shares = []
    for position, label in enumerate(chosen):
        ratio = columns[position % len(columns)].number_input(
            f"Share for {refs[label].service}", min_value=0.0,
            value=float(ratios_before.get(label, round(100 / len(chosen), 2))), step=5.0, format="%.2f",
            key=f"{key}_ratio_{position}",
            help="Only the proportions matter: 60 and 40, or 3 and 2, split the same way.",
        )
        shares.append(Share(refs[label], ratio))
    split = SplitSum(amount_gbp=amount, shares=tuple(shares))
    st.caption(" · ".join(
        f"{share.line.service}: {format_gbp(amount * fraction)}" for share, fraction in zip(split.shares, split.fractions())
    ))
    return split


_BUILDERS = {
    Change.kind: change_editor,
    SetTo.kind: set_to_editor,
    Move.kind: move_editor,
    InflationUplift.kind: inflation_editor,
    EndService.kind: _end_service,
    AddService.kind: _add_service,
    SplitSum.kind: _split,
}


def funding_source_editor(lines: pd.DataFrame, *, key: str, plan_year: str) -> FundingSource | None:
    """Fields for one income stream, optionally ring-fenced to some lines; returns it when "Add income" is pressed."""
    name_column, kind_column = st.columns([3, 2])
    name = name_column.text_input("Source", key=f"{key}_name", placeholder="e.g. Ministry of Justice victims' grant")
    category = kind_column.selectbox("Kind", FUNDING_CATEGORIES, key=f"{key}_category")
    amount_column, rate_column = st.columns(2)
    amount = amount_column.number_input(f"Expected in {plan_year} (£)", min_value=0.0, value=0.0, step=1_000.0,
                                        format="%.2f", key=f"{key}_amount")
    rate = rate_column.number_input("Change each later year (%)", value=0.0, step=0.5, format="%.2f", key=f"{key}_rate",
                                    min_value=-100.0)
    try:
        fence = pick_target(lines, f"{key}_fence", None, required=False,
                            title="Ring-fenced to (leave empty if it may pay for anything)")
    except AdjustmentError as problem:
        st.info(escape_markdown(problem), icon=":material/edit_note:")
        fence = None
    if not st.button("Add income", key=f"{key}_add", disabled=fence is None):
        return None
    try:
        return FundingSource(source=name.strip() or category, amount_gbp=amount, category=category, percent_per_year=rate,
                             ring_fence=fence)
    except AdjustmentError as problem:
        st.error(str(problem), icon=":material/error:")
        return None
