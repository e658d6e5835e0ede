"""How many wrong passwords the sign-in allows before it locks, as the operator sets them.

The defaults (store/sign_in_attempts.py: 5 per name then 60 s, 20 per client
network then 15 minutes, 100 from everyone then 5 minutes) suit a dashboard
with a handful of local accounts. An office behind one address, or a
deployment under attack, may need others: each number can be set in
`[sign_in]` of .streamlit/secrets.toml or by an environment variable, which
wins (a container's settings). A value that is not a whole number of at least
1 stops every page with one line naming the setting, as other unsafe
settings do, rather than quietly falling back.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import timedelta

from store.sign_in_attempts import CLIENT_LIMIT, EVERYONE_LIMIT, LIMITS, NAME_LIMIT, Limit
from ui.client_address import SIGN_IN_SECTION

# setting in [sign_in] -> (the default limit it changes, its field)
SETTINGS = {
    "failures_per_name": (NAME_LIMIT, "failures_before_lock"),
    "name_lock_seconds": (NAME_LIMIT, "lock_seconds"),
    "failures_per_network": (CLIENT_LIMIT, "failures_before_lock"),
    "network_lock_seconds": (CLIENT_LIMIT, "lock_seconds"),
    "failures_for_everyone": (EVERYONE_LIMIT, "failures_before_lock"),
    "everyone_lock_seconds": (EVERYONE_LIMIT, "lock_seconds"),
}


def environment_variable(setting: str) -> str:
    """`failures_per_name` -> `SIGN_IN_FAILURES_PER_NAME`."""
    return f"SIGN_IN_{setting.upper()}"


def _given(secrets: Mapping, environ: Mapping[str, str]) -> dict[str, tuple[str, object]]:
    """setting -> (where it was set, the value as given), for each setting given at all."""
    section = secrets.get(SIGN_IN_SECTION)
    section = section if isinstance(section, Mapping) else {}
    given = {}
    for setting in SETTINGS:
        variable = environment_variable(setting)
        if variable in environ:
            given[setting] = (f"the environment variable {variable}", environ[variable])
        elif setting in section:
            given[setting] = (f"[{SIGN_IN_SECTION}] {setting} in .streamlit/secrets.toml", section[setting])
    return given


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if number >= 1 else None
    return None


def limits_problem(secrets: Mapping, environ: Mapping[str, str]) -> str | None:
    """Why a sign-in limit as set cannot be used, in one line; None when every one can (or none is set)."""
    for setting, (where, value) in _given(secrets, environ).items():
        if _whole_number(value) is None:
            return f"{where} must be a whole number of at least 1, such as {_default(setting)}, not {value!r}"
    return None


def _default(setting: str) -> int:
    limit, field = SETTINGS[setting]
    return int(getattr(limit, field))


def sign_in_limits(secrets: Mapping, environ: Mapping[str, str]) -> tuple[Limit, ...]:
    """The limits in force: the defaults with each setting given applied (call limits_problem first)."""
    changes: dict[str, dict[str, int]] = {}
    for setting, (_, value) in _given(secrets, environ).items():
        number = _whole_number(value)
        if number is None:
            raise ValueError(limits_problem(secrets, environ))
        limit, field = SETTINGS[setting]
        changes.setdefault(limit.scope, {})[field] = number
    limits = []
    for limit in LIMITS:
        changed = dataclasses.replace(limit, **changes.get(limit.scope, {}))
        if limit.scope != NAME_LIMIT.scope:
            # A network's or everyone's run is forgotten after its lock's length (as by default),
            # so a longer lock is not cut short by forgetting the run that caused it.
            changed = dataclasses.replace(changed, forget_after=max(limit.forget_after,
                                                                    timedelta(seconds=changed.lock_seconds)))
        limits.append(changed)
    return tuple(limits)
