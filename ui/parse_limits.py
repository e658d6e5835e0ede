"""The limits an uploaded file is parsed under, from the environment or secrets.toml's [parse_limits]."""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from loaders.worker import Limits

SECTION = "parse_limits"


def parse_limits() -> Limits:
    """A bad value is refused with the setting's name, when the file is read: never a silent default."""
    try:
        section = st.secrets.get(SECTION) if st.secrets.load_if_toml_exists() else None
    except Exception:  # a malformed secrets.toml must not take the upload page down; the env still applies
        section = None
    return Limits.from_settings(section if isinstance(section, Mapping) else None)
