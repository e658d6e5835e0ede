"""What is in the store: the list of datasets, a dataset's versions, its original file, and what was deleted.

Deleted datasets appear only in list_deleted_datasets, for an admin to undo.
"""
from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Engine, func, select

from store.errors import DatasetNotFoundError
from store.models import UNDELETED, Dataset

# Everything but the original bytes, which can be megabytes per dataset.
LISTED_COLUMNS = [
    "id",
    "name",
    "area",
    "kind",
    "financial_years",
    "uploaded_at",
    "uploaded_by",
    "original_filename",
    "sha256",
    "row_count",
    "total_gbp",
    "citation",
    "notes",
    "sheet",
    "header_row",
    "version",
    "supersedes_id",
    "is_current",
    "lineage_id",
    "restored_from_id",
]
DELETION_COLUMNS = ["deleted_at", "deleted_by"]


def list_datasets(engine: Engine, current_only: bool = False) -> pd.DataFrame:
    """One row per stored dataset, oldest first."""
    query = _listing().where(UNDELETED).order_by(Dataset.id)
    if current_only:
        query = query.where(Dataset.is_current)
    return _read_listing(engine, query)


def dataset_history(engine: Engine, lineage_id: int) -> pd.DataFrame:
    """Every version of one dataset not deleted, first version first."""
    query = _listing().where(Dataset.lineage_id == lineage_id, UNDELETED).order_by(Dataset.version)
    return _read_listing(engine, query)


def list_deleted_datasets(engine: Engine) -> pd.DataFrame:
    """The deleted versions, most recently deleted first: list_datasets' columns, deleted_at and deleted_by."""
    query = (select(*(getattr(Dataset, column) for column in LISTED_COLUMNS + DELETION_COLUMNS))
             .where(Dataset.deleted_at.is_not(None)).order_by(Dataset.deleted_at.desc(), Dataset.id.desc()))
    frame = _read_listing(engine, query, LISTED_COLUMNS + DELETION_COLUMNS)
    return frame.assign(deleted_at=pd.to_datetime(frame["deleted_at"], utc=True))


def original_file(engine: Engine, dataset_id: int) -> tuple[str, bytes]:
    """The file exactly as uploaded, as (filename, bytes), for download."""
    with engine.connect() as connection:
        stored = connection.execute(
            select(Dataset.original_filename, Dataset.original_bytes).where(Dataset.id == dataset_id, UNDELETED)
        ).one_or_none()
    if stored is None:
        raise DatasetNotFoundError(f"There is no dataset with id {dataset_id}")
    return stored.original_filename, bytes(stored.original_bytes)


def latest_layout(engine: Engine, area: str) -> dict | None:
    """The loader's Layout stored with the area's most recent current dataset.

    The area matches whatever its case and surrounding spaces. None when the
    area has no current dataset, or when that dataset was stored without one.
    """
    wanted = area.strip().lower()
    with engine.connect() as connection:
        stored = connection.execute(
            select(Dataset.layout_json)
            .where(Dataset.is_current, UNDELETED, func.lower(func.trim(Dataset.area)) == wanted)
            .order_by(Dataset.uploaded_at.desc(), Dataset.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    return None if stored is None else json.loads(stored)


def is_empty(engine: Engine) -> bool:
    """True until the first dataset is stored, and again once every dataset is deleted."""
    with engine.connect() as connection:
        return connection.execute(select(Dataset.id).where(UNDELETED).limit(1)).first() is None


def _listing():
    return select(*(getattr(Dataset, column) for column in LISTED_COLUMNS))


def _read_listing(engine: Engine, query, columns: list[str] = LISTED_COLUMNS) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(
        {
            "id": "int64",
            "row_count": "int64",
            "total_gbp": "float64",
            "header_row": "Int64",
            "version": "int64",
            "supersedes_id": "Int64",
            "is_current": "bool",
            "lineage_id": "int64",
            "restored_from_id": "Int64",
        }
    ).assign(uploaded_at=pd.to_datetime(frame["uploaded_at"], utc=True))
