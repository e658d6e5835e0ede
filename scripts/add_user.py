"""Add or change a local staff account: `make user`, or

    .venv/bin/python scripts/add_user.py [USERNAME] [--secrets PATH] [--password-stdin]

The password is asked for twice without echo (or read from standard input
with --password-stdin, for provisioning scripts), hashed with bcrypt, and
written into the [staff_accounts] section of .streamlit/secrets.toml; the
rest of the file is left exactly as it was. The plain password is never
written anywhere. The file is replaced atomically and made readable by its
owner only, because it may also hold the OIDC client secret.
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

from ui.access import ACCOUNTS_SECTION, hash_password, password_problem  # noqa: E402

DEFAULT_SECRETS = REPO / ".streamlit" / "secrets.toml"
USERNAME = re.compile(r"^[A-Za-z0-9._@+-]{2,100}$")
SECTION_HEADER = re.compile(r"^\s*\[\s*" + ACCOUNTS_SECTION + r"\s*\]\s*(#.*)?$")
ANY_HEADER = re.compile(r"^\s*\[")


def account_line(username: str, hashed: str) -> str:
    # Quoted key: an email address's "@" and "." are not allowed in a bare TOML key.
    return f'"{username}" = "{hashed}"\n'


def _line_key(line: str) -> str | None:
    match = re.match(r'^\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))\s*=', line)
    return (match.group(1) or match.group(2)) if match else None


def with_account(text: str, username: str, hashed: str) -> str:
    """The secrets text with this account added to [staff_accounts], or its hash replaced."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if SECTION_HEADER.match(line)), None)
    if start is None:
        separator = ["\n"] if lines and lines[-1].strip() else []
        return "".join(lines + separator + [f"[{ACCOUNTS_SECTION}]\n", account_line(username, hashed)])
    end = next((i for i in range(start + 1, len(lines)) if ANY_HEADER.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        if _line_key(lines[i]) == username:
            lines[i] = account_line(username, hashed)
            return "".join(lines)
    insert_at = end
    while insert_at > start + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1  # keep the blank line that separates the next section
    lines.insert(insert_at, account_line(username, hashed))
    return "".join(lines)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add or change a local staff account for uploads.")
    parser.add_argument("username", nargs="?", help="e.g. j.okafor or j.okafor@leics.pcc.police.uk")
    parser.add_argument("--secrets", type=Path, default=DEFAULT_SECRETS, help="secrets.toml to update")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)

    username = (args.username or input("User name: ")).strip()
    if not USERNAME.match(username):
        print("error: a user name is 2-100 letters, digits or . _ @ + -; nothing was changed", file=sys.stderr)
        return 2
    password = read_password(args.password_stdin)
    problem = password_problem(password)
    if problem:
        print(f"error: {problem}; nothing was changed", file=sys.stderr)
        return 2
    existing = args.secrets.read_text(encoding="utf-8") if args.secrets.exists() else ""
    try:
        current = tomllib.loads(existing)
    except tomllib.TOMLDecodeError as error:
        print(f"error: {args.secrets} is not valid TOML ({error}); fix it first, nothing was changed",
              file=sys.stderr)
        return 2
    replacing = username in current.get(ACCOUNTS_SECTION, {})
    updated = with_account(existing, username, hash_password(password))
    try:
        written = tomllib.loads(updated).get(ACCOUNTS_SECTION, {}).get(username, "")
    except tomllib.TOMLDecodeError:
        written = ""
    if not written.startswith("$2"):
        print(f"error: {args.secrets} keeps [{ACCOUNTS_SECTION}] in a form this script cannot edit; "
              "nothing was changed", file=sys.stderr)
        return 2
    write_secrets(args.secrets, updated)
    print(f"{'Changed the password of' if replacing else 'Added'} staff account '{username}' in {args.secrets}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
