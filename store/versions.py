"""Make an earlier version of a dataset current again, in one transaction, audited.

The version is copied as the dataset's newest version (its file, its lines
and its totals, each line with its own source file, sheet and row), and the
version that was current stays in the history. History only grows, so the
rule store/deletions.py keeps still holds: the current version is the newest
one not deleted, and restoring is undone by restoring again.

Staff may restore (nothing is lost, unlike a deletion); the page checks the
role as the restore is made.
"""
from __future__ import annotations

from sqlalchemy import Engine, func, insert, literal, select, update
from sqlalchemy.exc import SQLAlchemyError

from store.audit import record_action
from store.copies import copy_rows
from store.datasets import _reason, _refuse_duplicate
from store.deletions import _lock_lineage
from store.engine import write_transaction
from store.errors import DatasetNotFoundError, StoreError
from store.models import UNDELETED, Dataset, utc_now

# Copied from the version restored; the rest says who restored it, when, and from where.
_COPIED = ["name", "area", "kind", "financial_years", "original_filename", "sha256", "original_bytes",
           "row_count", "total_gbp", "citation", "sheet", "header_row", "layout_json", "notes"]


def restore_version(engine: Engine, dataset_id: int, user: str) -> int:
    """Make version `dataset_id` (not current, not deleted) current again; returns the new current version's id."""
    try:
        with write_transaction(engine) as connection:
            earlier = connection.execute(
                select(Dataset.id, Dataset.name, Dataset.version, Dataset.is_current, Dataset.lineage_id,
                       Dataset.sha256, Dataset.row_count, Dataset.total_gbp, Dataset.original_filename)
                .where(Dataset.id == dataset_id, UNDELETED)
            ).one_or_none()
            if earlier is None:
                raise DatasetNotFoundError(f"There is no dataset with id {dataset_id}")
            _lock_lineage(connection, earlier.lineage_id)
            if earlier.is_current:
                raise StoreError(f"Version {earlier.version} of '{earlier.name}' (id {dataset_id}) is already current")
            # Another dataset holding the same file would have its figures counted twice.
            _refuse_duplicate(connection, earlier.sha256, outside_lineage=earlier.lineage_id)
            current = connection.execute(
                select(Dataset.id, Dataset.version)
                .where(Dataset.lineage_id == earlier.lineage_id, Dataset.is_current, UNDELETED)
            ).one()
            # Deleted versions keep their numbers, so the next number counts them too.
            next_version = connection.execute(
                select(func.max(Dataset.version)).where(Dataset.lineage_id == earlier.lineage_id)
            ).scalar_one() + 1
            connection.execute(update(Dataset).where(Dataset.id == current.id).values(is_current=False))
            stamped = {"uploaded_at": literal(utc_now(), Dataset.uploaded_at.type), "uploaded_by": literal(user),
                       "version": literal(next_version), "is_current": literal(True),
                       "supersedes_id": literal(current.id), "lineage_id": literal(earlier.lineage_id),
                       "restored_from_id": literal(earlier.id)}
            # INSERT … SELECT: the original file's bytes are copied by the database, never read into Python.
            connection.execute(insert(Dataset).from_select(
                [*_COPIED, *stamped],
                select(*(getattr(Dataset, name) for name in _COPIED), *stamped.values())
                .where(Dataset.id == earlier.id),
            ))
            restored_id = connection.execute(
                select(Dataset.id).where(Dataset.lineage_id == earlier.lineage_id, Dataset.version == next_version)
            ).scalar_one()
            copy_rows(connection, earlier.id, restored_id)
            record_action(
                connection, user=user, action="restore_version", dataset_id=restored_id,
                detail=(f"Made version {earlier.version} of '{earlier.name}' (id {earlier.id}) current again as "
                        f"version {next_version}: {earlier.row_count} spend lines totalling "
                        f"£{earlier.total_gbp:,.2f} from {earlier.original_filename}; version {current.version} "
                        f"(id {current.id}) is kept in the history"),
            )
    except SQLAlchemyError as error:
        raise StoreError(f"Could not restore dataset {dataset_id}: {_reason(error)}") from error
    return restored_id
