"""What secrets.toml allows: which way in, a cookie secret nobody can guess, and which OIDC accounts are staff."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ui.sign_in_settings import (
    EXAMPLE_COOKIE_SECRETS,
    MIN_COOKIE_SECRET_BYTES,
    StaffAccess,
    cookie_secret_problem,
    oidc_providers,
    oidc_verdict,
    provider_label,
    settings_problem,
    staff_access,
    staff_accounts,
)

REPO = Path(__file__).resolve().parents[2]
# What `python -c 'import secrets; print(secrets.token_urlsafe(48))'` printed once.
GOOD_SECRET = "q3Xv0R8yJtqz1bW5nE2mH7cK9pL4sD6fG0aU8iO2eY5rT1wQ3zX7vB9nM4kJ6hF2"
ENTRA = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": GOOD_SECRET,
        "microsoft": {
            "client_id": "00000000-0000-0000-0000-000000000000",
            "client_secret": "secret",
            "server_metadata_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
        },
    }
}
OFFICER = {"email": "j.okafor@leics.pcc.police.uk", "email_verified": True, "name": "J Okafor"}
LEICESTERSHIRE = StaffAccess(domains=frozenset({"leics.pcc.police.uk"}))


def documented_cookie_secrets() -> list[str]:
    """Every cookie_secret value the README, docs/ and .streamlit/ show, commented out or not."""
    files = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md")),
             *sorted(p for p in (REPO / ".streamlit").iterdir() if p.is_file())]
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r'^[#\s]*cookie_secret\s*=\s*("(?:[^"\\]|\\.)*")', line)
            if match:
                found.append(tomllib.loads(f"value = {match.group(1)}")["value"])
    return found


# --- which way in ---------------------------------------------------------------------------------

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
def test_incomplete_oidc_settings_offer_no_provider(secrets):
    assert oidc_providers(secrets) == []


def test_only_bcrypt_hashes_count_as_accounts():
    hashed = "$2b$12$" + "a" * 53
    secrets = {"staff_accounts": {"j.okafor@leics.pcc.police.uk": hashed, "admin": "admin", "blank": ""}}
    assert list(staff_accounts(secrets)) == ["j.okafor@leics.pcc.police.uk"]


# --- the cookie secret ----------------------------------------------------------------------------

def test_the_docs_show_their_example_cookie_secrets():
    # README, docs/uploads.md and secrets.toml.example each show one.
    assert len(documented_cookie_secrets()) >= 3


@pytest.mark.parametrize("secret", documented_cookie_secrets())
def test_every_cookie_secret_the_docs_show_is_refused(secret):
    problem = cookie_secret_problem(secret)
    assert problem is not None and "example" in problem
    assert settings_problem({"auth": {**ENTRA["auth"], "cookie_secret": secret}}) == problem


@pytest.mark.parametrize("secret", sorted(EXAMPLE_COOKIE_SECRETS))
def test_every_example_the_docs_have_ever_shown_is_refused(secret):
    # Someone may have copied the README's "a long random string" before it changed.
    assert "the documentation's example" in cookie_secret_problem(secret)


@pytest.mark.parametrize("secret, says", [
    (None, "has no cookie_secret"),
    ("", "has no cookie_secret"),
    ("   ", "has no cookie_secret"),
    ("x" * (MIN_COOKIE_SECRET_BYTES - 1), f"is 31 bytes, under {MIN_COOKIE_SECRET_BYTES}"),
    ("xxx", "the documentation's example"),  # Streamlit's
    ("A Long Random String", "the documentation's example"),
    ("kq3Xv0R8yJtqz1bW", "is 16 bytes"),
    ("a long random string: " + "k" * 20, "the documentation's example"),
    ("paste the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
     "the documentation's example"),
])
def test_an_empty_short_or_example_cookie_secret_stops_sign_in(secret, says):
    auth = {**ENTRA["auth"], "cookie_secret": secret}
    problem = settings_problem({"auth": auth})
    assert says in problem
    # One line naming the file and what to put there.
    assert "\n" not in problem
    assert "cookie_secret under [auth] in .streamlit/secrets.toml" in problem
    assert "secrets.token_urlsafe(48)" in problem


def test_a_random_secret_of_32_bytes_or_more_is_accepted():
    assert cookie_secret_problem(GOOD_SECRET) is None
    assert cookie_secret_problem("é" * 16) is None  # 32 bytes, 16 characters
    assert settings_problem(ENTRA) is None


def test_without_an_auth_section_there_is_no_cookie_to_sign():
    assert settings_problem({"staff_accounts": {"j.okafor": "$2b$12$" + "a" * 53}}) is None
    assert settings_problem({}) is None


# --- which OIDC accounts are staff ----------------------------------------------------------------

def test_an_address_of_an_allowed_domain_is_staff():
    assert oidc_verdict(OFFICER, LEICESTERSHIRE) == ("j.okafor@leics.pcc.police.uk", None)
    assert oidc_verdict({**OFFICER, "email": "J.Okafor@LEICS.PCC.Police.UK"}, LEICESTERSHIRE)[0] == (
        "j.okafor@leics.pcc.police.uk")


def test_with_no_allow_list_no_account_is_staff():
    email, refusal = oidc_verdict(OFFICER, staff_access({}))
    assert email is None
    assert refusal == ("j.okafor@leics.pcc.police.uk is not on this dashboard's staff list; an administrator "
                       "adds it under [staff_access] in .streamlit/secrets.toml")


def test_allow_any_account_must_be_said_in_so_many_words():
    assert oidc_verdict({**OFFICER, "email": "someone@gmail.com"},
                        staff_access({"staff_access": {"allow_any_account": True}}))[0] == "someone@gmail.com"
    assert staff_access({"staff_access": {"allow_any_account": "true"}}).any_account is False
    assert settings_problem({"staff_access": {"allow_any_account": "true"}}) == (
        "[staff_access] in .streamlit/secrets.toml: allow_any_account must be true or false, without quotes")


def test_named_addresses_are_staff_and_no_one_else_of_their_domain():
    access = staff_access({"staff_access": {"allowed_emails": ["J.Okafor@leics.pcc.police.uk"]}})
    assert oidc_verdict(OFFICER, access)[0] == "j.okafor@leics.pcc.police.uk"
    assert oidc_verdict({**OFFICER, "email": "m.hale@leics.pcc.police.uk"}, access)[0] is None


def test_a_domain_allows_that_domain_only():
    for email in ["someone@gmail.com", "j.okafor@evil.leics.pcc.police.uk", "j.okafor@leics.pcc.police.uk.evil.example",
                  "j.okafor@xleics.pcc.police.uk"]:
        assert oidc_verdict({**OFFICER, "email": email}, LEICESTERSHIRE)[0] is None, email
    assert staff_access({"staff_access": {"allowed_email_domains": ["@Leics.PCC.police.uk"]}}) == LEICESTERSHIRE


@pytest.mark.parametrize("verified", [False, None, "false", 0, "yes"])
def test_an_address_the_provider_has_not_verified_is_not_staff(verified):
    claims = {key: value for key, value in OFFICER.items() if key != "email_verified"}
    if verified is not None:
        claims["email_verified"] = verified
    email, refusal = oidc_verdict(claims, LEICESTERSHIRE)
    assert email is None
    assert "has not confirmed that j.okafor@leics.pcc.police.uk is yours (email_verified)" in refusal


def test_a_provider_sending_email_verified_as_text_is_believed():
    assert oidc_verdict({**OFFICER, "email_verified": "true"}, LEICESTERSHIRE)[0] == OFFICER["email"]


@pytest.mark.parametrize("email", [
    "a@b@leics.pcc.police.uk",
    "j.okafor@leics.pcc.police.uk@gmail.com",
    "j.okafor@leics.pcc.police.uk\n",
    " j.okafor@leics.pcc.police.uk",
    "j.okafor@leics.pcc.police.uk\x00",
    None,
    "",
])
def test_an_address_that_is_not_one_plain_address_is_not_staff(email):
    email_found, refusal = oidc_verdict({**OFFICER, "email": email}, LEICESTERSHIRE)
    assert email_found is None
    assert "could not be read as one plain address" in refusal


@pytest.mark.parametrize("section, says", [
    ({"allowed_emails": ["a@b@leics.pcc.police.uk"]}, "'a@b@leics.pcc.police.uk' in allowed_emails is not an email"),
    ({"allowed_email_domains": ["leics"]}, "'leics' in allowed_email_domains is not a domain"),
    ({"allowed_email_domains": "leics.pcc.police.uk"}, "allowed_email_domains must be a list"),
])
def test_an_allow_list_entry_that_cannot_be_matched_stops_the_app_naming_it(section, says):
    assert says in settings_problem({"staff_access": section})
