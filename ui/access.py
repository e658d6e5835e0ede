"""Who is signed in, and signing in. Browsing is open; changing data needs a signed-in member of staff.

Two ways in, chosen by .streamlit/secrets.toml (see docs/uploads.md):

- an OIDC provider in an [auth] section (OPCC staff usually have Microsoft
  Entra ID accounts): Streamlit's own st.login / st.user / st.logout;
- otherwise local staff accounts, [staff_accounts] name = "bcrypt hash",
  added with `make user`. No account or password ships with the code.

The password check, the lock-out after repeated failures and the reading of
the secrets are plain functions, tested without a browser; the widgets at
the end only draw them.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import bcrypt
import streamlit as st

STAFF_USER_KEY = "staff_user"
ACCOUNTS_SECTION = "staff_accounts"
ACCESS_SECTION = "staff_access"

# bcrypt reads only the first 72 bytes of a password; bcrypt 5 refuses longer ones outright.
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_LENGTH = 12
FAILURES_BEFORE_LOCK = 5
LOCK_SECONDS = 60

# OIDC settings Streamlit requires for one provider, whether in [auth] or [auth.NAME].
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


# --- who is signed in -----------------------------------------------------------------------------


def _secrets() -> Mapping:
    """The app's secrets, or an empty mapping when there is no secrets.toml (a fresh checkout)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets
    except Exception:  # a malformed secrets.toml must not take the public pages down
        return {}


def _section(name: str) -> Mapping:
    section = _secrets().get(name)
    return section if isinstance(section, Mapping) else {}


def email_allowed(email: str | None, allowed_domains: list[str] | tuple[str, ...]) -> bool:
    """With [staff_access] allowed_email_domains set, only those organisations' accounts count as staff.

    A single-tenant Entra ID app already admits only the force's own
    accounts; the list matters for a multi-tenant or social provider.
    """
    if not allowed_domains:
        return True
    domain = (email or "").rpartition("@")[2].strip().lower()
    return bool(domain) and domain in {d.strip().lower().lstrip("@") for d in allowed_domains}


def _oidc_identity() -> str | None:
    user = st.user
    if not getattr(user, "is_logged_in", False):
        return None
    email = user.get("email")
    if not email_allowed(email, list(_section(ACCESS_SECTION).get("allowed_email_domains", []))):
        return None
    return email or user.get("name") or "signed-in user"


def current_user() -> str | None:
    """The signed-in person's email or name, from OIDC (st.user) or a local staff account."""
    return _oidc_identity() or st.session_state.get(STAFF_USER_KEY)


def is_signed_in() -> bool:
    return current_user() is not None


# --- configuration ---------------------------------------------------------------------------------


def oidc_providers(secrets: Mapping) -> list[str]:
    """Provider names st.login accepts for this secrets mapping: [] when OIDC is not configured.

    "default" stands for settings written straight into [auth]; a named
    provider is an [auth.NAME] section, e.g. [auth.microsoft].
    """
    auth = secrets.get("auth")
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
    section = secrets.get(ACCOUNTS_SECTION)
    if not isinstance(section, Mapping):
        return {}
    return {
        str(name): str(hashed)
        for name, hashed in section.items()
        if isinstance(hashed, str) and hashed.startswith(("$2a$", "$2b$", "$2y$"))
    }


def provider_label(name: str, secrets: Mapping) -> str:
    """What the sign-in button says: a configured label, else a guess from the provider's address."""
    auth = secrets.get("auth", {})
    settings = auth.get(name, auth) if name != "default" else auth
    label = settings.get("label") if isinstance(settings, Mapping) else None
    if label:
        return str(label)
    address = str(settings.get("server_metadata_url", "")) if isinstance(settings, Mapping) else ""
    if "microsoftonline" in address or name.lower() in {"microsoft", "entra", "azure"}:
        return "Microsoft (Entra ID)"
    return name.capitalize() if name != "default" else "your organisation's account"


# --- local passwords ---------------------------------------------------------------------------------


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


@dataclass
class SignInGuard:
    """Failed attempts per user name; after five in a row, that name is locked for a minute.

    Kept per server process (not per browser session), so opening a new tab
    does not reset the count.
    """

    failures_before_lock: int = FAILURES_BEFORE_LOCK
    lock_seconds: float = LOCK_SECONDS
    clock: object = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def seconds_locked(self, username: str) -> float:
        with self._lock:
            count, last = self._failures.get(username.lower(), (0, 0.0))
        if count < self.failures_before_lock:
            return 0.0
        return max(0.0, self.lock_seconds - (self.clock() - last))

    def attempt(self, accounts: Mapping[str, str], username: str, password: str) -> str | None:
        """None when signed in; otherwise the one sentence to show."""
        username = username.strip()
        waiting = self.seconds_locked(username)
        if waiting:
            return f"Too many failed attempts for '{username}'; try again in {int(waiting) + 1} seconds"
        if verify_password(accounts, username, password):
            with self._lock:
                self._failures.pop(username.lower(), None)
            return None
        with self._lock:
            count, _ = self._failures.get(username.lower(), (0, 0.0))
            if count >= self.failures_before_lock:
                count = 0  # the lock has expired: a fresh run of attempts
            self._failures[username.lower()] = (count + 1, self.clock())
        return "That user name and password do not match a staff account"


GUARD = SignInGuard()


# --- widgets ------------------------------------------------------------------------------------------


def sign_in_form(key: str = "sign_in") -> None:
    """The way in this deployment offers: OIDC buttons, else the local account form, else how to set one up."""
    secrets = _secrets()
    providers = oidc_providers(secrets)
    if providers:
        for provider in providers:
            if st.button(f"Sign in with {provider_label(provider, secrets)}", key=f"{key}_{provider}",
                         type="primary"):
                try:
                    st.login(None if provider == "default" else provider)
                except Exception as error:  # missing Authlib or an incomplete [auth] section
                    st.error(f"Sign-in is not set up correctly: {' '.join(str(error).split())}")
        return
    accounts = staff_accounts(secrets)
    if not accounts:
        st.warning(
            "No staff accounts are set up on this server. An administrator adds one with `make user` "
            "(or configures Microsoft Entra ID sign-in); see docs/uploads.md."
        )
        return
    with st.form(key, clear_on_submit=False, enter_to_submit=True):
        username = st.text_input("User name", key=f"{key}_username", autocomplete="username")
        password = st.text_input("Password", type="password", key=f"{key}_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        problem = GUARD.attempt(accounts, username, password)
        if problem:
            st.error(problem)
        else:
            st.session_state[STAFF_USER_KEY] = username.strip()
            st.rerun()


def sign_out() -> None:
    if st.session_state.pop(STAFF_USER_KEY, None) is None and getattr(st.user, "is_logged_in", False):
        st.logout()
        return
    st.rerun()


def signed_in_bar(key: str = "sign_out") -> None:
    """'Signed in as …' with a sign-out button, for the top of a staff page."""
    user = current_user()
    if user is None:
        return
    who, button = st.columns([5, 1], vertical_alignment="center")
    who.caption(f"Signed in as **{user}**. Everything you store is recorded under this name.")
    if button.button("Sign out", key=key):
        sign_out()


def require_staff(page_title: str) -> str:
    """The signed-in user; otherwise a sign-in prompt and nothing else on the page."""
    user = current_user()
    if user is not None:
        return user
    st.title(page_title)
    st.info(f"{page_title} is for OPCC staff. Sign in to continue; browsing the dashboard needs no account.")
    sign_in_form()
    st.stop()
    raise RuntimeError("st.stop() did not stop the page")  # pragma: no cover
