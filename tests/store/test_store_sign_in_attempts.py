"""Five wrong passwords lock a name for a minute, counted once for every process and replica."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from store import claim_attempt, clear_attempts, seconds_locked
from store.models import SignInAttempt
from store.sign_in_attempts import FAILURES_BEFORE_LOCK, account_key
from store_testdata import engine_url
from tests.together import run_together, wait_together

NAME = "j.okafor@leics.pcc.police.uk"
MONDAY = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)
GUESSES = 16


def claims_at_once(engine, count: int) -> list[float]:
    """`count` threads claiming a check for NAME at the same moment; what each was told."""
    barrier = threading.Barrier(count)
    told: list[float] = []

    def guess() -> None:
        barrier.wait(timeout=60)
        told.append(claim_attempt(engine, NAME))

    threads = [threading.Thread(target=guess) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return told


def test_five_checks_then_the_name_is_locked_for_a_minute(engine):
    for minute in range(FAILURES_BEFORE_LOCK):
        assert claim_attempt(engine, NAME, now=MONDAY + timedelta(seconds=minute)) == 0
    last = MONDAY + timedelta(seconds=FAILURES_BEFORE_LOCK - 1)

    assert claim_attempt(engine, NAME, now=last + timedelta(seconds=10)) == 50
    assert seconds_locked(engine, NAME, now=last + timedelta(seconds=10)) == 50
    # A refused claim does not extend the lock; once it runs out a fresh run begins.
    assert claim_attempt(engine, NAME, now=last + timedelta(seconds=60)) == 0
    assert seconds_locked(engine, NAME, now=last + timedelta(seconds=60)) == 0


def test_a_right_password_ends_the_run(engine):
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        claim_attempt(engine, NAME, now=MONDAY)
    clear_attempts(engine, NAME)

    for _ in range(FAILURES_BEFORE_LOCK):
        assert claim_attempt(engine, NAME, now=MONDAY) == 0
    assert claim_attempt(engine, NAME, now=MONDAY) == 60


def test_one_account_however_its_name_is_typed(engine):
    for typed in ["J.Okafor@LEICS.pcc.police.uk", " j.okafor@leics.pcc.police.uk ", "j.okafor@leics\x00.pcc.police.uk",
                  "j.okafor@leics.pcc.police.uk", "J.OKAFOR@leics.pcc.police.uk"]:
        assert claim_attempt(engine, typed, now=MONDAY) == 0
    assert seconds_locked(engine, NAME, now=MONDAY) == 60
    assert claim_attempt(engine, "m.hale", now=MONDAY) == 0


def test_a_name_longer_than_the_column_is_counted_not_refused(engine):
    assert len(account_key("x" * 5000)) == 200
    assert claim_attempt(engine, "x" * 5000, now=MONDAY) == 0


def test_a_run_nobody_continued_for_a_day_is_forgotten(engine):
    claim_attempt(engine, "typed once by mistake", now=MONDAY)
    claim_attempt(engine, NAME, now=MONDAY + timedelta(days=1, seconds=1))
    with engine.connect() as connection:
        assert connection.execute(select(SignInAttempt.account)).scalars().all() == [NAME]


def test_sixteen_guesses_at_once_from_threads_get_five_checks(engine):
    told = claims_at_once(engine, GUESSES)

    assert len(told) == GUESSES
    assert told.count(0.0) == FAILURES_BEFORE_LOCK
    assert all(55 < waiting <= 60 for waiting in told if waiting)


def guess_from_a_process(url: str, threads: int, start_together, outcomes) -> None:
    # Runs in a child process: its own engine, its own threads, the same database.
    from store import make_engine

    engine = make_engine(url)
    wait_together(start_together)
    outcomes.put(claims_at_once(engine, threads))
    engine.dispose()


def test_sixteen_guesses_at_once_from_two_processes_get_five_checks(engine):
    exit_codes, told = run_together(guess_from_a_process, [(engine_url(engine), GUESSES // 2)] * 2,
                                    timeout=120, collect=2)

    assert exit_codes == [0, 0]
    every = [waiting for process in told for waiting in process]
    assert len(every) == GUESSES
    assert every.count(0.0) == FAILURES_BEFORE_LOCK
    with engine.connect() as connection:
        assert connection.execute(select(func.sum(SignInAttempt.failures))).scalar_one() == FAILURES_BEFORE_LOCK


def test_a_names_own_run_from_a_day_ago_starts_afresh(engine):
    for _ in range(FAILURES_BEFORE_LOCK):
        claim_attempt(engine, NAME, now=MONDAY)

    assert claim_attempt(engine, NAME, now=MONDAY + timedelta(days=1, seconds=1)) == 0
    with engine.connect() as connection:
        assert connection.execute(select(SignInAttempt.failures)).scalars().all() == [1]
