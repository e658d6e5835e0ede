"""Email addresses read strictly, because an address decides who counts as staff.

Taking the text after the last "@" let `a@evil.example@leics.pcc.police.uk`
pass a domain check that mail would never deliver to. Here an address is one
plain `local@domain`: exactly one "@", an unquoted local part, a domain of
two or more DNS labels, no spaces or control characters anywhere; anything
else is not an address at all. Compared in lower case, as providers and
people write the same mailbox both ways.
"""
from __future__ import annotations

import re

# RFC 5322's dot-atom: the local part of every address a provider issues to staff.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
MAX_ADDRESS_LENGTH = 254
MAX_LOCAL_LENGTH = 64


def normalised_domain(text: object) -> str | None:
    """`text` as a lower-case domain name (two or more labels, not all-numeric at the end), or None."""
    if not isinstance(text, str) or not text.isascii():
        return None
    labels = text.lower().split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return None
    return ".".join(labels)


def normalised_email(text: object) -> str | None:
    """`text` as one lower-case address, or None if it is anything but exactly one plain address."""
    if not isinstance(text, str) or len(text) > MAX_ADDRESS_LENGTH or text.count("@") != 1:
        return None
    local, domain_text = text.split("@")
    domain = normalised_domain(domain_text)
    # fullmatch, not match: a trailing newline or space must not slip past the pattern.
    if domain is None or len(local) > MAX_LOCAL_LENGTH or not _LOCAL.fullmatch(local):
        return None
    return f"{local.lower()}@{domain}"


def email_domain(email: str) -> str:
    """The domain of an address normalised_email returned."""
    return email.rpartition("@")[2]
