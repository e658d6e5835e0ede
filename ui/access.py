"""Who is signed in, in which role, and the sign-in widgets. Browsing is open to everyone.

The rules are plain functions, tested without a browser: what secrets.toml
allows (ui/sign_in_settings.py), what each role may do (ui/roles.py) and the
password check with its shared lock-out (ui/passwords.py). This module asks
Streamlit who is there and draws the prompts.

Pages call `authorised(role, action)` where each write happens, not only when
drawing its button: a button drawn before a role was taken away, or a click
forged for a disabled one, then changes nothing.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime, timezone

import streamlit as st

from ui import staff_cookie

from ui.client_address import client_key, trusted_proxies
from ui.passwords import MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH, hash_password, password_problem
from ui.plain_text import escape_markdown
from ui.sign_in_limits import limits_problem, sign_in_limits
from ui.roles import ADMIN, STAFF, VIEWER, allows, role_of
from ui.sign_in_settings import (
    ACCESS_SECTION,
    ACCOUNTS_SECTION,
    AUTH_SECTION,
    cookie_secret_problem,
    oidc_providers,
    oidc_verdict,
    provider_label,
    settings_problem,
    staff_access,
    staff_accounts,
)

__all__ = [
    "ACCESS_SECTION", "ACCOUNTS_SECTION", "ADMIN", "MAX_PASSWORD_BYTES", "MIN_PASSWORD_LENGTH", "STAFF",
    "VIEWER", "authorised", "current_role", "current_user", "hash_password", "is_signed_in", "may",
    "password_problem", "require_staff", "sign_in_form", "signed_in_bar",
]

STAFF_USER_KEY = "staff_user"
# The sign-in cookie to write (a value) or remove (None) at the next drawing, and "signed out in this tab".
_COOKIE_PENDING = "staff_cookie_pending"
_SIGNED_OUT = "staff_signed_out"
_log = logging.getLogger(__name__)
_LOGGED: set[str] = set()


def _secrets() -> Mapping:
    """The app's secrets, or an empty mapping when there is no secrets.toml (a fresh checkout)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets
    except Exception:  # a malformed secrets.toml must not take the public pages down
        return {}


def stop_if_unsafe_settings() -> None:
    """Refuse every page, in one line, while secrets.toml would make sign-in unsafe (a guessable cookie secret).

    Every page asks who is signed in before anything else, so this runs first on each.
    """
    problem = settings_problem(_secrets()) or limits_problem(_secrets(), os.environ)
    if problem is None:
        return
    if problem not in _LOGGED:
        _LOGGED.add(problem)
        _log.error(problem)
    st.error(problem)
    st.stop()


# --- who is signed in -----------------------------------------------------------------------------


def _identity() -> tuple[str | None, str | None]:
    """(the signed-in person's name, None), or (None, why a signed-in OIDC account is not staff), or (None, None)."""
    secrets = _secrets()
    if getattr(st.user, "is_logged_in", False):
        return oidc_verdict(st.user, staff_access(secrets))
    accounts = staff_accounts(secrets)
    local = st.session_state.get(STAFF_USER_KEY) or _from_cookie(secrets, accounts)
    # An account deleted from secrets.toml ends the sessions it had, at their next click.
    if local and local in accounts:
        return local, None
    return None, None


def _cookie_secret(secrets: Mapping) -> str | None:
    """[auth] cookie_secret when it is strong enough to sign with; without one a sign-in lasts for the tab only."""
    auth = secrets.get(AUTH_SECTION)
    secret = auth.get("cookie_secret") if isinstance(auth, Mapping) else None
    return secret if cookie_secret_problem(secret) is None else None


def _from_cookie(secrets: Mapping, accounts: Mapping[str, str]) -> str | None:
    """The local account this browser's signed cookie names (after a reload), remembered for the session."""
    secret = _cookie_secret(secrets)
    if secret is None or st.session_state.get(_SIGNED_OUT):
        return None
    user = staff_cookie.signed_in_user(st.context.cookies.get(staff_cookie.COOKIE_NAME), secret=secret,
                                       accounts=accounts, now=datetime.now(timezone.utc))
    if user is not None:
        st.session_state[STAFF_USER_KEY] = user
    return user


def _write_pending_cookie() -> None:
    """Set or remove the sign-in cookie asked for since the last drawing (a page's script, run by the browser)."""
    if _COOKIE_PENDING in st.session_state:
        st.html(staff_cookie.cookie_script(st.session_state.pop(_COOKIE_PENDING)), unsafe_allow_javascript=True)


def current_role() -> str:
    """viewer, staff or admin, as the secrets say now."""
    name, _ = _identity()
    return VIEWER if name is None else role_of(name, _secrets())


def may(needed: str) -> bool:
    """Whether the person here may do what `needed` may: for drawing; writes ask `authorised`."""
    return allows(current_role(), needed)


def current_user() -> str | None:
    """The signed-in member of staff (role staff or admin); None for a visitor or a read-only account."""
    stop_if_unsafe_settings()
    name, _ = _identity()
    return name if name is not None and allows(role_of(name, _secrets()), STAFF) else None


def is_signed_in() -> bool:
    """Whether a member of staff is signed in: what the staff pages and the scenario editor need."""
    return current_user() is not None


def authorised(needed: str, action: str) -> str | None:
    """The name to record the write under, if the person here may do `action` now; else says why and None."""
    stop_if_unsafe_settings()
    name, _ = _identity()
    role = VIEWER if name is None else role_of(name, _secrets())
    if name is not None and allows(role, needed):
        return name
    who = "you are not signed in" if name is None else f"{escape_markdown(name)} has the {role} role"
    st.error(f"{action} needs the {needed} role and {who}. Nothing was changed.")
    return None


# --- widgets ------------------------------------------------------------------------------------------


def sign_in_form(key: str = "sign_in") -> None:
    """The way in this deployment offers: OIDC buttons, else the local account form, else how to set one up."""
    _write_pending_cookie()
    secrets = _secrets()
    if getattr(st.user, "is_logged_in", False):
        _refused_account(key)
        return
    providers = oidc_providers(secrets)
    if providers:
        for provider in providers:
            if st.button(f"Sign in with {provider_label(provider, secrets)}", key=f"{key}_{provider}",
                         type="primary"):
                try:
                    st.login(None if provider == "default" else provider)
                except Exception as error:  # missing Authlib or an incomplete [auth] section
                    st.error(f"Sign-in is not set up correctly: {escape_markdown(error)}")
        return
    accounts = staff_accounts(secrets)
    if not accounts:
        st.warning(
            "No staff accounts are set up on this server. An administrator adds one with `make user` "
            "(or configures Microsoft Entra ID sign-in); see docs/uploads.md."
        )
        return
    _password_form(key, accounts)


def _refused_account(key: str) -> None:
    name, refusal = _identity()
    if refusal is None and name is not None:
        refusal = f"{name} may browse the dashboard but not change its data"
    st.warning(f"{escape_markdown(refusal)}.")
    if st.button("Sign out", key=f"{key}_sign_out"):
        st.logout()


def _password_form(key: str, accounts: Mapping[str, str]) -> None:
    # Here, not at the top: the store is only needed once someone signs in.
    from ui import data_access
    from ui.passwords import attempt_sign_in

    with st.form(key, clear_on_submit=False, enter_to_submit=True):
        username = st.text_input("User name", key=f"{key}_username", autocomplete="username")
        password = st.text_input("Password", type="password", key=f"{key}_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        problem = attempt_sign_in(data_access.engine(), accounts, username, password, client=_client(),
                                  limits=sign_in_limits(_secrets(), os.environ))
        if problem:
            st.error(escape_markdown(problem))
        else:
            user = username.strip()
            st.session_state[STAFF_USER_KEY] = user
            st.session_state.pop(_SIGNED_OUT, None)
            secret = _cookie_secret(_secrets())
            if secret is not None:
                st.session_state[_COOKIE_PENDING] = staff_cookie.cookie_value(
                    user, secret=secret, password_hash=accounts[user], now=datetime.now(timezone.utc))
            st.rerun()
    if _cookie_secret(_secrets()) is None:
        st.caption(f"You will stay signed in in this tab only: a reload signs you out until an administrator "
                   f"sets cookie_secret under [{AUTH_SECTION}] in .streamlit/secrets.toml (docs/uploads.md).")


def _client() -> str:
    """The network this attempt comes from, X-Forwarded-For believed only from a trusted proxy."""
    return client_key(st.context.ip_address, st.context.headers.get_all("X-Forwarded-For"),
                      trusted_proxies(_secrets()))


def sign_out() -> None:
    if st.session_state.pop(STAFF_USER_KEY, None) is None and getattr(st.user, "is_logged_in", False):
        st.logout()
        return
    # The cookie this tab was opened with still names the account until the browser drops it.
    st.session_state[_SIGNED_OUT] = True
    st.session_state[_COOKIE_PENDING] = None
    st.rerun()


def signed_in_bar(key: str = "sign_out") -> None:
    """'Signed in as …' with a sign-out button, for the top of a staff page."""
    _write_pending_cookie()
    user = current_user()
    if user is None:
        return
    who, button = st.columns([5, 1], vertical_alignment="center")
    role = current_role()
    kept = (f" You stay signed in on this browser for {staff_cookie.LIFETIME.seconds // 3600} hours "
            "unless you sign out." if st.session_state.get(STAFF_USER_KEY) and _cookie_secret(_secrets()) else "")
    who.caption(f"Signed in as **{escape_markdown(user)}** ({role}). "
                f"Everything you store is recorded under this name.{kept}")
    if button.button("Sign out", key=key):
        sign_out()


def require_staff(page_title: str) -> str:
    """The signed-in member of staff; otherwise a sign-in prompt and nothing else on the page."""
    user = current_user()
    if user is not None:
        return user
    st.title(page_title)
    st.info(f"{page_title} is for OPCC staff. Sign in to continue; browsing the dashboard needs no account.")
    sign_in_form()
    st.stop()
    raise RuntimeError("st.stop() did not stop the page")  # pragma: no cover
