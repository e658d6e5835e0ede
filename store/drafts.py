"""Each member of staff's upload in progress, kept until it is stored, discarded or left for DRAFT_HOURS.

The browser session is lost to a reload and its widgets to a visit to
another page; the store is not, and every dashboard process shares it. A
draft holds the file's bytes and the page's choices on it (a JSON object the
store does not look inside). Drafts are not audited: nothing in them counts
until it is stored, and the store's version stamp (store.audit) must not
change at each click, or every page's cache would be thrown away.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError

from store.datasets import _reason
from store.engine import write_transaction
from store.errors import StoreError
from store.models import UploadDraft, utc_now

# A day from the last change: time to come back after a meeting or the next morning, not so long
# that a forgotten file lingers in the store.
DRAFT_HOURS = 24
_OWNER_LENGTH = UploadDraft.__table__.c.owner.type.length


@dataclass(frozen=True)
class Draft:
    owner: str
    file_name: str
    sha256: str
    file_bytes: bytes
    choices: dict
    created_at: datetime
    updated_at: datetime

    @property
    def expires_at(self) -> datetime:
        return self.updated_at + timedelta(hours=DRAFT_HOURS)


def save_draft(engine: Engine, owner: str, *, file_name: str, file_bytes: bytes, choices: dict,
               now: datetime | None = None) -> None:
    """Keep `owner`'s upload in progress, replacing any earlier draft of theirs (a new file starts afresh)."""
    now = now or utc_now()
    sha256 = hashlib.sha256(file_bytes).hexdigest()
    choices_json = json.dumps(choices, sort_keys=True)
    try:
        with write_transaction(engine) as connection:
            kept = connection.execute(
                select(UploadDraft.sha256, UploadDraft.created_at).where(UploadDraft.owner == owner[:_OWNER_LENGTH])
            ).one_or_none()
            connection.execute(delete(UploadDraft).where(UploadDraft.owner == owner[:_OWNER_LENGTH]))
            started = kept.created_at if kept is not None and kept.sha256 == sha256 else now
            connection.execute(UploadDraft.__table__.insert().values(
                owner=owner[:_OWNER_LENGTH], file_name=file_name, sha256=sha256, file_bytes=file_bytes,
                choices_json=choices_json, created_at=started, updated_at=now,
            ))
    except SQLAlchemyError as error:
        raise StoreError(f"Could not keep the upload in progress: {_reason(error)}") from error


def update_draft_choices(engine: Engine, owner: str, choices: dict, *, now: datetime | None = None) -> bool:
    """Record new choices on `owner`'s draft without rewriting its file; False when there is no draft to update."""
    try:
        with write_transaction(engine) as connection:
            updated = connection.execute(
                UploadDraft.__table__.update().where(UploadDraft.owner == owner[:_OWNER_LENGTH])
                .values(choices_json=json.dumps(choices, sort_keys=True), updated_at=now or utc_now())
            )
    except SQLAlchemyError as error:
        raise StoreError(f"Could not keep the upload in progress: {_reason(error)}") from error
    return updated.rowcount > 0


def get_draft(engine: Engine, owner: str, *, now: datetime | None = None) -> Draft | None:
    """`owner`'s draft, or None when there is none or it has expired (an expired one is removed)."""
    now = now or utc_now()
    with engine.connect() as connection:
        row = connection.execute(
            select(UploadDraft.__table__).where(UploadDraft.owner == owner[:_OWNER_LENGTH])
        ).one_or_none()
    if row is None:
        return None
    draft = Draft(row.owner, row.file_name, row.sha256, row.file_bytes, json.loads(row.choices_json),
                  row.created_at, row.updated_at)
    if draft.expires_at <= now:
        forget_expired(engine, now=now)
        return None
    return draft


def discard_draft(engine: Engine, owner: str) -> None:
    try:
        with write_transaction(engine) as connection:
            connection.execute(delete(UploadDraft).where(UploadDraft.owner == owner[:_OWNER_LENGTH]))
    except SQLAlchemyError as error:
        raise StoreError(f"Could not discard the upload in progress: {_reason(error)}") from error


def forget_expired(engine: Engine, *, now: datetime | None = None) -> int:
    """Remove every draft untouched for DRAFT_HOURS; returns how many went."""
    cutoff = (now or utc_now()) - timedelta(hours=DRAFT_HOURS)
    with write_transaction(engine) as connection:
        return connection.execute(delete(UploadDraft).where(UploadDraft.updated_at <= cutoff)).rowcount
