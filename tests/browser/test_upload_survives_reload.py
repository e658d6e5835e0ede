"""A member of staff signs in, starts an upload, corrects a column, reloads the page: still signed in, same upload.

Its own dashboard server, with a local staff account and a cookie secret in
a secrets file of its own (the shared server runs signed out); Chromium is
the shared one, driven by Playwright.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from store import make_engine
from tests.browser.conftest import (CHROMIUM, MISSING, REPO_ROOT, free_port, page_text, wait_until_drawn,
                                    wait_until_healthy)
from tests.pages.test_upload_page import COOKIE_SECRET, next_framework
from ui.passwords import hash_password
from uploads.bundled import load_bundled

USER, PASSWORD = "j.okafor", "Victim First 2020/21"


@pytest.fixture(scope="module")
def staff_dashboard(tmp_path_factory):
    if MISSING:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("staff_dashboard")
    store_url = f"sqlite:///{folder / 'victims_spend.sqlite'}"
    engine = make_engine(store_url)
    load_bundled(engine)
    engine.dispose()
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[auth]\ncookie_secret = "{COOKIE_SECRET}"\n\n'
                       f'[staff_accounts]\n"{USER}" = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    port = free_port()
    log_path = folder / "streamlit.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--secrets.files", str(secrets)],
            cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": store_url}, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server, log_path)
        yield base, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label` (a combobox to the browser), as a person would."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_until_drawn(page)


def _box_value(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def test_a_reload_keeps_the_sign_in_and_the_upload_with_its_corrections(browser, staff_dashboard):
    base, folder = staff_dashboard
    upload = folder / "leicestershire_framework_2021-24.xlsx"
    upload.write_bytes(next_framework())
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/upload")
        wait_until_drawn(page)
        page.get_by_role("textbox", name="User name").fill(USER)
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(state="attached", timeout=60_000)
        wait_until_drawn(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        # The title names Leicestershire, so the area box is filled and the preview follows.
        page.get_by_text("2. What will be stored").wait_for(timeout=60_000)
        wait_until_drawn(page)
        assert _box_value(page, "Area (PCC)") == "Leicestershire"
        _choose(page, "C: Notes", "Provision (what the service does)")
        assert _box_value(page, "C: Notes") == "Provision (what the service does)"
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["victims_staff_sign_in"]["sameSite"] == "Strict"

        page.reload()
        wait_until_drawn(page)
        page.get_by_text("Continuing your upload of leicestershire_framework_2021-24.xlsx").wait_for(timeout=60_000)
        wait_until_drawn(page)
        text = page_text(page)
        assert f"Signed in as {USER}" in text and "User name" not in text
        assert _box_value(page, "Area (PCC)") == "Leicestershire"
        assert _box_value(page, "C: Notes") == "Provision (what the service does)"
        assert "2021/22: " in text and "2. What will be stored" in text

        # Signing out removes the cookie: the next reload asks for the password again.
        page.get_by_role("button", name="Sign out").click()
        page.get_by_label("User name").wait_for(timeout=60_000)
        wait_until_drawn(page)
        page.reload()
        wait_until_drawn(page)
        assert "victims_staff_sign_in" not in {cookie["name"] for cookie in context.cookies()}
        page.get_by_label("User name").wait_for(timeout=60_000)
    finally:
        context.close()
