"""What .streamlit/secrets.toml says about signing in, read as plain mappings and tested without Streamlit.

Two ways in (docs/uploads.md): an OIDC provider in [auth], through st.login,
or local [staff_accounts] name = "bcrypt hash" lines written by `make user`.
An OIDC account is staff only when [staff_access] lists its address or its
domain, or says allow_any_account = true; the provider must also vouch for
the address (email_verified). Settings that would make sign-in unsafe are
refused whole, in one line naming what to change (settings_problem).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ui.client_address import proxies_problem
from ui.emails import email_domain, normalised_domain, normalised_email
from ui.roles import roles_problem

SECRETS_FILE = ".streamlit/secrets.toml"
AUTH_SECTION = "auth"
ACCOUNTS_SECTION = "staff_accounts"
ACCESS_SECTION = "staff_access"
GENERATE_SECRET = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"

# Streamlit signs its sign-in cookie with this; anyone who knows it can forge one.
MIN_COOKIE_SECRET_BYTES = 32
# Every cookie_secret the README, docs/uploads.md and secrets.toml.example have shown
# (tests/ui/test_access_settings.py finds them there), and words only a placeholder has.
EXAMPLE_COOKIE_SECRETS = frozenset({
    "a long random string",
    f"paste the output of: {GENERATE_SECRET}",
    f"a long random string: {GENERATE_SECRET}",
    "xxx",  # Streamlit's own documentation
})
_PLACEHOLDER_WORDS = ("token_urlsafe", "random string", "paste the output", "cookie secret", "change me")

# OIDC settings Streamlit requires for one provider, whether in [auth] or [auth.NAME].
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def cookie_secret_problem(secret: object) -> str | None:
    """Why [auth] cookie_secret cannot sign the sign-in cookie safely, or None."""
    fix = f"set cookie_secret under [auth] in {SECRETS_FILE} to the output of {GENERATE_SECRET}"
    if not isinstance(secret, str) or not secret.strip():
        return f"Sign-in is not safe to start: [auth] has no cookie_secret; {fix}"
    folded = " ".join(secret.split()).casefold()
    if folded in EXAMPLE_COOKIE_SECRETS or any(words in folded for words in _PLACEHOLDER_WORDS):
        return f"Sign-in is not safe to start: [auth] cookie_secret is the documentation's example; {fix}"
    if len(secret.encode("utf-8")) < MIN_COOKIE_SECRET_BYTES:
        return (f"Sign-in is not safe to start: [auth] cookie_secret is {len(secret.encode('utf-8'))} bytes, "
                f"under {MIN_COOKIE_SECRET_BYTES}; {fix}")
    return None


@dataclass(frozen=True)
class StaffAccess:
    """[staff_access]: which OIDC accounts are staff. Empty means nobody, not everybody."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    any_account: bool = False

    def admits(self, email: str) -> bool:
        return self.any_account or email in self.emails or email_domain(email) in self.domains


def staff_access(secrets: Mapping) -> StaffAccess:
    """The allow-list as written; entries that are not addresses or domains are left out (settings_problem names them)."""
    section = _mapping(secrets.get(ACCESS_SECTION))
    emails = {normalised_email(entry) for entry in _listed(section.get("allowed_emails"))}
    domains = {normalised_domain(str(entry).removeprefix("@"))
               for entry in _listed(section.get("allowed_email_domains"))}
    return StaffAccess(frozenset(emails - {None}), frozenset(domains - {None}),
                       section.get("allow_any_account") is True)


def oidc_verdict(claims: Mapping, access: StaffAccess) -> tuple[str | None, str | None]:
    """(the staff member's address, None), or (None, the sentence saying why this account is not staff)."""
    raw = claims.get("email")
    email = normalised_email(raw)
    if email is None:
        return None, ("Your account's email address could not be read as one plain address, "
                      "so it cannot be checked against the staff list")
    # Some providers send the claim as the string "true".
    if claims.get("email_verified") not in (True, "true", "True"):
        return None, (f"Your provider has not confirmed that {email} is yours (email_verified), "
                      "so it does not count as a staff account")
    if not access.admits(email):
        return None, (f"{email} is not on this dashboard's staff list; an administrator adds it under "
                      f"[{ACCESS_SECTION}] in {SECRETS_FILE}")
    return email, None


def settings_problem(secrets: Mapping) -> str | None:
    """The first thing in the secrets that makes sign-in unsafe or unreadable, as one line; None when fine."""
    auth = secrets.get(AUTH_SECTION)
    if auth is not None:
        if not isinstance(auth, Mapping):
            return f"[{AUTH_SECTION}] in {SECRETS_FILE} must be a section"
        problem = cookie_secret_problem(auth.get("cookie_secret"))
        if problem:
            return problem
    return _access_problem(secrets.get(ACCESS_SECTION)) or roles_problem(secrets) or proxies_problem(secrets)


def _access_problem(section: object) -> str | None:
    if section is None:
        return None
    where = f"[{ACCESS_SECTION}] in {SECRETS_FILE}"
    if not isinstance(section, Mapping):
        return f"{where} must be a section"
    for key, parse, kind in (("allowed_emails", normalised_email, "an email address"),
                             ("allowed_email_domains", lambda d: normalised_domain(str(d).removeprefix("@")),
                              "a domain such as leics.pcc.police.uk")):
        value = section.get(key, [])
        if not isinstance(value, list):
            return f"{where}: {key} must be a list, e.g. {key} = [\"...\"]"
        for entry in value:
            if parse(entry) is None:
                return f"{where}: {entry!r} in {key} is not {kind}"
    if "allow_any_account" in section and not isinstance(section["allow_any_account"], bool):
        return f"{where}: allow_any_account must be true or false, without quotes"
    return None


def oidc_providers(secrets: Mapping) -> list[str]:
    """Provider names st.login accepts for this secrets mapping: [] when OIDC is not configured.

    "default" stands for settings written straight into [auth]; a named
    provider is an [auth.NAME] section, e.g. [auth.microsoft].
    """
    auth = secrets.get(AUTH_SECTION)
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return []
    providers = []
    if all(auth.get(key) for key in _PROVIDER_KEYS):
        providers.append("default")
    for name, settings in auth.items():
        if isinstance(settings, Mapping) and all(settings.get(key) for key in _PROVIDER_KEYS):
            providers.append(str(name))
    return providers


def staff_accounts(secrets: Mapping) -> dict[str, str]:
    """username -> bcrypt hash, from [staff_accounts]; entries that are not bcrypt hashes are ignored."""
    section = _mapping(secrets.get(ACCOUNTS_SECTION))
    return {
        str(name): str(hashed)
        for name, hashed in section.items()
        if isinstance(hashed, str) and hashed.startswith(("$2a$", "$2b$", "$2y$"))
    }


def provider_label(name: str, secrets: Mapping) -> str:
    """What the sign-in button says: a configured label, else a guess from the provider's address."""
    auth = _mapping(secrets.get(AUTH_SECTION))
    settings = auth.get(name, auth) if name != "default" else auth
    label = settings.get("label") if isinstance(settings, Mapping) else None
    if label:
        return str(label)
    address = str(settings.get("server_metadata_url", "")) if isinstance(settings, Mapping) else ""
    if "microsoftonline" in address or name.lower() in {"microsoft", "entra", "azure"}:
        return "Microsoft (Entra ID)"
    return name.capitalize() if name != "default" else "your organisation's account"


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _listed(value: object) -> list:
    return value if isinstance(value, list) else []
