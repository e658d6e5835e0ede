"""Every page of the navigation, signed out, on a laptop and on a phone: it draws, and a phone never scrolls sideways.

The screenshots (tests/browser/out/<page>-laptop.png and -phone.png, what the
screen shows first, and -laptop-full.png and -phone-full.png, the whole page,
on the phone with the sidebar closed) are for a person to look at; staff pages
show their sign-in prompt.
"""
from __future__ import annotations

from tests.browser.conftest import DashboardPage, wait_until_drawn


def full_height_screenshot(page, path) -> None:
    """The whole page: the viewport grown to the content's height, then put back."""
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
                          ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
                              .map(element => element.scrollHeight))"""
    )
    viewport = page.viewport_size
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 12_000)})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


def test_every_page_draws_on_a_laptop(laptop_page, out_dir, dashboard_page: DashboardPage):
    laptop_page.screenshot(path=out_dir / f"{dashboard_page.slug}-laptop.png")
    full_height_screenshot(laptop_page, out_dir / f"{dashboard_page.slug}-laptop-full.png")

    main = laptop_page.locator('[data-testid="stMain"]')
    assert not laptop_page.locator('[data-testid="stException"]').count()
    if dashboard_page.staff_only:
        assert "sign in" in main.inner_text().lower()
    else:
        assert main.locator("h1").first.inner_text().strip()


def test_a_phone_never_scrolls_the_page_sideways(phone_page, out_dir, dashboard_page: DashboardPage):
    # As it opens (the sidebar is drawn open, over the page), then as read once the sidebar is closed.
    phone_page.screenshot(path=out_dir / f"{dashboard_page.slug}-phone.png")
    widths_open = page_widths(phone_page)
    collapse = phone_page.get_by_role("button", name="Collapse sidebar")
    if collapse.is_visible():
        collapse.click()
        phone_page.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().right <= 1""")
        wait_until_drawn(phone_page)
    full_height_screenshot(phone_page, out_dir / f"{dashboard_page.slug}-phone-full.png")
    widths_closed = page_widths(phone_page)

    for widths in (widths_open, widths_closed):
        assert widths["scroll"] <= widths["inner"] + 1, (
            f"{dashboard_page.title} is {widths['scroll']} px wide on a {widths['inner']} px phone")


def page_widths(page) -> dict:
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
