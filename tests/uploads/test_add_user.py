"""`make user`: adds or changes one bcrypt-hashed account and leaves the rest of secrets.toml alone."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import bcrypt

from tests.uploads.helpers import REPO

SCRIPT = REPO / "scripts" / "add_user.py"
ENTRA_SECTION = """# Entra ID for OPCC staff
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "keep me"

[auth.microsoft]
client_id = "00000000-0000-0000-0000-000000000000"
"""


def add_user(secrets, username, password):
    return subprocess.run(
        [sys.executable, str(SCRIPT), username, "--secrets", str(secrets), "--password-stdin"],
        input=password + "\n", capture_output=True, text=True, cwd=REPO,
    )


def test_first_account_creates_the_file_owner_only(tmp_path):
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    done = add_user(secrets, "j.okafor@leics.pcc.police.uk", "Victim First 2020/21")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Added staff account 'j.okafor@leics.pcc.police.uk' in {secrets}."
    hashed = tomllib.loads(secrets.read_text())["staff_accounts"]["j.okafor@leics.pcc.police.uk"]
    assert bcrypt.checkpw(b"Victim First 2020/21", hashed.encode())
    assert "Victim First" not in secrets.read_text()
    assert oct(os.stat(secrets).st_mode & 0o777) == "0o600"


def test_adding_and_changing_keep_other_sections_byte_for_byte(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ENTRA_SECTION)
    assert add_user(secrets, "j.okafor", "Victim First 2020/21").returncode == 0
    assert add_user(secrets, "m.hale", "Target Hardening 87500").returncode == 0
    changed = add_user(secrets, "j.okafor", "Catch 22 contract 2021")
    assert changed.stdout.startswith("Changed the password of staff account 'j.okafor'")
    text = secrets.read_text()
    assert text.startswith(ENTRA_SECTION)
    accounts = tomllib.loads(text)["staff_accounts"]
    assert list(accounts) == ["j.okafor", "m.hale"]
    assert bcrypt.checkpw(b"Catch 22 contract 2021", accounts["j.okafor"].encode())
    assert tomllib.loads(text)["auth"]["cookie_secret"] == "keep me"


def test_refusals_change_nothing(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ENTRA_SECTION)
    short = add_user(secrets, "j.okafor", "password")
    assert short.returncode == 2
    assert short.stderr.strip() == "error: The password must be at least 12 characters long; nothing was changed"
    bad_name = add_user(secrets, "j okafor; rm -rf", "Victim First 2020/21")
    assert bad_name.returncode == 2 and "user name" in bad_name.stderr
    assert secrets.read_text() == ENTRA_SECTION
