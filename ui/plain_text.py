"""Text from a file or a user, shown on a page as the words it is: never markdown, links or images.

Streamlit renders st.markdown, st.error, st.warning and friends as markdown, so a
provider named "![x](https://example.invalid/t.png)" or a header "[click](…)" would
become an image or a link on a panel member's screen. Every such character is
escaped with a backslash, which markdown shows as the character itself.
"""
from __future__ import annotations

import re

# What makes markdown of plain words: emphasis, code, links and images, HTML, tables, maths.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~|!$])")
# At the start of a line these begin a heading, a list or a numbered list.
_LINE_START = re.compile(r"^(?:([#+\-])|(\d+)\.)")


def escape_markdown(text: object) -> str:
    # A line break would start a new markdown block (a heading, a list); shown as a space instead.
    escaped = _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
    # A bare address is turned into a link by the renderer: broken up, it reads the same and links nowhere.
    escaped = escaped.replace("://", ":\\/\\/").replace("www.", "www\\.")
    return _LINE_START.sub(lambda match: f"\\{match.group(1)}" if match.group(1) else f"{match.group(2)}\\.",
                           escaped)
