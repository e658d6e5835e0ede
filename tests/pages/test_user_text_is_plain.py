"""A dataset's name, citation and file name, typed by staff, show in the public sidebar as words."""
from __future__ import annotations

import store
from tests.pages.conftest import REPO_ROOT

OVERVIEW = "pages/overview.py"
HOSTILE_NAME = "![t](https://example.invalid/t.png) Durham grants"


def test_a_dataset_named_as_an_image_is_listed_as_its_words(run_page, bundled_store, bundled_loads):
    durham = bundled_loads["durham_community_safety_grant_2015-16.xlsx"]
    engine = store.make_engine(bundled_store)
    path = REPO_ROOT / "data" / "durham_community_safety_grant_2015-16.xlsx"
    store.save_dataset(
        engine, durham.tidy.assign(source_file="durham_[x](https:__e.invalid).xlsx"), durham.declared_totals,
        name=HOSTILE_NAME, area="Durham", kind="decision", original_filename="durham_[x](https:__e.invalid).xlsx",
        original_bytes=path.read_bytes() + b" ", uploaded_by="j.okafor@leics.pcc.police.uk",
        citation="**Durham** Police and Crime Panel, 3 February 2015",
    )
    at = run_page(OVERVIEW, {"area": "Durham"})
    assert not at.exception
    sidebar = "\n".join(element.value for element in at.sidebar.markdown)
    sources = "\n".join(element.value for element in at.markdown)
    assert "\\!\\[t\\](https:\\/\\/example.invalid/t.png) Durham grants" in sidebar + sources
    assert "![t](" not in sidebar + sources and "[x](" not in sources
    assert "\\*\\*Durham\\*\\* Police and Crime Panel" in sources
