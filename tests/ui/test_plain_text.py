"""Text from files and users shows as its words: no image, link, emphasis or HTML from data."""
from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from ui.plain_text import escape_markdown

RENDERER = MarkdownIt("gfm-like")

HOSTILE = [
    "![tracker](https://example.invalid/t.png)", "[Victim First](https://example.invalid)", "**Catch 22**",
    "<img src=x onerror=alert(1)>", "`code`", "# Heading", "1. Victim First", "- Victim First", "$x^2$",
    "https://example.invalid/phish", "www.example.invalid", "Victim_First_Service", "~~struck~~", "a | b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_the_same_words_and_nothing_else(text):
    html = RENDERER.render(escape_markdown(text))
    assert "<a" not in html and "<img" not in html and "<strong>" not in html and "<code>" not in html
    assert "<h1>" not in html and "<ol>" not in html and "<ul>" not in html and "<s>" not in html
    assert "<table>" not in html


@pytest.mark.parametrize("text", ["Victim First (£558,322) for 2020/21", "Sexual Assault Referral Centre (SARC)"])
def test_ordinary_words_are_left_readable(text):
    assert escape_markdown(text) == text
