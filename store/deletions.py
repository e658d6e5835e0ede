"""Delete a dataset or one version, and undo it: nothing is removed, and every lineage keeps a current version.

Deleting stamps deleted_at and deleted_by on the version's row; its lines and
totals stay where they are and every read leaves them out (models.UNDELETED).
An admin can undo it from Manage data. Either way the rule afterwards is the
same: the current version of a dataset is its newest version not deleted. So
deleting the current version brings back the newest one left, undoing it
makes it current again, and a deleted middle version changes nothing shown.

A deleted file's bytes may be uploaded again, as a new dataset; undoing the
old deletion is then refused while the new one holds the same file, since the
figures would be counted twice.
"""
from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from store.audit import record_action
from store.datasets import _reason, _refuse_duplicate
from store.engine import write_transaction
from store.errors import DatasetNotFoundError, DuplicateFileError, StoreError
from store.models import UNDELETED, Dataset, utc_now


def delete_dataset(engine: Engine, dataset_id: int, user: str) -> None:
    """Mark one version deleted; if it was current, the newest version left becomes current."""
    with write_transaction(engine) as connection:
        doomed = _version(connection, dataset_id)
        if doomed is None or doomed.deleted_at is not None:
            raise DatasetNotFoundError(f"There is no dataset with id {dataset_id}")
        _lock_lineage(connection, doomed.lineage_id)
        connection.execute(update(Dataset).where(Dataset.id == dataset_id)
                           .values(deleted_at=utc_now(), deleted_by=user, is_current=False))
        current = _make_newest_current(connection, doomed.lineage_id)
        detail = f"Deleted '{doomed.name}' version {doomed.version} ({doomed.row_count} spend lines)"
        if doomed.is_current and current is not None:
            detail += f"; dataset id {current.id} (version {current.version}) is current again"
        record_action(connection, user=user, action="delete", dataset_id=dataset_id, detail=detail)


def restore_dataset(engine: Engine, dataset_id: int, user: str) -> None:
    """Undo the deletion of one version; it is current again if it is now the newest one left."""
    try:
        with write_transaction(engine) as connection:
            deleted = _version(connection, dataset_id)
            if deleted is None:
                raise DatasetNotFoundError(f"There is no dataset with id {dataset_id}")
            if deleted.deleted_at is None:
                raise StoreError(f"Dataset '{deleted.name}' (id {dataset_id}) is not deleted")
            _lock_lineage(connection, deleted.lineage_id)
            try:
                _refuse_duplicate(connection, deleted.sha256, outside_lineage=deleted.lineage_id)
            except DuplicateFileError as held:
                raise DuplicateFileError(
                    f"Cannot undo the deletion of '{deleted.name}' (id {dataset_id}): {held}. "
                    "Delete that one first, or the figures would be counted twice",
                    existing_dataset_id=held.existing_dataset_id,
                ) from None
            connection.execute(update(Dataset).where(Dataset.id == dataset_id)
                               .values(deleted_at=None, deleted_by=None))
            current = _make_newest_current(connection, deleted.lineage_id)
            shown = ("it is the current version" if current.id == dataset_id
                     else f"version {current.version} (id {current.id}) stays current")
            record_action(
                connection, user=user, action="restore", dataset_id=dataset_id,
                detail=(f"Undid the deletion of '{deleted.name}' version {deleted.version} "
                        f"({deleted.row_count} spend lines), deleted by {deleted.deleted_by}; {shown}"),
            )
    except SQLAlchemyError as error:
        # The partial unique index: someone stored the same file between our check and our update.
        raise StoreError(f"Could not undo the deletion of dataset {dataset_id}: {_reason(error)}") from error


def _version(connection: Connection, dataset_id: int):
    return connection.execute(
        select(Dataset.id, Dataset.name, Dataset.version, Dataset.is_current, Dataset.row_count,
               Dataset.sha256, Dataset.lineage_id, Dataset.deleted_at, Dataset.deleted_by)
        .where(Dataset.id == dataset_id)
    ).one_or_none()


def _lock_lineage(connection: Connection, lineage_id: int) -> None:
    # On PostgreSQL two deletions in one lineage at once would each pick a current version
    # from what they saw; FOR UPDATE makes the second wait and look again. SQLite's
    # BEGIN IMMEDIATE has already serialised them.
    connection.execute(select(Dataset.id).where(Dataset.lineage_id == lineage_id).with_for_update()).all()


def _make_newest_current(connection: Connection, lineage_id: int):
    """Make the lineage's newest undeleted version its only current one; returns it, or None if all are deleted."""
    newest = connection.execute(
        select(Dataset.id, Dataset.version).where(Dataset.lineage_id == lineage_id, UNDELETED)
        .order_by(Dataset.version.desc()).limit(1)
    ).one_or_none()
    connection.execute(update(Dataset).where(Dataset.lineage_id == lineage_id, Dataset.is_current)
                       .values(is_current=False))
    if newest is not None:
        connection.execute(update(Dataset).where(Dataset.id == newest.id).values(is_current=True))
    return newest
