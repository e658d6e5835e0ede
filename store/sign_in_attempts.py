"""Failed sign-ins per account name, counted in the store so every process and replica sees the same count.

A password check is claimed before it is made, and the claim counts as a
failure until the password proves right: sixteen guesses sent at once cannot
all slip past the count while each waits for bcrypt. The account's row is
locked while it is read and changed: BEGIN IMMEDIATE on SQLite (one writer at
a time), SELECT ... FOR UPDATE on PostgreSQL, after an INSERT ... ON CONFLICT
DO NOTHING so that two first attempts for a new name cannot both insert it.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.engine import write_transaction
from store.models import SignInAttempt, utc_now

FAILURES_BEFORE_LOCK = 5
LOCK_SECONDS = 60
# A run of failures nobody has continued for a day is forgotten, so names
# typed once (or made up by someone guessing) do not pile up for ever.
FORGET_AFTER = timedelta(days=1)
_ACCOUNT_LENGTH = SignInAttempt.__table__.c.account.type.length


def account_key(name: str) -> str:
    """The row a name's attempts are counted under: folded case, no control characters, within the column.

    PostgreSQL refuses a NUL in text, and a form can send anything.
    """
    visible = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return " ".join(visible.split()).casefold()[:_ACCOUNT_LENGTH]


def claim_attempt(engine: Engine, name: str, *, now: datetime | None = None,
                  failures_before_lock: int = FAILURES_BEFORE_LOCK,
                  lock_seconds: float = LOCK_SECONDS) -> float:
    """0 when a password check for `name` may go ahead (counted as failed until cleared); else seconds still locked.

    After `failures_before_lock` claims in a row without a success, the name is
    locked for `lock_seconds` from the last one; then a fresh run begins.
    """
    key = account_key(name)
    with write_transaction(engine) as connection:
        failures, last = _locked_row(connection, key, now or utc_now())
        # The time is read once the row is ours, so the claims queued on it keep their order.
        now = now or utc_now()
        _forget_stale(connection, now, key)
        if now - last > FORGET_AFTER:
            failures = 0
        if failures >= failures_before_lock:
            waiting = lock_seconds - (now - last).total_seconds()
            if waiting > 0:
                return waiting
            failures = 0  # the lock has run out: a fresh run of attempts
        connection.execute(
            update(SignInAttempt).where(SignInAttempt.account == key)
            .values(failures=failures + 1, last_attempt_at=now)
        )
    return 0.0


def clear_attempts(engine: Engine, name: str) -> None:
    """The password was right: the run of failures for `name` ends."""
    with write_transaction(engine) as connection:
        connection.execute(delete(SignInAttempt).where(SignInAttempt.account == account_key(name)))


def seconds_locked(engine: Engine, name: str, *, now: datetime | None = None,
                   failures_before_lock: int = FAILURES_BEFORE_LOCK,
                   lock_seconds: float = LOCK_SECONDS) -> float:
    """How long `name` stays locked, without claiming an attempt; 0 when it is not."""
    now = now or utc_now()
    with engine.connect() as connection:
        row = connection.execute(
            select(SignInAttempt.failures, SignInAttempt.last_attempt_at)
            .where(SignInAttempt.account == account_key(name))
        ).one_or_none()
    if row is None or row.failures < failures_before_lock:
        return 0.0
    return max(0.0, lock_seconds - (now - row.last_attempt_at).total_seconds())


def _locked_row(connection: Connection, key: str, now: datetime) -> tuple[int, datetime]:
    # On PostgreSQL another claim's _forget_stale may delete a day-old row
    # between the insert and the lock; inserting again then finds it gone.
    while True:
        connection.execute(_insert_if_missing(connection, key, now))
        row = connection.execute(
            select(SignInAttempt.failures, SignInAttempt.last_attempt_at)
            .where(SignInAttempt.account == key).with_for_update()
        ).one_or_none()
        if row is not None:
            return row.failures, row.last_attempt_at


def _insert_if_missing(connection: Connection, key: str, now: datetime):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return (dialect.insert(SignInAttempt).values(account=key, failures=0, last_attempt_at=now)
            .on_conflict_do_nothing(index_elements=[SignInAttempt.account]))


def _forget_stale(connection: Connection, now: datetime, claimed: str) -> None:
    # SKIP LOCKED: a stale row another claim is reviving is left to it, so two
    # claims never wait on each other's rows (no deadlock); SQLite ignores it.
    stale = (select(SignInAttempt.account)
             .where(SignInAttempt.last_attempt_at < now - FORGET_AFTER, SignInAttempt.account != claimed)
             .with_for_update(skip_locked=True))
    connection.execute(delete(SignInAttempt).where(SignInAttempt.account.in_(stale)))
