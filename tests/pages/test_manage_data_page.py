"""Staff look after what is stored: who uploaded what, the original files, new versions, deletions, aliases.

An admin deletes, sees what was deleted, and undoes it.
"""
from __future__ import annotations

import json

import pandas as pd

import store
from tests.pages.test_upload_page import ADMIN_SECRETS, STAFF, STAFF_SECRETS, XLSX, open_page, texts
from tests.uploads.helpers import APPENDIX, appendix_rows, row_of, spend_frame, store_fingerprint, xlsx_bytes
from scenarios.baselines import BaselineRef
from scenarios.records import ScenarioPlan
from tests.scenarios.scenario_examples import commissioners_question
from ui.plain_text import escape_markdown
from ui.scenarios.storage import save_plan
from uploads.catalogue import delete_question, scenarios_warning

MANAGE = "pages/manage_data.py"
FRAMEWORK = "Leicestershire PCC Commissioning Framework 2018/19–2020/21"


def test_signed_out_shows_only_a_sign_in_prompt(bundled_store):
    at = open_page(MANAGE, user={"is_logged_in": False}, secrets={"staff_accounts": {}})
    assert not at.exception
    assert texts(at.title) == ["Manage data"]
    assert len(at.dataframe) == 0 and len(at.download_button) == 0 and len(at.selectbox) == 0


def test_every_dataset_is_listed_with_who_uploaded_it(bundled_store, bundled_manifest):
    at = open_page(MANAGE, user=STAFF)
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["Dataset"]) == sorted(entry["name"] for entry in bundled_manifest)
    framework = table[table["Dataset"] == FRAMEWORK].iloc[0]
    assert (framework["Area"], framework["Years"], framework["Lines"]) == (
        "Leicestershire", "2018/19, 2019/20, 2020/21", 121)
    assert framework["Total (£)"] == 4_283_405 + 4_316_550 + 4_395_961  # the three printed Grand Totals
    assert set(table["Uploaded by"]) == {"bundled data (make run)"}
    # The page opens on the newest dataset, the manifest's last, and offers its file exactly as stored.
    assert f"Download the original file ({bundled_manifest[-1]['file']})" in [
        button.label for button in at.download_button]
    assert "Download a blank template" in [button.label for button in at.download_button]


def test_delete_asks_naming_the_dataset_then_deletes_only_it(bundled_store):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.button(key="manage_delete_1").click().run()
    listing = store.list_datasets(engine).set_index("id")
    question = listing.loc[1].copy()
    question["id"] = 1
    assert texts(at.warning) == [delete_question(question)]
    assert texts(at.warning)[0].startswith(f"Delete '{FRAMEWORK}' (dataset 1, version 1): 121 spend lines")
    # Deleting is soft: the question says how to get it back, never that it is for ever.
    assert texts(at.warning)[0].endswith("An admin can undo it under 'Deleted datasets' on this page.")
    # Cancel changes nothing.
    at.button(key="manage_delete_no_1").click().run()
    assert store_fingerprint(engine) == before

    at.button(key="manage_delete_1").click().run()
    at.button(key="manage_delete_yes_1").click().run()
    assert not at.exception
    assert f"Deleted '{FRAMEWORK}' (dataset 1)." in texts(at.success)
    after = store_fingerprint(engine)
    assert 1 not in after["lines_by_dataset"]
    assert after["lines"] == before["lines"] - 121
    assert store.audit_log(engine)["user"].iloc[0] == STAFF["email"]


def test_replace_with_a_new_version_shows_the_history(bundled_store):
    rows = appendix_rows()
    rows[row_of(rows, "CHISVA")][6] = 52_000
    rows[row_of(rows, "Victims Subtotal")][6] = 1_397_707
    rows[row_of(rows, "Grand Total")][6] = 4_397_961
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    uploader = next(u for u in at.file_uploader if u.label == "Corrected spreadsheet")
    uploader.set_value(("framework_corrected.xlsx", xlsx_bytes(rows), XLSX)).run()
    assert "All 15 totals in the file match the rows they cover." in texts(at.success)
    at.button(key="manage_replace_confirm_1").click().run()
    assert not at.exception

    engine = store.make_engine(bundled_store)
    history = store.dataset_history(engine, 1)
    assert history["original_filename"].tolist() == [
        "leicestershire_commissioning_framework_2018-21.xlsx", "framework_corrected.xlsx"]
    assert history["is_current"].tolist() == [False, True]
    new_id = int(history["id"].iloc[-1])
    assert at.selectbox(key="manage_dataset").value == new_id
    assert at.dataframe[1].value["Version"].tolist() == [2, 1]  # the versions table, newest first
    current = store.load_spend(engine)
    chisva = current[(current["service"] == "CHISVA") & (current["financial_year"] == "2020/21")]
    assert chisva[["dataset_id", "amount_gbp"]].values.tolist() == [[new_id, 52_000]]


def test_aliases_are_added_changed_and_removed(bundled_store):
    engine = store.make_engine(bundled_store)
    at = open_page(MANAGE, user=STAFF)
    # Appendix A itself spells Leicestershire Partnership NHS Trust two ways.
    at.selectbox(key="manage_alias_name").set_value("Leicestershire Partnership Trust")
    at.text_input(key="manage_alias_canonical").set_value("Leicestershire Partnership NHS Trust")
    next(b for b in at.button if b.label == "Save alias").click().run()
    assert not at.exception
    assert store.list_aliases(engine)[["alias", "canonical_name"]].values.tolist() == [
        ["Leicestershire Partnership Trust", "Leicestershire Partnership NHS Trust"]]

    at.selectbox(key="manage_alias_name").set_value("Leicestershire Partnership Trust")
    at.text_input(key="manage_alias_canonical").set_value("Leicestershire Partnership NHS Trust (LPT)")
    next(b for b in at.button if b.label == "Save alias").click().run()
    assert store.list_aliases(engine)["canonical_name"].tolist() == ["Leicestershire Partnership NHS Trust (LPT)"]

    at.selectbox(key="manage_alias_remove").set_value("Leicestershire Partnership Trust").run()
    at.button(key="manage_alias_remove_button").click().run()
    assert store.list_aliases(engine).empty
    assert store.audit_log(engine)["action"].tolist()[:3] == ["alias_remove", "alias_change", "alias_add"]


# --- deleted datasets and undo --------------------------------------------------------------------

def _delete_on_the_page(at, dataset_id: int):
    at.selectbox(key="manage_dataset").set_value(dataset_id).run()
    at.button(key=f"manage_delete_{dataset_id}").click().run()
    at.button(key=f"manage_delete_yes_{dataset_id}").click().run()
    return at


def test_an_admin_undoes_a_deletion_and_the_figures_come_back(bundled_store):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    assert "Deleted datasets" in texts(at.subheader)
    assert not [button for button in at.button if button.label == "Undo"]  # nothing deleted yet

    _delete_on_the_page(at, 1)
    assert store_fingerprint(engine)["lines"] == before["lines"] - 121
    [listed] = [text for text in texts(at.text) if text.startswith(FRAMEWORK)]
    assert listed.startswith(f"{FRAMEWORK} (Leicestershire, id 1, version 1): 121 lines, £12,995,916.00; "
                             f"deleted by {STAFF['email']} on ")

    at.button(key="manage_undo_1").click().run()

    assert not at.exception and not at.error
    assert f"'{FRAMEWORK}' (dataset 1) is back." in texts(at.success)
    after = store_fingerprint(engine)
    # Everything a user sees is as it was, with the deletion and its undo in the audit log.
    assert {key: after[key] for key in after if key not in ("audit_entries", "version")} == {
        key: before[key] for key in before if key not in ("audit_entries", "version")}
    assert after["audit_entries"] == before["audit_entries"] + 2
    undo = store.audit_log(engine).iloc[0]
    assert (undo["action"], undo["user"], undo["dataset_id"]) == ("restore", STAFF["email"], 1)
    assert "manage_undo_1" not in {button.key for button in at.button}
    assert at.selectbox(key="manage_dataset").value == 1


def test_staff_see_no_deleted_datasets_and_no_undo(bundled_store):
    engine = store.make_engine(bundled_store)
    store.delete_dataset(engine, 1, user="an.admin@leics.pcc.police.uk")

    at = open_page(MANAGE, user=STAFF)

    assert not at.exception
    assert "Deleted datasets" not in texts(at.subheader)
    assert not [button for button in at.button if button.label == "Undo"]
    assert not [text for text in texts(at.text) if text.startswith(FRAMEWORK)]


def test_an_admin_made_staff_mid_session_cannot_undo(bundled_store):
    engine = store.make_engine(bundled_store)
    store.delete_dataset(engine, 1, user="an.admin@leics.pcc.police.uk")
    before = store_fingerprint(engine)
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    assert "manage_undo_1" in {button.key for button in at.button}

    at.secrets = STAFF_SECRETS  # an administrator edits secrets.toml meanwhile
    at.button(key="manage_undo_1").click().run()

    assert not at.exception
    assert store_fingerprint(engine) == before
    assert store.list_deleted_datasets(engine)["id"].tolist() == [1]
    assert "manage_undo_1" not in {button.key for button in at.button}


def test_an_undo_the_store_refuses_is_one_sentence_and_changes_nothing(bundled_store):
    engine = store.make_engine(bundled_store)
    name, original = store.original_file(engine, 1)
    lines = spend_frame(engine, 1)
    store.delete_dataset(engine, 1, user="an.admin@leics.pcc.police.uk")
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    # Meanwhile someone uploads the very same file again.
    again = store.save_dataset(
        engine, lines, None, name=FRAMEWORK, area="Leicestershire",
        kind="framework", original_filename=name, original_bytes=original, uploaded_by=STAFF["email"],
    )
    before = store_fingerprint(engine)

    at.button(key="manage_undo_1").click().run()

    assert not at.exception
    [refusal] = texts(at.error)
    assert refusal.startswith(f"Cannot undo the deletion of '{FRAMEWORK}' (id 1): This file is already stored "
                              f"as dataset '{FRAMEWORK}' (id {again})")
    assert refusal.endswith("Delete that one first, or the figures would be counted twice. Nothing was changed.")
    assert store_fingerprint(engine) == before


# --- versions: restore and compare ------------------------------------------------------------------

def _corrected_framework(engine) -> int:
    """Appendix A with CHISVA's 2020/21 budget corrected from £50,000 to £52,000, stored as version 2."""
    lines = spend_frame(engine, 1)
    chisva = (lines["service"] == "CHISVA") & (lines["financial_year"] == "2020/21")
    return store.save_dataset(
        engine, lines.assign(amount_gbp=lines["amount_gbp"].where(~chisva, 52_000.0)), None, name=FRAMEWORK,
        area="Leicestershire", kind="framework", original_filename="framework_corrected.xlsx",
        original_bytes=b"the corrected framework", uploaded_by="an.officer@leics.pcc.police.uk", replaces=1)


def _chisva_2020_21(engine) -> list[float]:
    current = store.load_spend(engine)
    return current.loc[(current["service"] == "CHISVA") & (current["financial_year"] == "2020/21")
                       & (current["area"] == "Leicestershire"), "amount_gbp"].tolist()


def test_staff_make_an_earlier_version_current_again_and_its_figures_come_back(bundled_store):
    engine = store.make_engine(bundled_store)
    second = _corrected_framework(engine)
    assert _chisva_2020_21(engine) == [52_000.0]
    at = open_page(MANAGE, user=STAFF)  # staff, not admin: restoring loses nothing
    at.selectbox(key="manage_dataset").set_value(second).run()
    assert at.selectbox(key=f"manage_restore_choice_{second}").value == 1

    at.button(key=f"manage_restore_{second}").click().run()

    assert not at.exception and not at.error
    history = store.dataset_history(engine, 1)
    restored = int(history["id"].iloc[-1])
    assert history["version"].tolist() == [1, 2, 3] and history["is_current"].tolist() == [False, False, True]
    assert f"Version 1 of '{FRAMEWORK}' is current again, as version 3 (dataset {restored}); version 2 is kept in " \
           "the history." in texts(at.success)
    assert _chisva_2020_21(engine) == [50_000.0]
    assert store.load_spend(engine, dataset_ids=[restored])["amount_gbp"].sum() == 4_283_405 + 4_316_550 + 4_395_961
    entry = store.audit_log(engine).iloc[0]
    assert (entry["action"], entry["user"], entry["dataset_id"]) == ("restore_version", STAFF["email"], restored)
    assert at.selectbox(key="manage_dataset").value == restored


def test_a_viewer_by_the_time_of_the_click_restores_nothing(bundled_store):
    engine = store.make_engine(bundled_store)
    second = _corrected_framework(engine)
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(second).run()
    before = store_fingerprint(engine)

    at.secrets = {**STAFF_SECRETS, "staff_roles": {STAFF["email"]: "viewer"}}
    at.button(key=f"manage_restore_{second}").click().run()

    assert not at.exception
    assert store_fingerprint(engine) == before


def test_two_versions_compared_list_the_changed_line_with_its_pounds(bundled_store):
    engine = store.make_engine(bundled_store)
    second = _corrected_framework(engine)
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(second).run()

    assert at.selectbox(key=f"manage_diff_from_{second}").value == 1
    assert at.selectbox(key=f"manage_diff_to_{second}").value == 2
    changed = next(frame.value for frame in at.dataframe if "Line is" in frame.value.columns)
    assert changed[["Year", "Line is", "Service", "Before (£)", "After (£)", "Difference (£)", "What changed"]
                   ].values.tolist() == [["2020/21", "changed", "CHISVA", 50_000.0, 52_000.0, 2_000.0, "amount"]]
    assert any("2020/21: 1 changed line, £4,395,961 → £4,397,961 (+£2,000)." in text for text in texts(at.markdown))

    at.selectbox(key=f"manage_diff_from_{second}").set_value(2).run()
    assert any(text == "Versions 2 and 2 hold the same lines." for text in texts(at.markdown))


def test_an_earlier_versions_file_uploaded_as_a_replacement_offers_to_restore_it(bundled_store):
    engine = store.make_engine(bundled_store)
    second = _corrected_framework(engine)
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(second).run()
    uploader = next(u for u in at.file_uploader if u.label == "Corrected spreadsheet")
    uploader.set_value(("framework_as_published.xlsx", APPENDIX.read_bytes(), XLSX)).run()

    assert texts(at.warning)[0].startswith(
        f"This file is already stored, as version 1 of '{FRAMEWORK}' (dataset 1, from "
        "leicestershire\\_commissioning\\_framework\\_2018-21.xlsx), since replaced by version 2. To bring those "
        "figures back, make version 1 current again")
    assert not any(button.key == f"manage_replace_confirm_{second}" for button in at.button)

    at.button(key="manage_replace_restore_1").click().run()

    assert not at.exception
    assert _chisva_2020_21(engine) == [50_000.0]
    assert store.dataset_history(engine, 1)["restored_from_id"].tolist()[-1] == 1


def test_staff_edit_a_datasets_details_and_a_blank_source_shows_not_recorded(bundled_store):
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.text_input(key="manage_details_name_1").set_value("Leicestershire commissioning budget 2018/19–2020/21")
    at.text_input(key="manage_details_source_1").set_value("")
    at.text_area(key="manage_details_notes_1").set_value("Revised Appendix A: 2020/21 figures are committed.")
    next(button for button in at.button if button.label == "Save details").click().run()
    assert not at.exception
    (saved,) = [text for text in texts(at.success) if text.startswith("Saved:")]
    assert "source 'OPCC Leicestershire decision record EXE0003/20" in saved and "→ 'not recorded'" in saved
    shown = next(text for text in texts(at.markdown) if "Uploaded by" in text)
    assert "Source: not recorded" in shown and "nan" not in shown
    assert "Notes: Revised Appendix A: 2020/21 figures are committed." in shown

    engine = store.make_engine(bundled_store)
    stored = store.list_datasets(engine).set_index("id").loc[1]
    assert stored["name"] == "Leicestershire commissioning budget 2018/19–2020/21" and pd.isna(stored["citation"])
    entry = store.audit_log(engine, 1).iloc[0]
    assert (entry["user"], entry["action"]) == (STAFF["email"], "edit_details")


def test_the_versions_table_shows_its_totals_in_pounds(bundled_store):
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][6] = 560_000
    engine = store.make_engine(bundled_store)
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.file_uploader(key="manage_replace_file_1_0").set_value(("framework_revised.xlsx", xlsx_bytes(rows), XLSX)).run()
    next(button for button in at.button if button.key == "manage_replace_confirm_1").click().run()
    assert not at.exception
    current = int(store.dataset_history(engine, 1)["id"].iloc[-1])
    at.selectbox(key="manage_dataset").set_value(current).run()
    versions = next(frame for frame in at.dataframe
                    if "Version" in frame.value.columns and frame.value["Version"].tolist() == [2, 1])
    columns = json.loads(versions.proto.columns)
    assert columns["Total (£)"]["type_config"]["format"] == "£%,.2f"


def test_replace_says_what_it_replaces_and_never_asks_to_choose_below(bundled_store):
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][6] = 560_000
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.file_uploader(key="manage_replace_file_1_0").set_value(("framework_revised.xlsx", xlsx_bytes(rows), XLSX)).run()
    assert not at.exception
    shown = texts(at.warning)
    assert not any("choose below" in text for text in shown)
    assert any(text.startswith(f"This file replaces '{FRAMEWORK}' (dataset 1) and its 2018/19, 2019/20, 2020/21")
               for text in shown)
    assert any(button.key == "manage_replace_confirm_1" for button in at.button)  # what it offers is there


def test_deleting_a_dataset_a_scenario_is_built_on_names_the_scenario_first(bundled_store):
    engine = store.make_engine(bundled_store)
    baseline = BaselineRef(1, FRAMEWORK, "Leicestershire", "2020/21")
    save_plan(engine, ScenarioPlan("Victims -5%, ISVA, rest +2%", baseline, tuple(commissioners_question())),
              author="commissioning.officer@opcc.example")
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.button(key="manage_delete_1").click().run()
    expected = scenarios_warning(["Victims -5%, ISVA, rest +2%"])
    assert expected.startswith("1 saved scenario is built on this dataset ('Victims -5%, ISVA, rest +2%')")
    assert texts(at.warning)[1] == escape_markdown(expected)

    # A dataset nothing is built on gets the question alone.
    at.button(key="manage_delete_no_1").click().run()
    at.selectbox(key="manage_dataset").set_value(2).run()
    at.button(key="manage_delete_2").click().run()
    assert len(at.warning) == 1
