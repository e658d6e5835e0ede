"""The sign-in's lock-out limits as the operator sets them in secrets.toml or the environment."""
from __future__ import annotations

import pytest

from store.sign_in_attempts import CLIENT_LIMIT, EVERYONE_LIMIT, LIMITS, NAME_LIMIT
from tests.store.conftest import engine  # noqa: F401 - the store on SQLite and PostgreSQL
from ui.passwords import NO_MATCH, attempt_sign_in, hash_password
from ui.sign_in_limits import SETTINGS, environment_variable, limits_problem, sign_in_limits
from ui.sign_in_settings import settings_problem

NAME = "j.okafor@leics.pcc.police.uk"
PASSWORD = "Victim First 2020/21"


def test_nothing_set_keeps_the_defaults():
    assert sign_in_limits({}, {}) == LIMITS
    assert limits_problem({}, {}) is None
    assert sign_in_limits({"sign_in": {"trusted_proxies": ["127.0.0.1"]}}, {}) == LIMITS


def test_each_setting_changes_its_own_limit_and_the_environment_wins():
    secrets = {"sign_in": {"failures_per_name": 3, "name_lock_seconds": 300, "failures_per_network": "50"}}
    name, network, everyone = sign_in_limits(secrets, {"SIGN_IN_FAILURES_PER_NAME": "4"})
    assert (name.failures_before_lock, name.lock_seconds) == (4, 300)
    assert name.forget_after == NAME_LIMIT.forget_after
    assert (network.failures_before_lock, network.lock_seconds) == (50, CLIENT_LIMIT.lock_seconds)
    assert everyone == EVERYONE_LIMIT
    # A longer lock for a network is not forgotten before it ends.
    _, network, _ = sign_in_limits({"sign_in": {"network_lock_seconds": 3600}}, {})
    assert network.forget_after.total_seconds() == 3600


@pytest.mark.parametrize("value", [0, -5, "five", True, 2.5, ""])
def test_a_value_that_is_not_a_whole_number_stops_with_one_line_naming_it(value):
    problem = limits_problem({"sign_in": {"everyone_lock_seconds": value}}, {})
    assert problem is not None and "\n" not in problem
    assert problem.startswith("[sign_in] everyone_lock_seconds in .streamlit/secrets.toml must be a whole number")
    assert f"such as {int(EVERYONE_LIMIT.lock_seconds)}" in problem
    with pytest.raises(ValueError):
        sign_in_limits({"sign_in": {"everyone_lock_seconds": value}}, {})
    variable = environment_variable("failures_per_network")
    assert limits_problem({}, {variable: "twenty"}).startswith(f"the environment variable {variable} must be")


def test_every_setting_has_its_variable_and_the_trusted_proxies_check_still_runs():
    assert [environment_variable(setting) for setting in SETTINGS] == [
        "SIGN_IN_FAILURES_PER_NAME", "SIGN_IN_NAME_LOCK_SECONDS", "SIGN_IN_FAILURES_PER_NETWORK",
        "SIGN_IN_NETWORK_LOCK_SECONDS", "SIGN_IN_FAILURES_FOR_EVERYONE", "SIGN_IN_EVERYONE_LOCK_SECONDS"]
    assert settings_problem({"sign_in": {"failures_per_name": 3, "trusted_proxies": ["not an address"]}})


def test_a_lower_limit_set_by_the_operator_locks_the_name_sooner(engine):
    accounts = {NAME: hash_password(PASSWORD)}
    limits = sign_in_limits({"sign_in": {"failures_per_name": 2, "name_lock_seconds": 120}}, {})
    for _ in range(2):
        assert attempt_sign_in(engine, accounts, NAME, "wrong password!", limits=limits) == NO_MATCH
    assert attempt_sign_in(engine, accounts, NAME, PASSWORD, limits=limits) == (
        f"Too many failed attempts for '{NAME}'; try again in 2 minutes")
