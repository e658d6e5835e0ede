"""Drawing an upload for review: layout and mapping, preview rows, the totals check and the warnings.

Shared by the Upload page and the Manage data page's "replace with a new
version", so both show staff exactly the same checks before anything is
stored. All the deciding is in uploads/; this module only draws it.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.money import format_gbp
from loaders import LoaderError
from ui import data_access
from ui.access import STAFF, authorised
from ui.data_access import StoreKey
from ui.parse_limits import parse_limits
from loaders.readers import Workbook
from uploads import (FIELD_CHOICES, Layout, StoreContext, UploadError, UploadPreview, UploadWarning,
                     detect_layout, preview_upload, read_upload)
from ui.plain_text import escape_markdown
from loaders.unsaved_formulas import accepting_unsaved_formulas, missing_cells_note
from uploads.advice import on_the_form
from uploads.area_guess import area_from_title
from uploads.duplicates import Duplicate, same_file, same_lines
from uploads.preview import as_replacement_of, reconciliation_table
from uploads.version_diff import lines_table, version_diff, years_table

# What the unit box offers: the file's own statement first, then the three a publisher uses.
UNIT_CHOICES = {"": "As the file says", "£": "£ (pounds)", "£000": "£000 (thousands)", "£m": "£m (millions)"}

LOG = logging.getLogger(__name__)
UNSAVED_FORMULAS = "unsaved_formulas"  # the warning kind of a load made short by choice
PREVIEW_ROWS = 500
MAPPING_COLUMNS = 3

PREVIEW_COLUMNS = {
    "source_row": "Row",
    "source_column": "Column",
    "strategic_area": "Strategic area",
    "service": "Service",
    "provider": "Provider",
    "commissioning_type": "Commissioning type",
    "funding_partners": "Funding partners",
    "geography": "Geographical reach",
    "financial_year": "Year",
    "amount_gbp": "Amount (£)",
}


def show_problem(error: Exception, *, action: str = "Nothing was stored") -> None:
    """One sentence on screen, never a traceback; an unexpected error is logged for the administrator."""
    if isinstance(error, (LoaderError, UploadError)):
        text = escape_markdown(on_the_form(str(error)))
        st.error(f"{text} {action}." if text.endswith((".", "?", "!")) else f"{text}. {action}.")
        return
    LOG.exception("Unexpected error while handling an upload")
    st.error(f"The file could not be handled ({type(error).__name__}); {action.lower()}. "
             "The details are in the server log.")


# The file is read once (in a worker, under the parse limits) and kept for the session's next
# few reruns; the layout and the preview are both worked out from that one read. Cached so
# that typing a dataset name or ticking a choice does not read a large file again. Errors are
# not cached (Streamlit re-raises them each time), so a fixed file is re-read.
@st.cache_resource(show_spinner="Reading the file…", max_entries=4)
def _workbook(digest: str, _data: bytes, file_name: str) -> Workbook:
    return read_upload(_data, file_name, limits=parse_limits())


def _book(data: bytes, file_name: str, accept_formulas: bool = False) -> Workbook:
    """The one read of the file; with `accept_formulas`, formulas with no saved value are read as missing cells."""
    book = _workbook(hashlib.sha256(data).hexdigest(), data, file_name)
    return accepting_unsaved_formulas(book)[0] if accept_formulas else book


def title_area(data: bytes, file_name: str) -> str | None:
    """The force area the file's title names, to pre-fill the area box; None when it names none or cannot be read.

    A file that cannot be read says why in the review, where the area is not needed to say it.
    """
    try:
        return area_from_title(_book(data, file_name))
    except Exception:  # noqa: BLE001 - the review shows the refusal in its one sentence
        return None


@st.cache_data(show_spinner=False, max_entries=4)
def _layout(digest: str, _data: bytes, file_name: str, sheet: str | None, accept_formulas: bool = False) -> Layout:
    return detect_layout(_data, file_name, sheet=sheet, book=_book(_data, file_name, accept_formulas))


@st.cache_data(show_spinner="Checking the rows and totals…", max_entries=4)
def _preview(digest: str, _data: bytes, file_name: str, area: str, year: str | None, sheet: str | None,
             overrides: tuple[tuple[int, str], ...], units: str, store: str, _context: StoreContext,
             accept_formulas: bool = False) -> UploadPreview:
    preview = preview_upload(_data, file_name, area=area, year=year, sheet=sheet, units=units or None,
                             column_fields=dict(overrides) or None, context=_context,
                             book=_book(_data, file_name, accept_formulas))
    if accept_formulas:
        _, cells = accepting_unsaved_formulas(_book(_data, file_name))
        note = missing_cells_note(cells, [preview.result.sheet])
        if note:
            preview.warnings.insert(0, UploadWarning(UNSAVED_FORMULAS, f"{note}."))
    return preview


def _mapping_overrides(key: str, data: bytes, file_name: str, sheet: str | None,
                       accept_formulas: bool = False) -> tuple[dict[int, str], str | None]:
    """Draw the sheet choice and one selectbox per column; return the changed columns and the sheet."""
    full_digest = hashlib.sha256(data).hexdigest()
    layout = _layout(full_digest, data, file_name, sheet, accept_formulas)
    digest = full_digest[:16]
    if len(layout.sheet_names) > 1:
        chosen_sheet = st.selectbox(
            "Sheet", layout.sheet_names, index=layout.sheet_names.index(layout.sheet),
            key=f"{key}_sheet_{digest}",
            help="The sheet holding the table; the loader picks the one whose header it recognises best.",
        )
        if chosen_sheet != layout.sheet:
            layout = _layout(full_digest, data, file_name, chosen_sheet, accept_formulas)
    st.markdown(
        f"Reading sheet **{escape_markdown(layout.sheet)}**, header on **row {layout.header_row}**. "
        "Check what each column is read as; columns marked ⚠ are guesses."
    )
    overrides: dict[int, str] = {}
    options = list(FIELD_CHOICES)
    # Rows of three, each filled left to right: a phone stacks the columns, so the boxes still read A, B, C, D…
    slots = [slot for start in range(0, len(layout.columns), MAPPING_COLUMNS)
             for slot in st.columns(MAPPING_COLUMNS)[:len(layout.columns[start:start + MAPPING_COLUMNS])]]
    for slot, column in zip(slots, layout.columns):
        flag = " ⚠" if (not column.confident or column.problem) else ""
        chosen = slot.selectbox(
            f"{column.letter}: {column.header}{flag}",
            options,
            index=options.index(column.field),
            format_func=lambda field, year=column.financial_year: (
                f"{FIELD_CHOICES[field]}, {year}" if field == "amount" and year else FIELD_CHOICES[field]),
            key=f"{key}_map_{digest}_{layout.sheet}_{column.index}",
        )
        if chosen != column.field or flag:
            overrides[column.index] = chosen
    return overrides, layout.sheet


def review_upload(
    *, key: str, data: bytes, file_name: str, area: str, year: str | None, context: StoreContext,
    store_key: StoreKey, on_restored: Callable[[str], None] | None = None, replacing: int | None = None,
) -> UploadPreview | None:
    """Draw the review of one file; the preview when it loads, None (with the reason shown) when not.

    `store_key` (database and version) says which store `context` was read
    from, so a cached preview's warnings never describe another or older store.
    A file holding the same lines as a stored version is said so at the top;
    `on_restored` (given a sentence) is called when staff restore that version instead.
    `replacing` names the dataset the file is to replace (Manage data), whose years it then says it replaces.
    """
    # Filled once the file is read: the lines are known only then, and the message belongs above all else.
    top = st.container()
    formulas_key = f"{key}_formulas_{hashlib.sha256(data).hexdigest()[:16]}"
    accept_formulas = bool(st.session_state.get(formulas_key))
    try:
        with st.container(border=True):
            st.subheader("1. Layout and column mapping")
            overrides, sheet = _mapping_overrides(key, data, file_name, None, accept_formulas)
            unplaced_box = st.container()
            units = st.selectbox(
                "Amounts are in", list(UNIT_CHOICES), format_func=UNIT_CHOICES.get,
                key=f"{key}_units_{hashlib.sha256(data).hexdigest()[:16]}",
                help="Where the file states its unit (a '£000' header, title or note) the loader reads it; "
                     "choose here only when it states none or states it wrongly.",
            )
        preview = _preview(hashlib.sha256(data).hexdigest(), data, file_name, area, year, sheet,
                           tuple(sorted(overrides.items())), units,
                           f"{store_key.url} {store_key.version}", context, accept_formulas)
    except Exception as error:  # noqa: BLE001 - every failure becomes one sentence on screen
        show_problem(error)
        if getattr(error, "code", None) == "formula_without_value" or accept_formulas:
            _accept_formulas_box(formulas_key)
        return None
    if accept_formulas:
        with top:
            _accept_formulas_box(formulas_key)
            st.warning(escape_markdown(preview.warnings[0].message))

    with unplaced_box:
        # Beside the boxes that fix it: every column left out, with what it holds and what that does.
        for column in preview.unplaced:
            (st.warning if column.looks_like else st.info)(escape_markdown(column.message))
    duplicate = same_lines(preview.tidy, context.stored_files)
    if duplicate is not None:
        with top:
            st.warning(escape_markdown(duplicate.message))
            if duplicate.restorable and on_restored is not None:
                offer_restore(duplicate, key=key, on_restored=on_restored)
    with st.container(border=True):
        st.markdown("**How the file was read** (change any column above if it is wrong):")
        # Headers and labels come from the uploaded file: shown as plain text, never as markdown.
        st.text("\n".join(preview.layout.explained))
    with st.container(border=True):
        st.subheader("2. What will be stored")
        totals = preview.totals_by_year()
        summary = ", ".join(f"{row.financial_year}: {format_gbp(row.amount_gbp)} ({row.lines} lines)"
                            for row in totals.itertuples())
        st.markdown(f"**{len(preview.tidy)} amounts** for {escape_markdown(preview.area)}. {summary}.")
        shown = preview.tidy[list(PREVIEW_COLUMNS)].rename(columns=PREVIEW_COLUMNS).head(PREVIEW_ROWS)
        st.dataframe(shown, hide_index=True, key=f"{key}_rows",
                     column_config={"Amount (£)": st.column_config.NumberColumn(format="£%,.2f")})
        if len(preview.tidy) > PREVIEW_ROWS:
            st.caption(f"The first {PREVIEW_ROWS} of {len(preview.tidy)} amounts are shown.")

    with st.container(border=True):
        st.subheader("3. Totals check")
        _show_reconciliation(preview, key)

    with st.container(border=True):
        st.subheader("4. Warnings")
        warnings = preview.warnings if replacing is None else as_replacement_of(preview, replacing)
        if not warnings:
            st.success("Nothing looks unusual in this file.")
        for warning in warnings:
            st.warning(escape_markdown(warning.message))
    return preview


def _accept_formulas_box(key: str) -> None:
    """Staff who cannot get the file recalculated may load it short, the cells named in a warning."""
    st.checkbox("Continue anyway: read the cells whose formulas have no saved value as missing "
                "(the figures will be short by what they hold, and the warning says which cells)", key=key,
                help="Better: open the file in Excel or LibreOffice, save it, and upload the saved copy.")


def _show_reconciliation(preview: UploadPreview, key: str) -> None:
    table = reconciliation_table(preview)
    if table.empty:
        st.info("The file declares no subtotals or totals, so there is nothing to check the rows against.")
        return
    if preview.mismatches:
        st.warning(f"{preview.mismatches} of {len(table)} totals in the file do not match the rows they cover; "
                   "the differences are highlighted. You can still store the file.")
    else:
        st.success(f"All {len(table)} totals in the file match the rows they cover.")

    def highlight(row: pd.Series) -> list[str]:
        colour = "" if row["Reconciles"] else "background-color: #FDECEA; color: #8A1C1C"
        return [colour] * len(row)

    styled = table.style.apply(highlight, axis=1).format({
        "Declared (£)": format_gbp, "Rows add up to (£)": format_gbp, "Difference (£)": format_gbp,
        "Difference (%)": lambda value: "" if pd.isna(value) else f"{value:+.2f}%",
    })
    st.dataframe(styled, hide_index=True, key=f"{key}_reconciliation")


# --- already stored, and what a replacement changes ---------------------------------------------

def offer_restore(duplicate: Duplicate, *, key: str, on_restored: Callable[[str], None]) -> None:
    """A button making the earlier version `duplicate` names current again; staff, checked as it is pressed."""
    if st.button(f"Make version {duplicate.version} current again", key=f"{key}_restore_{duplicate.dataset_id}",
                 type="primary") and (writer := authorised(STAFF, "Restoring a version")):
        try:
            restored = data_access.restore_version(duplicate.dataset_id, writer)
        except data_access.StoreError as error:
            st.error(f"{escape_markdown(error)}. Nothing was changed.")
        else:
            on_restored(f"Version {duplicate.version} of '{duplicate.name}' is current again, as dataset {restored}; "
                        "the version it replaces is kept in the history.")


def stored_already(*, key: str, data: bytes, context: StoreContext, on_restored: Callable[[str], None]) -> bool:
    """Before the file is read: True (with the message drawn) when these very bytes are stored already."""
    duplicate = same_file(hashlib.sha256(data).hexdigest(), context.stored_files)
    if duplicate is None:
        return False
    if duplicate.restorable:
        st.warning(escape_markdown(duplicate.message))
        offer_restore(duplicate, key=key, on_restored=on_restored)
    else:
        st.error(escape_markdown(duplicate.message) + " Nothing was stored.")
    return True


def review_replacement(*, key: str, preview: UploadPreview, replaced: pd.Series, replaced_lines: pd.DataFrame
                       ) -> list[str]:
    """What the file changes in the dataset it replaces, and a choice for each year it lacks; returns the years kept."""
    diff = version_diff(replaced_lines, preview.tidy)
    with st.container(border=True):
        st.subheader(f"Compared with version {int(replaced['version'])} (the current one)")
        st.markdown(escape_markdown(diff.summary() or "The file holds the same lines as the current version."))
        money = {column: st.column_config.NumberColumn(format="£%,.2f")
                 for column in ("Before (£)", "After (£)", "Difference (£)")}
        st.dataframe(years_table(diff), hide_index=True, key=f"{key}_diff_years", column_config=money)
        changed = diff.changed_lines()
        if not changed.empty:
            st.markdown("**Lines that change in the years both hold**")
            st.dataframe(lines_table(changed), hide_index=True, key=f"{key}_diff_lines", column_config=money)
        kept = []
        by_year = diff.by_year.set_index("financial_year")
        for year in diff.years_missing:
            held = by_year.loc[year]
            choice = st.radio(
                f"The new file has no {year}. The stored {year} figures ({int(held['lines_removed'])} lines, "
                f"{format_gbp(held['old_gbp'])}):",
                ["keep", "remove"], index=0, key=f"{key}_year_{year}_{preview.sha256[:16]}",
                format_func={"keep": f"Keep them in the new version (their source stays version "
                                     f"{int(replaced['version'])}'s file)",
                             "remove": f"Remove {year} from the dataset"}.get,
            )
            if choice == "keep":
                kept.append(year)
    return kept
