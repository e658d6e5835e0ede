"""Store a previewed upload, in one transaction, under the name of the person who confirmed it.

Nothing is written before this call, and this call writes everything or
nothing (store.save_dataset is one transaction), so a refusal at this last
step, such as the same file already being stored, leaves the store as it was.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

import store
from store.models import DATASET_KINDS
from uploads.errors import UploadError
from uploads.preview import UploadPreview


def default_dataset_name(preview: UploadPreview) -> str:
    """'Leicestershire: commissioning framework 2018-21 (2018/19–2020/21)': area, file, years."""
    stem = Path(preview.file_name).stem.replace("_", " ").strip()
    years = preview.years
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"{preview.area}: {stem} ({span})"


def commit_upload(
    engine: Engine,
    preview: UploadPreview,
    *,
    uploaded_by: str | None,
    name: str | None = None,
    kind: str = "framework",
    replaces: int | None = None,
    citation: str | None = None,
    keep_years: list[str] | tuple[str, ...] = (),
) -> int:
    """Store the previewed file; with `replaces`, as the next version of that dataset. Returns the new id.

    `keep_years` are years of the replaced version the file lacks whose figures
    the new version keeps (store.save_dataset).

    Raises UploadError for a missing signed-in user or an unknown kind, and
    store.StoreError (DuplicateFileError naming the dataset that already
    holds the file) when the store refuses.
    """
    uploaded_by = (uploaded_by or "").strip()
    if not uploaded_by:
        raise UploadError("Only a signed-in member of staff can store data; sign in and try again")
    if kind not in DATASET_KINDS:
        raise UploadError(f"'{kind}' is not a kind of dataset; choose one of {', '.join(DATASET_KINDS)}")
    name = " ".join((name or "").split()) or default_dataset_name(preview)
    return store.save_dataset(
        engine,
        preview.result.tidy,
        preview.result.declared_totals,
        name=name,
        area=preview.area,
        kind=kind,
        original_filename=preview.file_name,
        original_bytes=preview.data,
        uploaded_by=uploaded_by,
        citation=(citation or "").strip() or None,
        sheet=preview.result.sheet,
        header_row=preview.result.header_row,
        replaces=replaces,
        layout=preview.result.layout.to_dict(),
        keep_years=keep_years if replaces is not None else (),
    )
