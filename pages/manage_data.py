"""Manage data: what is stored and by whom, the original files, new versions, deletions and provider aliases.

Signed out, this page shows only a sign-in prompt. Staff replace datasets and
edit aliases; deleting, and undoing a deletion, needs an admin. Each change
checks the role again as it is made, goes through the store in one
transaction and is written to its audit log under the signed-in person's name.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analysis.providers import suggest_aliases
from loaders.limits import MAX_UPLOAD_BYTES
from ui.data_access import StoreError
from ui import data_access
from ui.access import ADMIN, STAFF, authorised, may, require_staff, signed_in_bar
from ui.upload_review import review_replacement, review_upload, show_problem, stored_already
from uploads import StoreContext, build_template, commit_upload, read_store_context
from uploads.catalogue import (dataset_label, datasets_table, delete_question, present, scenarios_warning,
                                source_text)
from uploads.layout import UPLOAD_EXTENSIONS
from uploads.version_diff import lines_table, version_diff, years_table
from ui.sidebar import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

# A shared link opened first after a restart must still get the dashboard around it.
ensure_dashboard_navigation()

KEY = "manage"

require_staff("Manage data")
signed_in_bar(key=f"{KEY}_sign_out")
st.title("Manage data")

engine = data_access.engine()
store_key = data_access.store_key()


@st.cache_data(show_spinner=False, max_entries=4)
def _listing(key: data_access.StoreKey) -> pd.DataFrame:
    return data_access.list_datasets()


@st.cache_data(show_spinner=False, max_entries=4)
def _deleted(key: data_access.StoreKey) -> pd.DataFrame:
    return data_access.list_deleted_datasets()


@st.cache_data(show_spinner=False, max_entries=4)
def _store_context(key: data_access.StoreKey) -> StoreContext:
    return read_store_context(data_access.engine())


@st.cache_data(show_spinner=False, max_entries=2)
def _template(day: date) -> bytes:
    return build_template(day)


def _changed(message: str) -> None:
    """Show the outcome after the rerun that picks up the new store version."""
    st.session_state[f"{KEY}_done"] = message
    st.rerun()


def _restored(message: str) -> None:
    """An earlier version made current again from the replace box: show the dataset as it is now."""
    st.session_state[f"{KEY}_select_next"] = None
    _changed(message)


def _edit_details(dataset: pd.Series) -> None:
    """Name, area, source and notes, corrected after upload; staff, checked as it is saved, and audited."""
    dataset_id = int(dataset["id"])
    with st.expander("Edit details"):
        with st.form(f"{KEY}_details_{dataset_id}"):
            name = st.text_input("Dataset name", value=dataset["name"], key=f"{KEY}_details_name_{dataset_id}")
            area = st.text_input("Area (PCC)", value=dataset["area"], key=f"{KEY}_details_area_{dataset_id}")
            citation = st.text_input("Source (decision record, report and date)",
                                     value=dataset["citation"] if present(dataset["citation"]) else "",
                                     key=f"{KEY}_details_source_{dataset_id}")
            notes = st.text_area("Notes", value=dataset["notes"] if present(dataset.get("notes")) else "",
                                 key=f"{KEY}_details_notes_{dataset_id}",
                                 help="What the dataset covers, a caveat: shown here to staff, kept with every version.")
            saved = st.form_submit_button("Save details")
        if saved and (writer := authorised(STAFF, "Editing a dataset's details")):
            try:
                changes = data_access.update_dataset_details(dataset_id, writer, name=name, area=area,
                                                             citation=citation, notes=notes)
            except StoreError as error:
                st.error(f"{escape_markdown(error)}. Nothing was changed.")
            else:
                _changed(escape_markdown(f"Saved: {'; '.join(changes)}.") if changes else "Nothing had changed.")


done = st.session_state.pop(f"{KEY}_done", None)
if done:
    st.success(done)

listing = _listing(store_key)

# --- every dataset ------------------------------------------------------------------------------
st.subheader("Datasets")
if listing.empty:
    st.info("The store holds no data yet. Upload a file on the Upload page.")
else:
    show_replaced = st.toggle("Include replaced versions", key=f"{KEY}_show_replaced")
    shown = listing if show_replaced else listing[listing["is_current"]]
    st.dataframe(
        datasets_table(shown), hide_index=True, key=f"{KEY}_datasets",
        column_config={"Total (£)": st.column_config.NumberColumn(format="£%,.2f")},
    )

    # --- one dataset ----------------------------------------------------------------------------
    st.subheader("One dataset")
    ids = shown.sort_values("id", ascending=False)["id"].tolist()
    # A new version or a deletion changes which dataset to show; a widget's own key can only be set before it is drawn.
    if f"{KEY}_select_next" in st.session_state:
        following = st.session_state.pop(f"{KEY}_select_next")
        st.session_state.pop(f"{KEY}_dataset", None)
        if following in ids:
            st.session_state[f"{KEY}_dataset"] = following
    labels = {int(row.id): dataset_label(row) for row in shown.itertuples()}
    chosen_id = st.selectbox("Dataset", ids, format_func=lambda i: labels[int(i)], key=f"{KEY}_dataset")
    dataset = listing.set_index("id").loc[chosen_id].copy()
    dataset["id"] = chosen_id

    details, actions = st.columns([3, 2])
    with details:
        st.markdown(
            f"**{dataset['name']}**  \n{dataset['area']} · {dataset['kind']} · {dataset['financial_years']} · "
            f"{dataset['row_count']} lines · £{dataset['total_gbp']:,.2f}  \n"
            f"Uploaded by **{dataset['uploaded_by']}** on {dataset['uploaded_at']:%d %b %Y at %H:%M} UTC "
            f"from `{dataset['original_filename']}`"
            + (f", sheet '{dataset['sheet']}', header row {dataset['header_row']}" if dataset["sheet"] else "")
            + f"  \nSource: {escape_markdown(source_text(dataset['citation']))}"
            + (f"  \nNotes: {escape_markdown(dataset['notes'])}" if present(dataset.get("notes")) else "")
        )
        if bool(dataset["is_current"]):
            _edit_details(dataset)
    with actions:
        file_name, original = data_access.original_file(chosen_id)
        st.download_button(
            f"Download the original file ({file_name})", data=original, file_name=file_name,
            key=f"{KEY}_original_{chosen_id}", help="Exactly the bytes that were uploaded.",
        )

    history = data_access.dataset_history(int(dataset["lineage_id"]))
    if len(history) > 1:
        st.markdown("**Versions**")
        st.dataframe(datasets_table(history), hide_index=True, key=f"{KEY}_history_{chosen_id}",
                     column_config={"Total (£)": st.column_config.NumberColumn(format="£%,.2f")})
        version_ids = dict(zip(history["version"].astype(int), history["id"].astype(int)))
        current_version = int(history.loc[history["is_current"], "version"].iloc[0])

        # Restoring loses nothing (the current version stays in the history), so staff may do it.
        earlier = [version for version in version_ids if version != current_version]
        pick, press = st.columns([3, 2], vertical_alignment="bottom")
        restoring = pick.selectbox("Make an earlier version current again", earlier, index=len(earlier) - 1,
                                   format_func=lambda v: f"Version {v} (dataset {version_ids[v]})",
                                   key=f"{KEY}_restore_choice_{chosen_id}")
        if press.button(f"Make version {restoring} current again", key=f"{KEY}_restore_{chosen_id}") and (
                writer := authorised(STAFF, "Restoring a version")):
            try:
                restored = data_access.restore_version(version_ids[restoring], writer)
            except StoreError as error:
                st.error(f"{escape_markdown(error)}. Nothing was changed.")
            else:
                st.session_state[f"{KEY}_select_next"] = restored
                _changed(f"Version {restoring} of '{dataset['name']}' is current again, as version "
                         f"{int(history['version'].max()) + 1} (dataset {restored}); version {current_version} "
                         "is kept in the history.")

        with st.expander("Compare two versions"):
            versions = list(version_ids)
            left, right = st.columns(2)
            older = left.selectbox("From version", versions, index=len(versions) - 2, key=f"{KEY}_diff_from_{chosen_id}")
            newer = right.selectbox("To version", versions, index=len(versions) - 1, key=f"{KEY}_diff_to_{chosen_id}")
            diff = version_diff(data_access.dataset_lines(version_ids[older]),
                                data_access.dataset_lines(version_ids[newer]))
            st.markdown(escape_markdown(diff.summary()) if not diff.unchanged()
                        else f"Versions {older} and {newer} hold the same lines.")
            money = {column: st.column_config.NumberColumn(format="£%,.2f")
                     for column in ("Before (£)", "After (£)", "Difference (£)")}
            st.dataframe(years_table(diff), hide_index=True, key=f"{KEY}_diff_years_{chosen_id}", column_config=money)
            if not diff.unchanged():
                st.dataframe(lines_table(diff.lines), hide_index=True, key=f"{KEY}_diff_lines_{chosen_id}",
                             column_config=money)
    with st.expander("What happened to this dataset (audit log)"):
        audit = data_access.audit_log(chosen_id)
        st.dataframe(audit[["at", "user", "action", "detail"]], hide_index=True, key=f"{KEY}_audit_{chosen_id}")

    # --- replace --------------------------------------------------------------------------------
    if bool(dataset["is_current"]):
        with st.expander("Replace with a new version"):
            st.caption("The new file becomes the current version; this one is kept in the history.")
            generation = st.session_state.setdefault(f"{KEY}_replace_generation", 0)
            replacement = st.file_uploader(
                "Corrected spreadsheet", type=list(UPLOAD_EXTENSIONS),
                max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
                key=f"{KEY}_replace_file_{chosen_id}_{generation}",
            )
            year = st.text_input("Financial year, if the column headers give none",
                                 key=f"{KEY}_replace_year_{chosen_id}", placeholder="e.g. 2021/22")
            if replacement is not None and stored_already(
                    key=f"{KEY}_replace", data=replacement.getvalue(), context=_store_context(store_key),
                    on_restored=_restored):
                replacement = None
            if replacement is not None:
                preview = review_upload(
                    key=f"{KEY}_replace", data=replacement.getvalue(), file_name=replacement.name,
                    area=dataset["area"], year=year.strip() or None, context=_store_context(store_key),
                    store_key=store_key, on_restored=_restored, replacing=chosen_id,
                )
                keep_years = [] if preview is None else review_replacement(
                    key=f"{KEY}_replace", preview=preview, replaced=dataset,
                    replaced_lines=data_access.dataset_lines(chosen_id))
                if preview is not None and st.button(
                    f"Replace '{dataset['name']}' with {replacement.name}", type="primary",
                    key=f"{KEY}_replace_confirm_{chosen_id}",
                ) and (writer := authorised(STAFF, "Replacing a dataset")):
                    try:
                        new_id = commit_upload(
                            engine, preview, uploaded_by=writer, name=dataset["name"], kind=dataset["kind"],
                            replaces=chosen_id, citation=dataset["citation"], keep_years=keep_years,
                        )
                    except StoreError as error:
                        st.error(f"{escape_markdown(error)}. Nothing was changed.")
                    except Exception as error:  # noqa: BLE001
                        show_problem(error, action="Nothing was changed")
                    else:
                        st.session_state[f"{KEY}_replace_generation"] = generation + 1
                        st.session_state[f"{KEY}_select_next"] = new_id
                        _changed(f"'{dataset['name']}' now shows {replacement.name} as version "
                                 f"{int(history['version'].max()) + 1} (dataset {new_id}); "
                                 f"the earlier version is kept in its history.")

    # --- delete ---------------------------------------------------------------------------------
    # Drawn disabled for staff, so they know it exists and whom to ask; the delete itself asks again.
    admin = may(ADMIN)
    confirming = st.session_state.get(f"{KEY}_confirm_delete") == chosen_id
    if not confirming:
        if st.button("Delete this dataset…", key=f"{KEY}_delete_{chosen_id}", disabled=not admin,
                     help=None if admin else "Deleting a dataset or a version needs the admin role."):
            st.session_state[f"{KEY}_confirm_delete"] = chosen_id
            st.rerun()
    else:
        st.warning(delete_question(dataset))
        built_on = scenarios_warning(data_access.scenarios_built_on(chosen_id)["name"].tolist())
        if built_on:
            st.warning(escape_markdown(built_on), icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(f"Yes, delete '{dataset['name']}'", type="primary", key=f"{KEY}_delete_yes_{chosen_id}"):
            st.session_state.pop(f"{KEY}_confirm_delete", None)
            # Asked again as the delete is made: the role may have gone since the question was drawn.
            writer = authorised(ADMIN, "Deleting a dataset")
            if writer is not None:
                try:
                    data_access.delete_dataset(chosen_id, writer)
                except StoreError as error:
                    st.error(f"{escape_markdown(error)}. Nothing was deleted.")
                else:
                    st.session_state[f"{KEY}_select_next"] = None
                    _changed(f"Deleted '{dataset['name']}' (dataset {chosen_id}).")
        if no.button("Cancel", key=f"{KEY}_delete_no_{chosen_id}"):
            st.session_state.pop(f"{KEY}_confirm_delete", None)
            st.rerun()

# --- deleted datasets ---------------------------------------------------------------------------
# Only an admin deletes, so only an admin sees what was deleted and brings it back.
if may(ADMIN):
    st.subheader("Deleted datasets")
    deleted = _deleted(store_key)
    if deleted.empty:
        st.caption("Nothing has been deleted. A deleted dataset or version is kept here, lines and all, "
                   "until an admin undoes the deletion.")
    else:
        st.caption("Kept with their lines and totals, left out of every page. Undoing brings one back; it is "
                   "the current version again if it is the newest version of its dataset left.")
    for gone in deleted.itertuples():
        described, undo = st.columns([5, 1], vertical_alignment="center")
        described.text(f"{gone.name} ({gone.area}, id {gone.id}, version {gone.version}): {gone.row_count} lines, "
                       f"£{gone.total_gbp:,.2f}; deleted by {gone.deleted_by} on {gone.deleted_at:%d %b %Y at %H:%M} UTC")
        if undo.button("Undo", key=f"{KEY}_undo_{gone.id}"):
            # Asked again as the undo is made, as for the delete.
            writer = authorised(ADMIN, "Undoing a deletion")
            if writer is not None:
                try:
                    data_access.restore_dataset(int(gone.id), writer)
                except StoreError as error:
                    st.error(f"{escape_markdown(error)}. Nothing was changed.")
                else:
                    st.session_state[f"{KEY}_select_next"] = int(gone.id)
                    _changed(f"'{escape_markdown(gone.name)}' (dataset {gone.id}) is back.")

# --- provider aliases ---------------------------------------------------------------------------
st.subheader("Provider aliases")
st.caption(
    "One organisation spelt several ways across files is one provider: an alias shows the first spelling "
    "under the second on every page. The spend lines keep the spelling of their file."
)
aliases = data_access.list_aliases()
context = _store_context(store_key)
if aliases.empty:
    st.info("No aliases yet.")
else:
    st.dataframe(
        aliases.rename(columns={"alias": "Spelling in the file", "canonical_name": "Shown as",
                                "created_by": "Added by", "created_at": "Added (UTC)"}),
        hide_index=True, key=f"{KEY}_aliases",
    )
with st.form(f"{KEY}_alias_form", clear_on_submit=True):
    st.markdown("**Add an alias, or change where one points**")
    left, right = st.columns(2)
    alias = left.selectbox("Spelling in the file", sorted(set(context.providers) | set(aliases["alias"])),
                           index=None, accept_new_options=True, key=f"{KEY}_alias_name")
    canonical = right.text_input("Shown as", key=f"{KEY}_alias_canonical",
                                 placeholder="the organisation's registered name",
                                 help="Usually the fuller spelling already used in the store.")
    if st.form_submit_button("Save alias") and (writer := authorised(STAFF, "Saving an alias")):
        try:
            data_access.set_alias(alias or "", canonical or "", writer)
        except StoreError as error:
            st.error(f"{escape_markdown(error)}. Nothing was changed.")
        else:
            _changed(f"'{alias}' is now shown as '{canonical}'.")
if not aliases.empty:
    remove_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    doomed = remove_column.selectbox("Remove an alias", aliases["alias"].tolist(), index=None,
                                     key=f"{KEY}_alias_remove")
    if button_column.button("Remove", key=f"{KEY}_alias_remove_button", disabled=doomed is None) and (
            writer := authorised(STAFF, "Removing an alias")):
        try:
            data_access.remove_alias(doomed, writer)
        except StoreError as error:
            st.error(f"{escape_markdown(error)}. Nothing was changed.")
        else:
            _changed(f"'{doomed}' is no longer an alias; its lines show under that spelling again.")
suggestions = suggest_aliases(pd.DataFrame({"provider": list(context.providers)}), aliases)
if not suggestions.empty:
    with st.expander(f"{len(suggestions)} spellings that look like the same organisation"):
        st.dataframe(
            suggestions[["alias", "canonical_name", "similarity"]].rename(
                columns={"alias": "Spelling", "canonical_name": "Looks like", "similarity": "Similarity"}),
            hide_index=True, key=f"{KEY}_alias_suggestions",
        )

# --- template and audit log ---------------------------------------------------------------------
st.subheader("Blank template")
st.download_button(
    "Download a blank template", data=_template(date.today()),
    file_name="victims_services_framework_template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{KEY}_template",
    help="Recognised columns, a commissioning-type list and the next three financial years.",
)
with st.expander("Recent changes to the store (audit log)"):
    st.dataframe(data_access.audit_log().head(100)[["at", "user", "action", "dataset_id", "detail"]],
                 hide_index=True, key=f"{KEY}_audit_log")
