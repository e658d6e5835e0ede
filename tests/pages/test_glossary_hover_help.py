"""Each chart page explains the glossary terms it uses where they first appear, on the bundled data."""
from __future__ import annotations

import pytest

from ui.glossary import term_help

# page -> the glossary terms whose hover help it carries
TERMS_BY_PAGE = {
    "pages/overview.py": ["Procured – jointly funded"],
    "pages/commissioning.py": ["Procured – jointly funded"],
    "pages/strategic_areas.py": ["Strategic area"],
    "pages/trends.py": ["Real terms"],
    "pages/geography.py": ["Strategic area"],
    "pages/compare_areas.py": ["PCC"],
    "pages/data.py": ["Allocation"],
    "pages/providers.py": ["Strategic area"],
}


def _help_texts(node) -> list[str]:
    """Every help text in the rendered page, whichever element carries it."""
    found = []
    text = getattr(getattr(node, "proto", None), "help", "")
    if text:
        found.append(text)
    for child in getattr(node, "children", {}).values():
        found.extend(_help_texts(child))
    return found


@pytest.mark.parametrize("page", sorted(TERMS_BY_PAGE))
def test_the_page_explains_its_terms_on_hover(run_page, page):
    at = run_page(page, {"area": "all"})

    assert not at.exception
    helps = _help_texts(at._tree)
    for term in TERMS_BY_PAGE[page]:
        assert any(term_help(term) in text for text in helps), f"{page} has no hover help for {term}"
