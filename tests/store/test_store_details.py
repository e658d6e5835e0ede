"""Staff correct a dataset's name, area, source and notes after upload; the change is audited."""
from __future__ import annotations

import pytest

import store
from store.details import update_dataset_details
from store.errors import StoreError
from store_testdata import store_framework, tidy_lines

CITATION = "Leicestershire OPCC decision EXE0003/20, revised Appendix A"


def test_details_change_on_every_version_and_the_audit_log_says_what_was_before(engine):
    first = store_framework(engine)
    second = store_framework(engine, original_bytes=b"revised", replaces=first,
                             tidy=tidy_lines(victim_first_2020_21=560_000))
    changes = update_dataset_details(
        engine, second, "j.okafor", name="Leicestershire PCC commissioning framework 2018/19–2020/21",
        area="Leicestershire", citation=CITATION + ", 18 February 2020",
        notes="2020/21 figures revised after the February panel.")
    assert changes[0] == ("name 'Leicestershire commissioning framework 2018-21' → "
                          "'Leicestershire PCC commissioning framework 2018/19–2020/21'")
    history = store.dataset_history(engine, first)
    assert set(history["name"]) == {"Leicestershire PCC commissioning framework 2018/19–2020/21"}
    assert history["citation"].tolist() == [CITATION, CITATION + ", 18 February 2020"]
    entry = store.audit_log(engine, second).iloc[0]
    assert (entry["user"], entry["action"]) == ("j.okafor", "edit_details")
    assert "notes 'not recorded' → '2020/21 figures revised after the February panel.'" in entry["detail"]
    # A restore brings back the earlier version's figures, not its old name.
    restored = store.restore_version(engine, first, "j.okafor")
    assert store.dataset_history(engine, first).set_index("id").loc[restored, "notes"] == (
        "2020/21 figures revised after the February panel.")


def test_a_new_area_reaches_the_lines_and_totals_every_page_reads(engine):
    dataset = store_framework(engine, area="Leicester")
    update_dataset_details(engine, dataset, "j.okafor", name="Leicestershire commissioning framework 2018-21",
                           area="Leicestershire", citation=CITATION, notes=None)
    assert set(store.load_spend(engine)["area"]) == {"Leicestershire"}
    assert set(store.load_declared_totals(engine)["area"]) == {"Leicestershire"}


def test_nothing_changed_writes_nothing_and_a_blank_name_is_refused(engine):
    dataset = store_framework(engine)
    version = store.store_version(engine)
    assert update_dataset_details(engine, dataset, "j.okafor", name=" Leicestershire commissioning framework 2018-21 ",
                                  area="Leicestershire", citation=CITATION, notes="  ") == []
    assert store.store_version(engine) == version
    with pytest.raises(StoreError, match="needs a name"):
        update_dataset_details(engine, dataset, "j.okafor", name="  ", area="Leicestershire", citation=None, notes=None)


def test_replacing_a_dataset_keeps_the_notes_staff_wrote_on_it(engine):
    first = store_framework(engine)
    update_dataset_details(engine, first, "j.okafor", name="Leicestershire commissioning framework 2018-21",
                           area="Leicestershire", citation=CITATION,
                           notes="Decision text says £4,385,961; the table adds to £4,395,961.")
    second = store_framework(engine, original_bytes=b"revised", replaces=first,
                             tidy=tidy_lines(victim_first_2020_21=560_000))
    history = store.dataset_history(engine, first).set_index("id")
    assert history.loc[second, "notes"] == "Decision text says £4,385,961; the table adds to £4,395,961."
    # A third version from the second carries them on, and the dataset's list shows them once current.
    third = store_framework(engine, original_bytes=b"revised again", replaces=second)
    current = store.list_datasets(engine, current_only=True).set_index("id")
    assert current.loc[third, "notes"] == history.loc[second, "notes"]
