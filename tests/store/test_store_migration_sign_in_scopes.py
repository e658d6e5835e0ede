"""Revision 0010: sign_in_attempts gains a scope (account, client, everyone); runs in progress keep counting."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import inspect, text

from store import make_engine
from store.migrate import HEAD_REVISION, current_revisions, downgrade, upgrade
from store.sign_in_attempts import ACCOUNT, FAILURES_BEFORE_LOCK, Refusal, claim_attempt
from tests.store.test_store_migrations import empty_url, opened  # noqa: F401 - SQLite and PostgreSQL

NAME = "j.okafor@leics.pcc.police.uk"
ALMOST_LOCKED = FAILURES_BEFORE_LOCK - 1
AT = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def test_a_run_of_failures_held_at_0009_keeps_counting_after_0010_and_back(empty_url, opened):  # noqa: F811
    old = opened(empty_url)
    upgrade(old, "0009")
    with old.begin() as connection:
        connection.execute(text("INSERT INTO sign_in_attempts (account, failures, last_attempt_at) "
                                "VALUES (:account, :failures, :at)"),
                           {"account": NAME, "failures": ALMOST_LOCKED, "at": AT})
    old.dispose()

    engine = make_engine(empty_url)
    try:
        assert current_revisions(engine) == {HEAD_REVISION}
        assert inspect(engine).get_pk_constraint("sign_in_attempts")["constrained_columns"] == ["scope", "subject"]
        # The fifth failure, then the lock: the four from before 0010 still count.
        assert claim_attempt(engine, NAME, "203.0.113.7", now=AT) is None
        assert claim_attempt(engine, NAME, "203.0.113.7", now=AT) == Refusal(ACCOUNT, 60)

        downgrade(engine, "0009")
        assert inspect(engine).get_pk_constraint("sign_in_attempts")["constrained_columns"] == ["account"]
        with engine.connect() as connection:
            assert connection.execute(text("SELECT account, failures FROM sign_in_attempts")).all() == [
                (NAME, FAILURES_BEFORE_LOCK)]
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT scope, subject, failures FROM sign_in_attempts")).all() == [
                (ACCOUNT, NAME, FAILURES_BEFORE_LOCK)]
    finally:
        engine.dispose()
