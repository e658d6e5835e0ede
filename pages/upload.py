"""Upload: staff bring a new spreadsheet in, check what was read, and store it in one step.

Signed out, this page shows only a sign-in prompt. Nothing is written until
the person presses Store, when their role is checked again; the store call
is one transaction. Until then the file and every choice made on it are kept
as the person's draft (ui/upload_draft.py), so a reload or a visit to another
page comes back to the same upload.
"""
from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from analysis.filters import years_label
from analysis.money import format_gbp
from analysis.selection import KIND_LABELS
from loaders.limits import MAX_UPLOAD_BYTES
from ui import data_access, upload_draft
from ui.data_access import DATASET_KINDS, StoreError
from ui.access import STAFF, authorised, require_staff, signed_in_bar
from ui.upload_review import review_replacement, review_upload, show_problem, stored_already, title_area
from uploads import StoreContext, build_template, commit_upload, default_dataset_name, read_store_context
from uploads.layout import UPLOAD_EXTENSIONS
from ui.sidebar import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

# A shared link opened first after a restart must still get the dashboard around it.
ensure_dashboard_navigation()

KEY = "upload"
KEEP_BOTH = "keep"

user = require_staff("Upload data")
draft = upload_draft.resume(user)
signed_in_bar(key=f"{KEY}_sign_out")
st.title("Upload data")
st.caption(
    "Bring in a commissioning framework or funding decision as a spreadsheet. You will see what was read, "
    "the file's own totals checked, and any warnings, before anything is stored."
)


@st.cache_data(show_spinner=False, max_entries=2)
def _template(day: date) -> bytes:
    return build_template(day)


@st.cache_data(show_spinner=False, max_entries=4)
def _store_context(key: data_access.StoreKey) -> StoreContext:
    return read_store_context(data_access.engine())


store_key = data_access.store_key()
context = _store_context(store_key)

stored = st.session_state.pop(f"{KEY}_stored", None)
if stored:
    st.success(stored)

# A fresh uploader after each stored file, so the next upload starts clean.
generation = st.session_state.setdefault(f"{KEY}_generation", 0)
uploader_key = f"{KEY}_file_{generation}"
with st.container(border=True):
    uploaded = st.file_uploader(
        "Spreadsheet (xlsx, xlsm, xls, ods or csv, up to 50 MB)",
        type=list(UPLOAD_EXTENSIONS),
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
        key=uploader_key, on_change=upload_draft.file_removed, args=(uploader_key,),
        help="Macros in xlsm files are never run: only the values saved in the cells are read.",
    )
    resumed = st.container()
    known_areas = sorted(set(context.datasets["area"])) if not context.datasets.empty else []
    # A new file whose title names its force area fills the area box, once, unless staff have chosen one.
    if uploaded is not None and st.session_state.get(f"{KEY}_area_guessed") != uploaded.file_id:
        st.session_state[f"{KEY}_area_guessed"] = uploaded.file_id
        guessed = title_area(uploaded.getvalue(), uploaded.name)
        if guessed and not st.session_state.get(f"{KEY}_area"):
            st.session_state[f"{KEY}_area"] = guessed
            st.session_state[f"{KEY}_area_note"] = guessed
        if guessed and guessed not in known_areas:
            known_areas = sorted([*known_areas, guessed])
    area_column, year_column = st.columns(2)
    area = area_column.selectbox(
        "Area (PCC)", known_areas, index=None, accept_new_options=True, key=f"{KEY}_area",
        placeholder="Choose or type the PCC area", help="The Police and Crime Commissioner the file is for.",
    )
    if area and area == st.session_state.get(f"{KEY}_area_note"):
        area_column.caption("Taken from the file's title; change it if the file is for another area.")
    year = year_column.text_input(
        "Financial year, if the column headers give none", key=f"{KEY}_year", placeholder="e.g. 2021/22",
        help="Only needed for a table whose money column has no year, such as 'Approved spend (£)'.",
    )
    st.download_button(
        "Download a blank template", data=_template(date.today()), file_name="victims_services_framework_template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{KEY}_template",
        help="Recognised columns, a commissioning-type list and the next three financial years: "
             "a filled-in template loads with no mapping step.",
    )



def _finished(message: str | None = None) -> None:
    """Stored, restored or discarded: the draft goes, and the next upload starts with an empty box."""
    upload_draft.finish(user)
    if message:
        st.session_state[f"{KEY}_stored"] = message
    st.session_state[f"{KEY}_generation"] = generation + 1
    st.rerun()


if uploaded is not None:
    file_name, data = uploaded.name, uploaded.getvalue()
elif draft is not None:
    file_name, data = draft.file_name, draft.file_bytes
    with resumed:
        st.info(f"Continuing your upload of {escape_markdown(file_name)}, started at {upload_draft.when(draft.created_at)}, "
                "with the choices you made on it. It is kept until you store it or discard it, or for "
                f"{upload_draft.KEPT_FOR} after your last change.")
        if st.button("Discard this upload", key=f"{KEY}_discard"):
            _finished()
else:
    st.info(f"Choose a file to begin. Until you store it, the file and your choices on it are kept for "
            f"{upload_draft.KEPT_FOR} after your last change, so a reload or another page brings you back to it.")
    st.stop()
upload_draft.keep(user, file_name=file_name, data=data, sha256=hashlib.sha256(data).hexdigest())
if not area:
    st.info("Name the area (the PCC) this file is for.")
    st.stop()
# The same bytes stored already: said before the file is even read, and nothing to preview.
if stored_already(key=KEY, data=data, context=context, on_restored=_finished):
    st.stop()
preview = review_upload(key=KEY, data=data, file_name=file_name, area=area, year=year.strip() or None,
                        context=context, store_key=store_key, on_restored=_finished)
if preview is None:
    st.stop()

with st.container(border=True):
    st.subheader("5. Store")
    replaces = None
    keep_years: list[str] = []
    if not preview.overlapping.empty:
        choices = {KEEP_BOTH: "Keep both: store this file as a separate dataset"}
        for dataset in preview.overlapping.itertuples():
            choices[str(dataset.id)] = (f"Replace '{dataset.name}' (dataset {dataset.id}, {dataset.shared_years}) "
                                        "with this file; the old version is kept in its history")
        choice = st.radio(
            f"{preview.area} already has data for these years. This file should:", list(choices),
            format_func=choices.get, index=None, key=f"{KEY}_overlap_{preview.sha256[:16]}",
        )
        if choice is None:
            st.info("Choose whether to replace the existing dataset or keep both.")
            st.stop()
        replaces = None if choice == KEEP_BOTH else int(choice)
        if replaces is None:
            st.caption("Totals count only the most recently uploaded framework for each area and year.")
        else:
            replaced = context.datasets.set_index("id").loc[replaces].copy()
            keep_years = review_replacement(key=KEY, preview=preview, replaced=replaced,
                                            replaced_lines=data_access.dataset_lines(replaces))
    name_column, kind_column = st.columns([2, 1])
    name = name_column.text_input("Dataset name", value=default_dataset_name(preview),
                                  key=f"{KEY}_name_{preview.sha256[:16]}")
    kind = kind_column.selectbox("Kind", DATASET_KINDS, format_func=lambda k: KIND_LABELS[k].split(":")[0],
                                 key=f"{KEY}_kind", help="; ".join(KIND_LABELS.values()))
    citation = st.text_input("Source (decision record, report and date)", key=f"{KEY}_citation",
                             placeholder="e.g. OPCC decision record EXE0003/20, 18 February 2020")
    for column in preview.unplaced_lookalikes:
        if not st.checkbox(f"Store with column {column.letter} '{column.header}' left out ({column.consequence})",
                           key=f"{KEY}_unplaced_{preview.sha256[:16]}_{column.letter}"):
            st.info(escape_markdown(f"Column {column.letter} '{column.header}' looks like the "
                                    f"{column.looks_like.replace('_', ' ')} but is not used. Map it above, "
                                    "or tick the box to store the file without it."))
            st.stop()
    total = (f"{format_gbp(preview.total_gbp)} over "
             f"{years_label(preview.tidy['financial_year'])}, summed")
    if st.button(f"Store {len(preview.tidy)} amounts ({total})", type="primary", key=f"{KEY}_confirm") and (
            writer := authorised(STAFF, "Storing a dataset")):
        try:
            dataset_id = commit_upload(
                data_access.engine(), preview, uploaded_by=writer, name=name, kind=kind,
                replaces=replaces, citation=citation, keep_years=keep_years,
            )
        except Exception as error:  # noqa: BLE001 - StoreError and the unexpected alike: one sentence
            if isinstance(error, StoreError):
                st.error(f"{escape_markdown(error)}. Nothing was stored.")
            else:
                show_problem(error)
        else:
            verb = "replacing the earlier version" if replaces else "as a new dataset"
            if keep_years:
                verb += f", keeping its {', '.join(keep_years)} figures"
            st.session_state.pop(f"{KEY}_citation", None)
            _finished(f"Stored '{name.strip() or default_dataset_name(preview)}' (dataset {dataset_id}) {verb}: "
                      f"{len(preview.tidy)} amounts, {total}, recorded as uploaded by {writer}. "
                      "The dashboard pages show it now.")
