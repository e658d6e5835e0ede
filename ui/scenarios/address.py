"""A scenario's own address: `?scenario=ID` opens it for whoever may see it."""
from __future__ import annotations

import streamlit as st

from ui.scenarios import state, storage

_FROM_ADDRESS = "scenario_opened_from_address"


def open_from_address() -> str | None:
    """Open the scenario `?scenario=ID` names, once per session; a line to show when it cannot be opened.

    A visitor asking for a draft is told exactly what a missing one gets, so a
    link never reveals that a draft exists.
    """
    asked = st.query_params.get("scenario")
    if asked is None or st.session_state.get(_FROM_ADDRESS) == asked:
        return None
    st.session_state[_FROM_ADDRESS] = asked
    try:
        scenario_id = int(asked)
        state.open_saved(scenario_id)
    except (ValueError, storage.StoreError):
        return storage.NOT_FOUND_OR_NOT_PUBLISHED
    st.session_state[state.SECTION] = state.BUILD
    return None
