"""Settings in .streamlit/config.toml that safety depends on."""
from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_streamlits_own_table_download_is_off_so_only_escaped_downloads_are_offered():
    # Its CSV would carry a provider named '=HYPERLINK(...)' into Excel as a live formula.
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))

    assert settings["client"]["disableDataExport"] is True


def test_visitors_never_see_a_traceback():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))

    assert settings["client"]["showErrorDetails"] == "none"
