"""On a phone the Upload page's column-mapping boxes run A, B, C… down the screen, as the file's columns do.

Streamlit stacks columns on a narrow screen, so boxes laid out column by
column would read A, D, G, B, E, H…; the page lays them out a row of boxes at
a time. Checked where it matters, at 390 px in Chromium, on next year's
Leicestershire framework (built from the seed's Appendix A).
"""
from __future__ import annotations

import re

from tests.browser.conftest import PHONE, wait_until_drawn
from tests.browser.test_upload_survives_reload import PASSWORD, USER, staff_dashboard  # noqa: F401 (fixture)
from tests.pages.test_upload_page import next_framework

LETTER_BOX = re.compile(r"^([A-Z]{1,2}): ")


def _column_order(letters: list[str]) -> list[str]:
    return sorted(letters, key=lambda letters_: (len(letters_), letters_))


def test_the_mapping_boxes_read_in_the_files_column_order_on_a_phone(browser, staff_dashboard):  # noqa: F811
    base, folder = staff_dashboard
    upload = folder / "leicestershire_framework_2021-24_phone.xlsx"
    upload.write_bytes(next_framework())
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
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
        page.get_by_text("2. What will be stored").wait_for(timeout=60_000)
        wait_until_drawn(page)

        boxes = []
        for box in page.get_by_role("combobox").all():
            label = box.get_attribute("aria-label") or ""
            found = LETTER_BOX.match(label)
            if found:
                where = box.bounding_box()
                boxes.append((where["y"], where["x"], found.group(1)))
        letters = [letter for _, _, letter in sorted(boxes)]
        assert len(letters) >= 6, f"expected the file's columns as boxes, found {letters}"
        assert letters == _column_order(letters)
        # One box beside another would be a sideways read on a phone: each is below the last.
        tops = [top for top, _, _ in sorted(boxes)]
        assert all(later > earlier for earlier, later in zip(tops, tops[1:]))
        page.screenshot(path=str(folder / "mapping_phone.png"), full_page=True)
    finally:
        context.close()
