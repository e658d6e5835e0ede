"""Failed sign-ins counted in the store, per account name, per client network and for everyone at once.

The lock on a name stops a guesser trying one account; it does nothing
against one client trying a common password on every name, or many clients
sharing the names out. So each password check counts against three rows:
the name, the client's network (ui/client_address.py) and everyone's, and
the first whose run of failures is long enough refuses it.

A check is claimed before it is made, and the claim counts as a failure until
the password proves right: sixteen guesses sent at once cannot all slip past
the count while each waits for bcrypt. A right password ends its name's run,
but takes only its own claim off the client's and everyone's: otherwise a
guesser with one account of their own could reset their count at will.

The rows are locked while read and changed: BEGIN IMMEDIATE on SQLite (one
writer at a time), SELECT ... FOR UPDATE on PostgreSQL, always in the order
of LIMITS so two claims never wait on each other's rows, after an INSERT ...
ON CONFLICT DO NOTHING so two first attempts cannot both insert one row.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.engine import write_transaction
from store.models import SignInAttempt, utc_now

ACCOUNT = "account"
CLIENT = "client"
EVERYONE = "everyone"
# The one row every check counts against.
EVERYONE_SUBJECT = "*"


@dataclass(frozen=True)
class Limit:
    """How many failures in a row one scope allows, and for how long it then refuses."""

    scope: str
    failures_before_lock: int
    lock_seconds: float
    # A run nobody has continued for this long is forgotten: names typed once
    # do not pile up for ever, and an office behind one address that mistypes
    # now and then is never locked out.
    forget_after: timedelta
    # A right password ends the run, rather than taking back only its own claim.
    ended_by_success: bool


NAME_LIMIT = Limit(ACCOUNT, 5, 60, timedelta(days=1), ended_by_success=True)
# One client's failures across every name: a password tried on each account in turn.
CLIENT_LIMIT = Limit(CLIENT, 20, 15 * 60, timedelta(minutes=15), ended_by_success=False)
# Everyone's failures: names shared out between many clients. A dashboard has a
# handful of local accounts, so a hundred wrong passwords without five quiet
# minutes is an attack; staff signing in with OIDC are not held up by it.
EVERYONE_LIMIT = Limit(EVERYONE, 100, 5 * 60, timedelta(minutes=5), ended_by_success=False)
LIMITS = (NAME_LIMIT, CLIENT_LIMIT, EVERYONE_LIMIT)

FAILURES_BEFORE_LOCK = NAME_LIMIT.failures_before_lock
LOCK_SECONDS = NAME_LIMIT.lock_seconds
FORGET_AFTER = NAME_LIMIT.forget_after
_SUBJECT_LENGTH = SignInAttempt.__table__.c.subject.type.length


@dataclass(frozen=True)
class Refusal:
    """A check that may not go ahead: which scope refused it and how long it stays locked."""

    scope: str
    seconds: float


def account_key(name: str) -> str:
    """The row a name's attempts are counted under: folded case, no control characters, within the column.

    PostgreSQL refuses a NUL in text, and a form can send anything.
    """
    visible = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return " ".join(visible.split()).casefold()[:_SUBJECT_LENGTH]


def _subjects(name: str, client: str | None) -> list[tuple[Limit, str]]:
    subjects = [(NAME_LIMIT, account_key(name))]
    if client is not None:
        subjects.append((CLIENT_LIMIT, account_key(client)))
    subjects.append((EVERYONE_LIMIT, EVERYONE_SUBJECT))
    return subjects


def claim_attempt(engine: Engine, name: str, client: str | None = None, *,
                  now: datetime | None = None, limits: tuple[Limit, ...] = LIMITS) -> Refusal | None:
    """None when a password check for `name` from `client` may go ahead (counted as failed until cleared).

    Otherwise the refusal that keeps it locked longest. After a scope's
    `failures_before_lock` claims in a row, it is locked for `lock_seconds`
    from the last one; then a fresh run begins. A refused claim counts nowhere.
    `client` is None for a check that comes from no network (a test, a script).
    """
    by_scope = {limit.scope: limit for limit in limits}
    subjects = [(by_scope[limit.scope], subject) for limit, subject in _subjects(name, client)]
    with write_transaction(engine) as connection:
        rows = [(limit, subject, _locked_row(connection, limit.scope, subject, now or utc_now()))
                for limit, subject in subjects]
        # The time is read once the rows are ours, so the claims queued on them keep their order.
        now = now or utc_now()
        _forget_stale(connection, now, limits, claimed=subjects)
        refusals, counted = [], []
        for limit, subject, (failures, last) in rows:
            if now - last > limit.forget_after:
                failures = 0
            if failures >= limit.failures_before_lock:
                waiting = limit.lock_seconds - (now - last).total_seconds()
                if waiting > 0:
                    refusals.append(Refusal(limit.scope, waiting))
                    continue
                failures = 0  # the lock has run out: a fresh run of attempts
            counted.append((limit.scope, subject, failures + 1))
        if refusals:
            return max(refusals, key=lambda refusal: refusal.seconds)
        for scope, subject, failures in counted:
            connection.execute(
                update(SignInAttempt).where(SignInAttempt.scope == scope, SignInAttempt.subject == subject)
                .values(failures=failures, last_attempt_at=now)
            )
    return None


def clear_attempts(engine: Engine, name: str, client: str | None = None) -> None:
    """The password was right: the name's run ends, and its claim is taken off the client's and everyone's."""
    with write_transaction(engine) as connection:
        for limit, subject in _subjects(name, client):
            where = (SignInAttempt.scope == limit.scope, SignInAttempt.subject == subject)
            if limit.ended_by_success:
                connection.execute(delete(SignInAttempt).where(*where))
            else:
                connection.execute(update(SignInAttempt).where(*where, SignInAttempt.failures > 0)
                                   .values(failures=SignInAttempt.failures - 1))


def seconds_locked(engine: Engine, name: str, client: str | None = None, *,
                   now: datetime | None = None, limits: tuple[Limit, ...] = LIMITS) -> float:
    """How long a check for `name` from `client` stays refused, without claiming one; 0 when it would go ahead."""
    now = now or utc_now()
    by_scope = {limit.scope: limit for limit in limits}
    waits = [0.0]
    with engine.connect() as connection:
        for limit, subject in _subjects(name, client):
            limit = by_scope[limit.scope]
            row = connection.execute(
                select(SignInAttempt.failures, SignInAttempt.last_attempt_at)
                .where(SignInAttempt.scope == limit.scope, SignInAttempt.subject == subject)
            ).one_or_none()
            if row is not None and row.failures >= limit.failures_before_lock:
                waits.append(limit.lock_seconds - (now - row.last_attempt_at).total_seconds())
    return max(waits)


def _locked_row(connection: Connection, scope: str, subject: str, now: datetime) -> tuple[int, datetime]:
    # On PostgreSQL another claim's _forget_stale may delete a stale row
    # between the insert and the lock; inserting again then finds it gone.
    while True:
        connection.execute(_insert_if_missing(connection, scope, subject, now))
        row = connection.execute(
            select(SignInAttempt.failures, SignInAttempt.last_attempt_at)
            .where(SignInAttempt.scope == scope, SignInAttempt.subject == subject).with_for_update()
        ).one_or_none()
        if row is not None:
            return row.failures, row.last_attempt_at


def _insert_if_missing(connection: Connection, scope: str, subject: str, now: datetime):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return (dialect.insert(SignInAttempt).values(scope=scope, subject=subject, failures=0, last_attempt_at=now)
            .on_conflict_do_nothing(index_elements=[SignInAttempt.scope, SignInAttempt.subject]))


def _forget_stale(connection: Connection, now: datetime, limits: tuple[Limit, ...],
                  claimed: list[tuple[Limit, str]]) -> None:
    # SKIP LOCKED: a stale row another claim is reviving is left to it, so two
    # claims never wait on each other's rows (no deadlock); SQLite ignores it.
    stale = or_(*(and_(SignInAttempt.scope == limit.scope,
                       SignInAttempt.last_attempt_at < now - limit.forget_after) for limit in limits))
    ours = or_(*(and_(SignInAttempt.scope == limit.scope, SignInAttempt.subject == subject)
                 for limit, subject in claimed))
    rows = (select(SignInAttempt.scope, SignInAttempt.subject).where(stale, ~ours)
            .with_for_update(skip_locked=True))
    for scope, subject in connection.execute(rows).all():
        connection.execute(delete(SignInAttempt).where(SignInAttempt.scope == scope,
                                                       SignInAttempt.subject == subject))
