"""Who is signed in. Browsing is open; changing data needs a signed-in member of staff."""
from __future__ import annotations

import streamlit as st


def current_user() -> str | None:
    """The signed-in person's email or name, from OIDC (st.user) or a local staff account."""
    user = st.user
    if getattr(user, "is_logged_in", False):
        return user.get("email") or user.get("name") or "signed-in user"
    return st.session_state.get("staff_user")


def is_signed_in() -> bool:
    return current_user() is not None
