"""Local staff passwords: bcrypt hashes, and five wrong ones lock the name for every process at once."""
from __future__ import annotations

import threading

import bcrypt
import pytest

from store.sign_in_attempts import CLIENT_LIMIT, FAILURES_BEFORE_LOCK
from tests.store.conftest import engine  # noqa: F401 - the store on SQLite and PostgreSQL
from tests.together import run_together, wait_together
from ui.passwords import NO_MATCH, attempt_sign_in, hash_password, password_problem, verify_password

NAME = "j.okafor@leics.pcc.police.uk"
PASSWORD = "Victim First 2020/21"
GUESSES = 16


@pytest.fixture(scope="module")
def accounts():
    # A real staff member's kind of name; the password exists only in this test.
    return {NAME: hash_password(PASSWORD)}


def test_password_is_checked_against_the_hash(accounts):
    hashed = accounts[NAME]
    assert hashed.startswith("$2b$12$") and "Victim First" not in hashed
    assert bcrypt.checkpw(PASSWORD.encode(), hashed.encode())
    assert verify_password(accounts, NAME, PASSWORD)
    assert not verify_password(accounts, NAME, "victim first 2020/21")
    assert not verify_password(accounts, "someone.else", PASSWORD)
    assert not verify_password(accounts, NAME, "")
    assert not verify_password(accounts, NAME, "x" * 100)
    assert not verify_password({"broken": "$2b$12$not-a-hash"}, "broken", PASSWORD)


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12 characters"),
    ("é" * 40, "at most 72 bytes"),
    (PASSWORD, None),
])
def test_new_password_rules(password, problem):
    found = password_problem(password)
    assert (found is None) if problem is None else (problem in found)


def test_five_failures_lock_the_name_even_against_the_right_password(engine, accounts):
    for _ in range(FAILURES_BEFORE_LOCK):
        assert attempt_sign_in(engine, accounts, NAME, "wrong password!") == NO_MATCH
    assert attempt_sign_in(engine, accounts, NAME, PASSWORD) == (
        f"Too many failed attempts for '{NAME}'; try again in 60 seconds")
    assert attempt_sign_in(engine, accounts, "m.hale", "wrong password!") == NO_MATCH


def test_the_right_password_ends_a_run_of_failures(engine, accounts):
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        attempt_sign_in(engine, accounts, NAME, "wrong password!")
    assert attempt_sign_in(engine, accounts, f"  {NAME} ", PASSWORD) is None
    for _ in range(FAILURES_BEFORE_LOCK):
        assert attempt_sign_in(engine, accounts, NAME, "wrong password!") == NO_MATCH


class CountedCheck:
    """verify_password, counting how many guesses reach it."""

    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, accounts, username, password):
        with self._lock:
            self.calls += 1
        return verify_password(accounts, username, password)


def guesses_at_once(engine, accounts, count: int) -> tuple[int, list[str | None]]:
    """`count` threads sending a wrong password for NAME at one moment: checks made, sentences shown."""
    check = CountedCheck()
    barrier = threading.Barrier(count)
    told: list[str | None] = []

    def guess() -> None:
        barrier.wait(timeout=60)
        told.append(attempt_sign_in(engine, accounts, NAME, "wrong password!", check=check))

    threads = [threading.Thread(target=guess) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return check.calls, told


def test_sixteen_wrong_passwords_at_once_from_threads_reach_the_check_five_times(engine, accounts):
    checks, told = guesses_at_once(engine, accounts, GUESSES)

    assert checks == FAILURES_BEFORE_LOCK
    assert told.count(NO_MATCH) == FAILURES_BEFORE_LOCK
    assert sum(sentence.startswith("Too many failed attempts") for sentence in told) == GUESSES - FAILURES_BEFORE_LOCK


def guess_from_a_dashboard_process(url: str, hashed: str, threads: int, start_together, outcomes) -> None:
    # A second dashboard process: its own engine and threads, the same store.
    from store import make_engine

    engine = make_engine(url)
    wait_together(start_together)
    outcomes.put(guesses_at_once(engine, {NAME: hashed}, threads)[0])
    engine.dispose()


def test_sixteen_wrong_passwords_at_once_from_two_processes_reach_the_check_five_times(engine, accounts):
    url = engine.url.render_as_string(hide_password=False)
    exit_codes, checks = run_together(guess_from_a_dashboard_process,
                                      [(url, accounts[NAME], GUESSES // 2)] * 2, timeout=120, collect=2)

    assert exit_codes == [0, 0]
    assert sum(checks) == FAILURES_BEFORE_LOCK


OFFICE = "203.0.113.7"  # TEST-NET-3 (RFC 5737)


def test_twenty_wrong_passwords_from_one_network_lock_it_out_of_every_name(engine, accounts):
    for number in range(CLIENT_LIMIT.failures_before_lock):
        assert attempt_sign_in(engine, accounts, f"guess.{number}", "wrong password!", client=OFFICE) == NO_MATCH

    assert attempt_sign_in(engine, accounts, NAME, PASSWORD, client=OFFICE) == (
        "Too many failed sign-ins from your network; try again in 15 minutes")
    assert attempt_sign_in(engine, accounts, NAME, PASSWORD, client="198.51.100.20") is None
