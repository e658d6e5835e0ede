"""The compare view's own address: `?compare=ID,ID` sets saved scenarios side by side for whoever may see them."""
from __future__ import annotations

import streamlit as st

from scenarios.records import ScenarioPlan
from ui.plain_text import escape_markdown
from ui.scenarios import state, storage
from ui.scenarios.compare import draw_comparison

# Enough for a panel's options on one screen; a longer list is someone probing ids.
MOST_COMPARED = 6


def asked_ids() -> list[str] | None:
    """The ids `?compare=` names, in order and without repeats; None when the address names no comparison."""
    asked = st.query_params.get("compare")
    if asked is None:
        return None
    ids = [part.strip() for part in asked.split(",") if part.strip()]
    return list(dict.fromkeys(ids))[:MOST_COMPARED]


def plans_from_address(ids: list[str]) -> tuple[dict[str, ScenarioPlan], list[str]]:
    """The plans this person may see, by name, and one line for each id that cannot be opened.

    A visitor asking for a draft gets exactly what a missing id gets, as with
    `?scenario=`, so the address never reveals that a draft exists.
    """
    plans: dict[str, ScenarioPlan] = {}
    unopened = []
    for asked in ids:
        try:
            plan = state.saved_scenario(int(asked)).plan
        except (ValueError, storage.StoreError):
            unopened.append(f"Scenario {escape_markdown(asked)}: {storage.NOT_FOUND_OR_NOT_PUBLISHED}.")
            continue
        label = plan.name if plan.name not in plans else f"{plan.name} (scenario {int(asked)})"
        plans[label] = plan
    return plans, unopened


_FROM_ADDRESS = "scenario_compare_from_address"


def show_compare_first(ids: list[str] | None) -> None:
    """A compare link lands on the Compare section, once, so the reader can still move to another."""
    if ids is not None and st.session_state.get(_FROM_ADDRESS) != ids:
        st.session_state[_FROM_ADDRESS] = ids
        st.session_state[state.SECTION] = state.COMPARE


def address_comparison(ids: list[str]) -> None:
    """The Compare section for a compare link: what could not be opened, then the rest side by side."""
    plans, unopened = plans_from_address(ids)
    for line in unopened:
        st.warning(line, icon=":material/search_off:")
    if len(plans) < 2:
        st.info("A comparison needs two or more scenarios you can see: check the ids after ?compare=.",
                icon=":material/compare_arrows:")
        return
    draw_comparison(plans)
