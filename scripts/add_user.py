"""Add or change a local staff account, or anyone's role: `make user`, or

    .venv/bin/python scripts/add_user.py [USERNAME] [--role staff|admin|viewer] [--role-only]
                                         [--secrets PATH] [--password-stdin]

The password is asked for twice without echo (or read from standard input
with --password-stdin, for provisioning scripts), hashed with bcrypt, and
written into the [staff_accounts] section of .streamlit/secrets.toml; a role
goes into [staff_roles] (without one, a new account is staff and a changed
password keeps its role). --role-only sets the role of an OIDC address or an
existing account and asks for no password. The rest of the file is left
exactly as it was, and the plain password is never written anywhere. The
file is replaced atomically and made readable by its owner only, because it
may also hold the OIDC client secret.
"""
from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ui.passwords import hash_password, password_problem  # noqa: E402
from ui.roles import ROLES, ROLES_SECTION  # noqa: E402
from ui.sign_in_settings import ACCOUNTS_SECTION  # noqa: E402

DEFAULT_SECRETS = REPO / ".streamlit" / "secrets.toml"
USERNAME = re.compile(r"^[A-Za-z0-9._@+-]{2,100}$")
ANY_HEADER = re.compile(r"^\s*\[")


def _section_header(section: str) -> re.Pattern:
    return re.compile(r"^\s*\[\s*" + re.escape(section) + r"\s*\]\s*(#.*)?$")


def account_line(username: str, value: str) -> str:
    # Quoted key: an email address's "@" and "." are not allowed in a bare TOML key.
    return f'"{username}" = "{value}"\n'


def _line_key(line: str) -> str | None:
    match = re.match(r'^\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))\s*=', line)
    return (match.group(1) or match.group(2)) if match else None


def with_entry(text: str, section: str, username: str, value: str) -> str:
    """The secrets text with `username = value` added to [section], or its value replaced."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    header = _section_header(section)
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        separator = ["\n"] if lines and lines[-1].strip() else []
        return "".join(lines + separator + [f"[{section}]\n", account_line(username, value)])
    end = next((i for i in range(start + 1, len(lines)) if ANY_HEADER.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        if _line_key(lines[i]) == username:
            lines[i] = account_line(username, value)
            return "".join(lines)
    insert_at = end
    while insert_at > start + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1  # keep the blank line that separates the next section
    lines.insert(insert_at, account_line(username, value))
    return "".join(lines)


def with_account(text: str, username: str, hashed: str) -> str:
    """The secrets text with this account added to [staff_accounts], or its hash replaced."""
    return with_entry(text, ACCOUNTS_SECTION, username, hashed)


def write_secrets(path: Path, text: str) -> None:
    """Swap the new text in atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secrets-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    second = getpass.getpass("Same password again: ")
    if first != second:
        raise SystemExit("error: the two passwords differ; nothing was changed")
    return first


def _ask_role(args) -> str | None:
    # Only `make user` at a terminal is asked; scripts say --role or keep the default.
    if args.role or args.password_stdin or not sys.stdin.isatty():
        return args.role
    answer = input("Role: staff or admin (Enter for staff, or to keep the current role): ").strip().lower()
    return answer or None


def _edited(updated: str, section: str, username: str, check) -> bool:
    try:
        written = tomllib.loads(updated).get(section, {}).get(username, "")
    except tomllib.TOMLDecodeError:
        return False
    return check(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add or change a local staff account, or set a role.")
    parser.add_argument("username", nargs="?", help="e.g. j.okafor or j.okafor@leics.pcc.police.uk")
    parser.add_argument("--role", type=str.lower, choices=ROLES,
                        help="staff (upload, aliases, scenarios), admin (also delete datasets) or viewer "
                             "(read-only); written to [staff_roles]")
    parser.add_argument("--role-only", action="store_true",
                        help="set --role for an OIDC email address or an existing account; no password")
    parser.add_argument("--secrets", type=Path, default=DEFAULT_SECRETS, help="secrets.toml to update")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    if args.role_only and not args.role:
        print("error: --role-only needs --role staff, admin or viewer; nothing was changed", file=sys.stderr)
        return 2

    username = (args.username or input("User name: ")).strip()
    if not USERNAME.match(username):
        print("error: a user name is 2-100 letters, digits or . _ @ + -; nothing was changed", file=sys.stderr)
        return 2
    existing = args.secrets.read_text(encoding="utf-8") if args.secrets.exists() else ""
    try:
        current = tomllib.loads(existing)
    except tomllib.TOMLDecodeError as error:
        print(f"error: {args.secrets} is not valid TOML ({error}); fix it first, nothing was changed",
              file=sys.stderr)
        return 2
    updated = existing
    said = []
    if not args.role_only:
        password = read_password(args.password_stdin)
        problem = password_problem(password)
        if problem:
            print(f"error: {problem}; nothing was changed", file=sys.stderr)
            return 2
        replacing = username in current.get(ACCOUNTS_SECTION, {})
        updated = with_account(updated, username, hash_password(password))
        if not _edited(updated, ACCOUNTS_SECTION, username, lambda v: v.startswith("$2")):
            print(f"error: {args.secrets} keeps [{ACCOUNTS_SECTION}] in a form this script cannot edit; "
                  "nothing was changed", file=sys.stderr)
            return 2
        said.append(f"{'Changed the password of' if replacing else 'Added'} staff account '{username}' "
                    f"in {args.secrets}.")
    role = _ask_role(args)
    if role is not None:
        if role not in ROLES:
            print(f"error: a role is one of {', '.join(ROLES)}; nothing was changed", file=sys.stderr)
            return 2
        updated = with_entry(updated, ROLES_SECTION, username, role)
        if not _edited(updated, ROLES_SECTION, username, lambda v: v == role):
            print(f"error: {args.secrets} keeps [{ROLES_SECTION}] in a form this script cannot edit; "
                  "nothing was changed", file=sys.stderr)
            return 2
        said.append(f"'{username}' has the {role} role in {args.secrets}.")
    write_secrets(args.secrets, updated)
    print("\n".join(said))
    return 0


if __name__ == "__main__":
    sys.exit(main())
