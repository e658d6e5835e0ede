"""The signed cookie that keeps a local staff account signed in across a reload."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from ui.passwords import hash_password
from ui.staff_cookie import COOKIE_NAME, LIFETIME, cookie_script, cookie_value, signed_in_user

SECRET = "q3Xv0R8yJtqz1bW5nE2mH7cK9pL4sD6fG0aU8iO2eY5rT1wQ3zX7vB9nM4kJ6hF2"
SIGNED_IN_AT = datetime(2026, 12, 4, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def accounts() -> dict[str, str]:
    return {"j.okafor": hash_password("Victim First 2020/21")}


def test_a_cookie_signs_its_account_in_until_it_expires(accounts):
    value = cookie_value("j.okafor", secret=SECRET, password_hash=accounts["j.okafor"], now=SIGNED_IN_AT)
    assert signed_in_user(value, secret=SECRET, accounts=accounts, now=SIGNED_IN_AT + timedelta(hours=11)) == "j.okafor"
    assert signed_in_user(value, secret=SECRET, accounts=accounts, now=SIGNED_IN_AT + LIFETIME) is None


def test_a_cookie_signed_with_another_secret_or_edited_signs_no_one_in(accounts):
    value = cookie_value("j.okafor", secret=SECRET, password_hash=accounts["j.okafor"], now=SIGNED_IN_AT)
    assert signed_in_user(value, secret=SECRET[::-1], accounts=accounts, now=SIGNED_IN_AT) is None
    payload, signature = value.split(".")
    # A later expiry written into the cookie by hand breaks its signature.
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    longer = base64.urlsafe_b64encode(json.dumps({**claims, "until": claims["until"] + 86_400}).encode()).decode()
    assert signed_in_user(f"{longer.rstrip('=')}.{signature}", secret=SECRET, accounts=accounts,
                          now=SIGNED_IN_AT) is None
    for forged in ("", "j.okafor", "a.b.c", "!!!.???", f"{payload}.", f".{signature}"):
        assert signed_in_user(forged, secret=SECRET, accounts=accounts, now=SIGNED_IN_AT) is None


def test_a_changed_password_or_a_removed_account_ends_the_cookie(accounts):
    value = cookie_value("j.okafor", secret=SECRET, password_hash=accounts["j.okafor"], now=SIGNED_IN_AT)
    changed = {"j.okafor": hash_password("Victim First 2021/22")}
    assert signed_in_user(value, secret=SECRET, accounts=changed, now=SIGNED_IN_AT) is None
    assert signed_in_user(value, secret=SECRET, accounts={}, now=SIGNED_IN_AT) is None


def test_the_script_sets_a_strict_cookie_for_the_lifetime_and_removes_it_on_sign_out():
    set_it = cookie_script("abc.def")
    assert f'"{COOKIE_NAME}=abc.def; Path=/; Max-Age={int(LIFETIME.total_seconds())}; SameSite=Strict"' in set_it
    assert "'; Secure'" in set_it
    assert f'"{COOKIE_NAME}=; Path=/; Max-Age=0; SameSite=Strict"' in cookie_script(None)
