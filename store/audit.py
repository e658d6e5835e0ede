"""Who changed what, and a version stamp of the whole store derived from it.

Every write goes through `record_action` inside its own transaction, so the
audit log is both the history users read and the signal that cached pages
are stale.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select

from store.models import AuditEntry, utc_now


def record_action(
    connection: Connection,
    *,
    user: str,
    action: str,
    detail: str,
    dataset_id: int | None = None,
) -> None:
    connection.execute(
        insert(AuditEntry).values(
            at=utc_now(), user=user, action=action, dataset_id=dataset_id, detail=detail
        )
    )


def store_version(engine: Engine) -> str:
    """A string that changes whenever anything is written; use it as a cache key."""
    with engine.connect() as connection:
        return version_in(connection)


def version_in(connection: Connection) -> str:
    """store_version as this connection's transaction sees it.

    The latest entry's time is part of it, so a store deleted and filled again
    to the same number of entries still gets a new version, and a snapshot kept
    on disk (store.snapshot) is never taken for another store's.
    """
    entries, latest_id, latest_at = connection.execute(
        select(func.count(AuditEntry.id), func.max(AuditEntry.id),
               select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1).scalar_subquery())
    ).one()
    stamp = latest_at.strftime("%Y%m%dT%H%M%S%f") if latest_at is not None else "0"
    return f"{latest_id or 0}-{entries}-{stamp}"


def audit_log(engine: Engine, dataset_id: int | None = None) -> pd.DataFrame:
    """The audit entries, newest first; only one dataset's when `dataset_id` is given."""
    query = select(
        AuditEntry.id, AuditEntry.at, AuditEntry.user, AuditEntry.action,
        AuditEntry.dataset_id, AuditEntry.detail,
    ).order_by(AuditEntry.id.desc())
    if dataset_id is not None:
        query = query.where(AuditEntry.dataset_id == dataset_id)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame.from_records(
        rows, columns=["id", "at", "user", "action", "dataset_id", "detail"]
    )
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    frame["dataset_id"] = frame["dataset_id"].astype("Int64")
    return frame
