"""Every page of the navigation, signed out, on a laptop and on a phone: it draws, and a phone never scrolls sideways.

The screenshots (tests/browser/out/<page>-laptop.png and -phone.png, what the
screen shows first, and -laptop-full.png and -phone-full.png, the whole page)
are for a person to look at; staff pages show their sign-in prompt.
"""
from __future__ import annotations

from tests.browser.conftest import DashboardPage


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
    phone_page.screenshot(path=out_dir / f"{dashboard_page.slug}-phone.png")
    full_height_screenshot(phone_page, out_dir / f"{dashboard_page.slug}-phone-full.png")

    widths = phone_page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"] + 1, (
        f"{dashboard_page.title} is {widths['scroll']} px wide on a {widths['inner']} px phone")
