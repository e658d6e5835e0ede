"""Signing staff in: which way the secrets choose, bcrypt passwords, and the lock after repeated failures."""
from __future__ import annotations

import bcrypt
import pytest

from ui.access import (
    SignInGuard,
    email_allowed,
    hash_password,
    oidc_providers,
    password_problem,
    provider_label,
    staff_accounts,
    verify_password,
)

ENTRA = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 48,
        "microsoft": {
            "client_id": "00000000-0000-0000-0000-000000000000",
            "client_secret": "secret",
            "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
        },
    }
}


@pytest.fixture(scope="module")
def accounts():
    # A real staff member's kind of name; the password exists only in this test.
    return {"j.okafor@leics.pcc.police.uk": hash_password("Victim First 2020/21")}


def test_named_entra_provider_is_offered():
    assert oidc_providers(ENTRA) == ["microsoft"]
    assert provider_label("microsoft", ENTRA) == "Microsoft (Entra ID)"


def test_settings_straight_in_auth_are_the_default_provider():
    flat = {"auth": {**{k: v for k, v in ENTRA["auth"].items() if k != "microsoft"}, **ENTRA["auth"]["microsoft"]}}
    assert oidc_providers(flat) == ["default"]


@pytest.mark.parametrize("secrets", [
    {},
    {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"}},  # no cookie secret
    {"auth": {**ENTRA["auth"], "microsoft": {"client_id": "x"}}},  # incomplete provider
])
def test_incomplete_oidc_settings_fall_back_to_local_accounts(secrets):
    assert oidc_providers(secrets) == []


def test_only_bcrypt_hashes_count_as_accounts(accounts):
    secrets = {"staff_accounts": {**accounts, "admin": "admin", "blank": ""}}
    assert list(staff_accounts(secrets)) == ["j.okafor@leics.pcc.police.uk"]


def test_password_is_checked_against_the_hash(accounts):
    hashed = accounts["j.okafor@leics.pcc.police.uk"]
    assert hashed.startswith("$2b$12$") and "Victim First" not in hashed
    assert verify_password(accounts, "j.okafor@leics.pcc.police.uk", "Victim First 2020/21")
    assert not verify_password(accounts, "j.okafor@leics.pcc.police.uk", "victim first 2020/21")
    assert not verify_password(accounts, "someone.else", "Victim First 2020/21")
    assert not verify_password(accounts, "j.okafor@leics.pcc.police.uk", "")
    assert not verify_password(accounts, "j.okafor@leics.pcc.police.uk", "x" * 100)
    assert not verify_password({"broken": "$2b$12$not-a-hash"}, "broken", "Victim First 2020/21")


@pytest.mark.parametrize("password, problem", [
    ("short", "at least 12 characters"),
    ("é" * 40, "at most 72 bytes"),
    ("Victim First 2020/21", None),
])
def test_new_password_rules(password, problem):
    found = password_problem(password)
    assert (found is None) if problem is None else (problem in found)


def test_five_failures_lock_the_name_for_a_minute(accounts):
    now = [1000.0]
    guard = SignInGuard(clock=lambda: now[0])
    name = "j.okafor@leics.pcc.police.uk"
    for _ in range(5):
        assert guard.attempt(accounts, name, "wrong password!") == (
            "That user name and password do not match a staff account")
    # Even the right password is refused while locked.
    assert guard.attempt(accounts, name, "Victim First 2020/21").startswith(
        f"Too many failed attempts for '{name}'; try again in 61 seconds")
    now[0] += 61
    assert guard.attempt(accounts, name, "Victim First 2020/21") is None
    assert guard.seconds_locked(name) == 0


def test_email_domain_allow_list():
    assert email_allowed("j.okafor@leics.pcc.police.uk", ["leics.pcc.police.uk"])
    assert not email_allowed("someone@gmail.com", ["leics.pcc.police.uk"])
    assert not email_allowed(None, ["leics.pcc.police.uk"])
    assert email_allowed("someone@gmail.com", [])


def test_hash_is_a_standard_bcrypt_hash():
    hashed = hash_password("Victim First 2020/21")
    assert bcrypt.checkpw(b"Victim First 2020/21", hashed.encode())
