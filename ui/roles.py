"""Who may do what: viewer, staff, admin, each allowed everything the one before it may.

- viewer: anyone, signed in or not: every page, the downloads, saved scenarios;
- staff: upload, replace a dataset with a new version, edit provider aliases,
  build, save, rename and delete scenarios;
- admin: also delete datasets and versions; accounts and roles themselves are
  managed in .streamlit/secrets.toml (`make user`), never through a page.

A signed-in member of staff is "staff" unless [staff_roles] in secrets.toml
names them (an OIDC email address or a local user name) as "admin", or as
"viewer" to keep one address of an allowed domain read-only.
"""
from __future__ import annotations

from collections.abc import Mapping

VIEWER, STAFF, ADMIN = "viewer", "staff", "admin"
ROLES = (VIEWER, STAFF, ADMIN)
ROLES_SECTION = "staff_roles"


def allows(role: str, needed: str) -> bool:
    """Whether `role` may do what `needed` may."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def configured_roles(secrets: Mapping) -> dict[str, str]:
    """[staff_roles] as folded name -> role: "J.Okafor@…" and "j.okafor@…" are one person."""
    section = secrets.get(ROLES_SECTION)
    if not isinstance(section, Mapping):
        return {}
    return {str(name).strip().casefold(): str(role).strip().lower() for name, role in section.items()}


def role_of(name: str, secrets: Mapping) -> str:
    """The role of a signed-in member of staff: theirs in [staff_roles], else staff."""
    return configured_roles(secrets).get(name.strip().casefold(), STAFF)


def roles_problem(secrets: Mapping) -> str | None:
    """Why [staff_roles] cannot be used as written, or None."""
    section = secrets.get(ROLES_SECTION)
    if section is None:
        return None
    if not isinstance(section, Mapping):
        return f"[{ROLES_SECTION}] in .streamlit/secrets.toml must be a section of name = \"role\" lines"
    for name, role in section.items():
        if not isinstance(role, str) or role.strip().lower() not in ROLES:
            return (f"[{ROLES_SECTION}] in .streamlit/secrets.toml gives '{name}' the role {role!r}; "
                    f"a role is one of {', '.join(repr(r) for r in ROLES)}")
    return None
