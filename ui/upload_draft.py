"""The Upload page's work in progress, kept in the store (store/drafts.py) so a reload or another page returns to it.

What is kept is the file and the values of the page's own boxes (area, year,
sheet, each column's mapping, unit, the choices at Store), read from the
session at the start of each run, when they already hold what staff just
changed. A box missing from the session (a new session after a reload, or a
return from another page, which clears the page's widgets) is given its kept
value before it is drawn.
"""
from __future__ import annotations

import re
from datetime import datetime

import streamlit as st

from store.drafts import DRAFT_HOURS, Draft, discard_draft, get_draft, save_draft, update_draft_choices
from store.errors import StoreError
from ui import data_access
from ui.plain_text import escape_markdown

# The boxes whose values are the work: named by the Upload page's keys (pages/upload.py, ui/upload_review.py).
# A mapping box's key holds its sheet's name, which may hold any character.
_KEPT = re.compile(r"^upload_(area|year|kind|citation|(sheet|map|units|overlap|name|year|unplaced|formulas)_.+)$",
                   re.DOTALL)
_SAVED = "upload_draft_saved"  # (sha256, choices) last written, so an unchanged rerun writes nothing
_REMOVED = "upload_draft_removed"

KEPT_FOR = f"{DRAFT_HOURS} hours"


def kept_choices() -> dict:
    """The page's boxes as the session holds them now, ready to keep."""
    return {key: value for key, value in st.session_state.items()
            if isinstance(key, str) and _KEPT.match(key) and isinstance(value, (str, int, float, bool))}


def resume(owner: str) -> Draft | None:
    """`owner`'s draft, its kept values put back into any box the session has lost; None when there is none."""
    if st.session_state.pop(_REMOVED, False):
        discard_draft(data_access.engine(), owner)
        st.session_state.pop(_SAVED, None)
        return None
    draft = get_draft(data_access.engine(), owner)
    if draft is None:
        return None
    for key, value in draft.choices.items():
        if _KEPT.match(key) and key not in st.session_state:
            st.session_state[key] = value
    st.session_state.setdefault(_SAVED, (draft.sha256, draft.choices))
    return draft


def keep(owner: str, *, file_name: str, data: bytes, sha256: str) -> None:
    """Write the file and the boxes' values when either changed since the last write."""
    choices = kept_choices()
    saved = st.session_state.get(_SAVED)
    if saved == (sha256, choices):
        return
    engine = data_access.engine()
    try:
        if saved is None or saved[0] != sha256 or not update_draft_choices(engine, owner, choices):
            save_draft(engine, owner, file_name=file_name, file_bytes=data, choices=choices)
    except StoreError as error:
        # The upload itself still works; only coming back to it after a reload does not.
        st.warning(f"{escape_markdown(error)}; this upload will not survive a reload of the page.")
        return
    st.session_state[_SAVED] = (sha256, choices)


def file_removed(uploader_key: str) -> None:
    """The uploader's on_change: a file taken out of the box by its ✕ ends the draft too.

    A visit to another page empties the box without calling this, so the draft stays for the return.
    """
    if st.session_state.get(uploader_key) is None:
        st.session_state[_REMOVED] = True


def finish(owner: str) -> None:
    """The upload was stored, restored or discarded: nothing is left to return to."""
    discard_draft(data_access.engine(), owner)
    st.session_state.pop(_SAVED, None)


def when(moment: datetime) -> str:
    """'14:05 on 5 December' in the server's UTC, the way the store records every time."""
    return f"{moment:%H:%M} UTC on {moment.day} {moment:%B}"
