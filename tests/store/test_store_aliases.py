"""Provider aliases: telling the dashboard that two spellings are one charity."""
from __future__ import annotations

import pytest

from store import StoreError, audit_log, list_aliases, remove_alias, set_alias, store_version


def test_an_alias_can_be_added_changed_and_removed(engine):
    set_alias(engine, "UAVA", "United Against Violence and Abuse (UAVA)", user="alice")
    set_alias(engine, " Catch22 ", "Catch 22", user="alice")

    aliases = list_aliases(engine)
    assert aliases["alias"].tolist() == ["Catch22", "UAVA"]
    assert aliases["canonical_name"].tolist() == ["Catch 22", "United Against Violence and Abuse (UAVA)"]
    assert aliases["created_by"].tolist() == ["alice", "alice"]

    set_alias(engine, "Catch22", "Catch22 Charity Ltd", user="bob")
    assert list_aliases(engine).set_index("alias").loc["Catch22", "canonical_name"] == "Catch22 Charity Ltd"

    remove_alias(engine, "UAVA", user="bob")
    assert list_aliases(engine)["alias"].tolist() == ["Catch22"]
    assert audit_log(engine)["action"].tolist() == ["alias_remove", "alias_change", "alias_add", "alias_add"]


def test_removing_an_unknown_alias_says_so_and_writes_nothing(engine):
    version = store_version(engine)

    with pytest.raises(StoreError, match="no alias 'Victim Support'"):
        remove_alias(engine, "Victim Support", user="alice")

    assert store_version(engine) == version


@pytest.mark.parametrize("alias, canonical", [("", "Catch 22"), ("Catch 22", "  "), ("Catch 22", "Catch 22")])
def test_meaningless_aliases_are_refused(engine, alias, canonical):
    with pytest.raises(StoreError):
        set_alias(engine, alias, canonical, user="alice")

    assert list_aliases(engine).empty
