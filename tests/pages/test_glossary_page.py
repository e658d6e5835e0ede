"""A panel member meets 'IDVA' or 'declared total' and looks it up: each word explained, with the paper that uses it."""
from __future__ import annotations

import pytest

from analysis.glossary import find_term, glossary
from loaders.schema import COMMISSIONING_TYPES
from ui.glossary import term_help
from ui.plain_text import escape_markdown

GLOSSARY = "pages/glossary.py"
ASKED_FOR = ["IDVA", "ISVA", "PCC", "PFCC", "OPCC", *COMMISSIONING_TYPES, "Declared total", "Allocation",
             "Real terms", "Funding envelope", "Strategic area"]


def test_every_word_asked_for_has_an_entry_with_its_own_heading(run_page):
    at = run_page(GLOSSARY)

    assert not at.exception
    headings = [subheader.value for subheader in at.subheader]
    assert headings == [term.term for term in glossary()]
    assert set(ASKED_FOR) <= set(headings)
    assert f"{len(glossary())} words and abbreviations" in at.markdown[0].value


def test_each_entry_quotes_the_documents_that_use_it_or_says_none_does(run_page):
    at = run_page(GLOSSARY)

    text = "\n".join(element.value for element in at.markdown)
    notes = "\n".join(element.value for element in at.caption)
    for term in glossary():
        assert escape_markdown(term.meaning) in text
        for usage in term.used_in:
            assert f"> “{escape_markdown(usage.quote)}”  \n> — {escape_markdown(usage.document)}" in text
        if not term.used_in:
            # Real terms, funding envelope and Other: no bundled paper uses them, and the page says so.
            assert term.usage_note and escape_markdown(term.usage_note) in notes
    assert "> “the current PFCC-commissioned Independent Domestic Violence Advocate (IDVA) service" in text


def test_finding_a_word_leaves_only_the_entries_that_mention_it(run_page):
    at = run_page(GLOSSARY)

    at.text_input(key="glossary_find").input("sexual violence").run()

    assert [subheader.value for subheader in at.subheader] == ["ISVA"]


@pytest.mark.parametrize("term", ASKED_FOR)
def test_hover_help_is_the_entrys_short_form_as_plain_words(term):
    entry = find_term(term.upper())

    assert term_help(term) == escape_markdown(entry.short) + " See the Glossary page for more."
    assert entry.short.casefold().startswith(term.casefold())

