"""The cookie that keeps a local staff account signed in across a reload, signed and checked without Streamlit.

A local sign-in lived only in the browser session, so a reload signed staff
out (issue 14, point 9; issue 16, point 3). The cookie names the account and
when it stops counting, signed with HMAC-SHA256 under [auth] cookie_secret,
the secret Streamlit signs its own OIDC cookie with and the dashboard refuses
to start without a strong one of (ui/sign_in_settings.py). The account's
bcrypt hash is part of what is signed, so a changed password or a removed
account ends every cookie made before.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime, timedelta

COOKIE_NAME = "victims_staff_sign_in"
LIFETIME = timedelta(hours=12)
# Keeps this signature from ever matching one made with the same secret for another purpose.
_PURPOSE = b"victims-dashboard local staff sign-in, v1"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(payload: str, secret: str, password_hash: str) -> str:
    message = b"\0".join([_PURPOSE, payload.encode("ascii"), password_hash.encode("utf-8")])
    return _b64(hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest())


def cookie_value(user: str, *, secret: str, password_hash: str, now: datetime) -> str:
    """What the browser keeps for `user`: their name and expiry, then the signature."""
    payload = _b64(json.dumps({"user": user, "until": int((now + LIFETIME).timestamp())},
                              separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_signature(payload, secret, password_hash)}"


def signed_in_user(value: str | None, *, secret: str, accounts: Mapping[str, str], now: datetime) -> str | None:
    """The account a cookie signs in, if its signature holds, it has not expired and the account still exists."""
    if not value or value.count(".") != 1:
        return None
    payload, signature = value.split(".")
    try:
        claims = json.loads(_unb64(payload))
        user, until = claims["user"], claims["until"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(user, str) or not isinstance(until, int) or user not in accounts:
        return None
    if not hmac.compare_digest(signature, _signature(payload, secret, accounts[user])):
        return None
    return user if now.timestamp() < until else None


def cookie_script(value: str | None, max_age: timedelta = LIFETIME) -> str:
    """The one line of JavaScript that sets the cookie, or removes it when `value` is None.

    Written by the page (st.html), so the browser cannot be told to keep it
    from scripts (HttpOnly); the page shows no HTML or markdown from data, so
    no one else's script runs there to read it. SameSite=Strict keeps it off
    requests other sites start; Secure is added whenever the page is served over https.
    """
    seconds = 0 if value is None else int(max_age.total_seconds())
    setting = json.dumps(f"{COOKIE_NAME}={value or ''}; Path=/; Max-Age={seconds}; SameSite=Strict")
    return f"<script>document.cookie = {setting} + (location.protocol === 'https:' ? '; Secure' : '');</script>"
