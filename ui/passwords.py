"""Local staff passwords: bcrypt hashes, and the shared lock-out around checking them.

No account or password ships with the code: `make user` writes each hash
into .streamlit/secrets.toml. The failed-attempt counts live in the store
(store/sign_in_attempts.py), per name, per client network and for everyone,
so a second tab, process or replica does not start a guesser's count again.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import bcrypt
from sqlalchemy import Engine

from store.sign_in_attempts import ACCOUNT, CLIENT, LIMITS, Limit, Refusal, claim_attempt, clear_attempts

# bcrypt reads only the first 72 bytes of a password; bcrypt 5 refuses longer ones outright.
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_LENGTH = 12
NO_MATCH = "That user name and password do not match a staff account"


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None. Length is what makes a password hard to guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must be at least {MIN_PASSWORD_LENGTH} characters long"
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return f"The password must be at most {MAX_PASSWORD_BYTES} bytes long (bcrypt reads no further)"
    return None


_DUMMY_HASH: list[bytes] = []


def _dummy_hash() -> bytes:
    # Checking an unknown name against a real hash takes as long as a known
    # one, so response time does not reveal which staff accounts exist.
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(bcrypt.hashpw(b"not a staff password", bcrypt.gensalt(rounds=12)))
    return _DUMMY_HASH[0]


def verify_password(accounts: Mapping[str, str], username: str, password: str) -> bool:
    hashed = accounts.get(username)
    encoded = password.encode("utf-8")
    if not password or len(encoded) > MAX_PASSWORD_BYTES:
        return False
    try:
        matched = bcrypt.checkpw(encoded, hashed.encode("ascii") if hashed else _dummy_hash())
    except ValueError:  # a damaged hash in secrets.toml
        return False
    return matched and hashed is not None


def attempt_sign_in(engine: Engine, accounts: Mapping[str, str], username: str, password: str, *,
                    client: str | None = None,
                    check: Callable[[Mapping[str, str], str, str], bool] = verify_password,
                    limits: tuple[Limit, ...] = LIMITS) -> str | None:
    """None when signed in; otherwise the one sentence to show.

    The check is claimed in the store first, so the fifth wrong password in a
    row locks the name for every process at once, however many arrive together;
    `client` (ui/client_address.py) is the network the attempt came from;
    `limits` are those in force (ui/sign_in_limits.py).
    """
    username = username.strip()
    refusal = claim_attempt(engine, username, client, limits=limits)
    if refusal is not None:
        return refused(refusal, username)
    if not check(accounts, username, password):
        return NO_MATCH
    clear_attempts(engine, username, client)
    return None


def refused(refusal: Refusal, username: str) -> str:
    """The sentence for a check that was not made, saying whose failures locked it and for how long."""
    wait = _duration(refusal.seconds)
    if refusal.scope == ACCOUNT:
        return f"Too many failed attempts for '{username}'; try again in {wait}"
    if refusal.scope == CLIENT:
        return f"Too many failed sign-ins from your network; try again in {wait}"
    return (f"Too many failed sign-ins on this dashboard, from everywhere: signing in with a password is paused "
            f"for everyone for {wait}")


def _duration(seconds: float) -> str:
    whole = int(seconds) + 1
    if whole <= 90:
        return f"{whole} seconds"
    return f"{-(-whole // 60)} minutes"
