"""Five wrong passwords lock a name for a minute, twenty from one network lock it out of every name, counted once for every process and replica."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from store import claim_attempt, clear_attempts, seconds_locked
from store.models import SignInAttempt
from store.sign_in_attempts import (
    ACCOUNT,
    CLIENT,
    CLIENT_LIMIT,
    EVERYONE,
    EVERYONE_LIMIT,
    FAILURES_BEFORE_LOCK,
    Refusal,
    account_key,
)
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
        refusal = claim_attempt(engine, NAME)
        told.append(0.0 if refusal is None else refusal.seconds)

    threads = [threading.Thread(target=guess) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return told


def test_five_checks_then_the_name_is_locked_for_a_minute(engine):
    for minute in range(FAILURES_BEFORE_LOCK):
        assert claim_attempt(engine, NAME, now=MONDAY + timedelta(seconds=minute)) is None
    last = MONDAY + timedelta(seconds=FAILURES_BEFORE_LOCK - 1)

    assert claim_attempt(engine, NAME, now=last + timedelta(seconds=10)) == Refusal(ACCOUNT, 50)
    assert seconds_locked(engine, NAME, now=last + timedelta(seconds=10)) == 50
    # A refused claim does not extend the lock; once it runs out a fresh run begins.
    assert claim_attempt(engine, NAME, now=last + timedelta(seconds=60)) is None
    assert seconds_locked(engine, NAME, now=last + timedelta(seconds=60)) == 0


def test_a_right_password_ends_the_run(engine):
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        claim_attempt(engine, NAME, now=MONDAY)
    clear_attempts(engine, NAME)

    for _ in range(FAILURES_BEFORE_LOCK):
        assert claim_attempt(engine, NAME, now=MONDAY) is None
    assert claim_attempt(engine, NAME, now=MONDAY) == Refusal(ACCOUNT, 60)


def test_one_account_however_its_name_is_typed(engine):
    for typed in ["J.Okafor@LEICS.pcc.police.uk", " j.okafor@leics.pcc.police.uk ", "j.okafor@leics\x00.pcc.police.uk",
                  "j.okafor@leics.pcc.police.uk", "J.OKAFOR@leics.pcc.police.uk"]:
        assert claim_attempt(engine, typed, now=MONDAY) is None
    assert seconds_locked(engine, NAME, now=MONDAY) == 60
    assert claim_attempt(engine, "m.hale", now=MONDAY) is None


def test_a_name_longer_than_the_column_is_counted_not_refused(engine):
    assert len(account_key("x" * 5000)) == 200
    assert claim_attempt(engine, "x" * 5000, now=MONDAY) is None


def test_a_run_nobody_continued_for_a_day_is_forgotten(engine):
    claim_attempt(engine, "typed once by mistake", now=MONDAY)
    claim_attempt(engine, NAME, now=MONDAY + timedelta(days=1, seconds=1))
    with engine.connect() as connection:
        assert connection.execute(select(SignInAttempt.subject).where(SignInAttempt.scope == ACCOUNT)
                                  ).scalars().all() == [NAME]


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
        assert connection.execute(select(func.sum(SignInAttempt.failures))
                                  .where(SignInAttempt.scope == ACCOUNT)).scalar_one() == FAILURES_BEFORE_LOCK


def test_a_names_own_run_from_a_day_ago_starts_afresh(engine):
    for _ in range(FAILURES_BEFORE_LOCK):
        claim_attempt(engine, NAME, now=MONDAY)

    assert claim_attempt(engine, NAME, now=MONDAY + timedelta(days=1, seconds=1)) is None
    with engine.connect() as connection:
        assert connection.execute(select(SignInAttempt.failures)
                                  .where(SignInAttempt.scope == ACCOUNT)).scalars().all() == [1]


# --- one network trying every name, and many networks sharing the names out --------------------------

OFFICE = "203.0.113.7"  # TEST-NET-3 (RFC 5737): an address that is nobody's
STAFF = [f"staff.member.{number}@leics.pcc.police.uk" for number in range(1, 41)]


def test_one_network_trying_a_password_on_every_name_is_stopped_at_twenty(engine):
    for name in STAFF[:CLIENT_LIMIT.failures_before_lock]:
        assert claim_attempt(engine, name, OFFICE, now=MONDAY) is None

    # A name it has never tried is refused too, for fifteen minutes; another network is not.
    refused = claim_attempt(engine, STAFF[-1], OFFICE, now=MONDAY + timedelta(seconds=30))
    assert refused == Refusal(CLIENT, CLIENT_LIMIT.lock_seconds - 30)
    assert seconds_locked(engine, STAFF[-1], OFFICE, now=MONDAY + timedelta(seconds=30)) == refused.seconds
    assert claim_attempt(engine, STAFF[-1], "198.51.100.20", now=MONDAY) is None
    assert claim_attempt(engine, STAFF[-1], OFFICE, now=MONDAY + timedelta(minutes=15)) is None


def test_a_right_password_takes_back_only_its_own_claim_on_the_network(engine):
    # Otherwise a guesser with one account of their own could sign in to wipe their count.
    for name in STAFF[:CLIENT_LIMIT.failures_before_lock - 1]:
        claim_attempt(engine, name, OFFICE, now=MONDAY)
    claim_attempt(engine, NAME, OFFICE, now=MONDAY)
    clear_attempts(engine, NAME, OFFICE)

    assert claim_attempt(engine, NAME, OFFICE, now=MONDAY) is None
    assert claim_attempt(engine, STAFF[-1], OFFICE, now=MONDAY).scope == CLIENT


def test_an_office_mistyping_now_and_then_is_never_locked_out(engine):
    # A failure every twenty minutes all day: each run is forgotten before the next.
    for number in range(24 * 3):
        assert claim_attempt(engine, STAFF[number % len(STAFF)], OFFICE,
                             now=MONDAY + timedelta(minutes=20 * number)) is None


def test_names_shared_out_between_many_networks_are_stopped_at_a_hundred(engine):
    networks = [f"198.51.100.{number}" for number in range(1, EVERYONE_LIMIT.failures_before_lock + 1)]
    for number, network in enumerate(networks):
        assert claim_attempt(engine, STAFF[number % len(STAFF)], network, now=MONDAY) is None

    assert claim_attempt(engine, NAME, "192.0.2.1", now=MONDAY + timedelta(seconds=60)) == Refusal(
        EVERYONE, EVERYONE_LIMIT.lock_seconds - 60)
    assert claim_attempt(engine, NAME, "192.0.2.1", now=MONDAY + timedelta(minutes=5)) is None


def many_names_from_one_network(engine, names: list[str]) -> list[Refusal | None]:
    """One thread per name, from OFFICE, all at once; what each was told."""
    barrier = threading.Barrier(len(names))
    told: list[Refusal | None] = []

    def guess(name: str) -> None:
        barrier.wait(timeout=60)
        told.append(claim_attempt(engine, name, OFFICE))

    threads = [threading.Thread(target=guess, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return told


def names_from_a_process(url: str, names: list[str], start_together, outcomes) -> None:
    from store import make_engine

    engine = make_engine(url)
    wait_together(start_together)
    outcomes.put([None if refusal is None else refusal.scope for refusal in many_names_from_one_network(engine, names)])
    engine.dispose()


def test_thirty_two_names_at_once_from_one_network_in_two_processes_get_twenty_checks(engine):
    halves = [(engine_url(engine), STAFF[:16]), (engine_url(engine), STAFF[16:32])]
    exit_codes, told = run_together(names_from_a_process, halves, timeout=120, collect=2)

    assert exit_codes == [0, 0]
    every = [scope for process in told for scope in process]
    assert len(every) == 32
    assert every.count(None) == CLIENT_LIMIT.failures_before_lock
    assert every.count(CLIENT) == 32 - CLIENT_LIMIT.failures_before_lock
    with engine.connect() as connection:
        assert connection.execute(select(SignInAttempt.failures).where(
            SignInAttempt.scope == CLIENT, SignInAttempt.subject == OFFICE)).scalar_one() == 20
