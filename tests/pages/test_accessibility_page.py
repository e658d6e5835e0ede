"""Someone who cannot use a page reads how the dashboard is checked, what is known not to work, and whom to tell."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import PAGE_TIMEOUT_S, REPO_ROOT

ACCESSIBILITY = str(REPO_ROOT / "pages" / "accessibility.py")


def statement(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(ACCESSIBILITY, default_timeout=PAGE_TIMEOUT_S)
    if secrets is not None:
        at.secrets = secrets
    at.run()
    assert not at.exception
    return at


def test_the_statement_says_what_is_tested_what_is_missing_and_how_to_report(bundled_store):
    at = statement()

    assert at.title[0].value == "Accessibility statement"
    assert [subheader.value for subheader in at.subheader] == ["What is tested", "Known gaps", "Reporting a problem"]
    text = "\n".join(element.value for element in at.markdown)
    assert "WCAG" in text and "2.2" in text and "AA" in text
    assert "axe-core" in text and "colour-blindness" in text and "keyboard" in text and "contrast" in text
    assert "contact the Office of the Police and Crime Commissioner (OPCC) that publishes this dashboard" in text


def test_without_a_contact_set_the_page_tells_the_operator_where_to_set_one_and_invents_none(bundled_store):
    at = statement()

    text = "\n".join(element.value for element in [*at.markdown, *at.caption])
    assert "[site]" in text and "secrets.toml" in text
    assert "@" not in text and "Contact:" not in text


def test_the_operators_contact_is_shown_as_its_words(bundled_store):
    at = statement({"site": {"contact": "Accessibility enquiries: [our form](https://example.invalid/access)"}})

    contact = [element.value for element in at.markdown if element.value.startswith("**Contact:**")]
    assert contact == ["**Contact:** Accessibility enquiries: \\[our form\\](https:\\/\\/example.invalid/access)"]
