"""`make user` sets a role in [staff_roles]: with a new password, or alone for an OIDC address."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from ui.roles import ADMIN, STAFF, VIEWER, allows, role_of, roles_problem

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "add_user.py"
PASSWORD = "Victim First 2020/21"


def add_user(secrets: Path, *arguments: str, password: str | None = PASSWORD):
    stdin = ["--password-stdin"] if password is not None else []
    return subprocess.run([sys.executable, str(SCRIPT), *arguments, "--secrets", str(secrets), *stdin],
                          input=(password or "") + "\n", capture_output=True, text=True, cwd=REPO)


def test_a_new_account_can_be_made_an_admin(tmp_path):
    secrets = tmp_path / "secrets.toml"
    done = add_user(secrets, "j.okafor", "--role", "admin")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"Added staff account 'j.okafor' in {secrets}.",
                                        f"'j.okafor' has the admin role in {secrets}."]
    written = tomllib.loads(secrets.read_text())
    assert written["staff_roles"] == {"j.okafor": "admin"}
    assert role_of("j.okafor", written) == ADMIN


def test_changing_a_password_keeps_the_role(tmp_path):
    secrets = tmp_path / "secrets.toml"
    add_user(secrets, "j.okafor", "--role", "admin")
    done = add_user(secrets, "j.okafor", password="Catch 22 contract 2021")

    assert done.returncode == 0, done.stderr
    assert tomllib.loads(secrets.read_text())["staff_roles"] == {"j.okafor": "admin"}


def test_an_oidc_address_gets_a_role_without_a_password(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[staff_access]\nallowed_email_domains = ["leics.pcc.police.uk"]\n')
    done = add_user(secrets, "j.okafor@leics.pcc.police.uk", "--role", "admin", "--role-only", password=None)
    assert done.returncode == 0, done.stderr
    add_user(secrets, "m.hale@leics.pcc.police.uk", "--role", "viewer", "--role-only", password=None)
    add_user(secrets, "j.okafor@leics.pcc.police.uk", "--role", "staff", "--role-only", password=None)

    written = tomllib.loads(secrets.read_text())
    assert "staff_accounts" not in written
    assert written["staff_roles"] == {"j.okafor@leics.pcc.police.uk": "staff", "m.hale@leics.pcc.police.uk": "viewer"}
    assert written["staff_access"] == {"allowed_email_domains": ["leics.pcc.police.uk"]}


def test_an_unknown_role_or_a_role_only_without_a_role_changes_nothing(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert add_user(secrets, "j.okafor", "--role", "superuser").returncode == 2
    refused = add_user(secrets, "j.okafor", "--role-only", password=None)
    assert refused.returncode == 2
    assert "--role-only needs --role" in refused.stderr
    assert not secrets.exists()


def test_each_role_may_do_what_the_one_before_it_may():
    assert [allows(role, STAFF) for role in (VIEWER, STAFF, ADMIN)] == [False, True, True]
    assert [allows(role, ADMIN) for role in (VIEWER, STAFF, ADMIN)] == [False, False, True]
    assert not allows("superuser", VIEWER)


def test_roles_are_looked_up_in_folded_case_and_default_to_staff():
    secrets = {"staff_roles": {"J.Okafor@Leics.PCC.police.uk": "Admin"}}
    assert role_of("j.okafor@leics.pcc.police.uk", secrets) == ADMIN
    assert role_of("m.hale@leics.pcc.police.uk", secrets) == STAFF


def test_a_role_that_is_not_one_of_the_three_stops_the_app_naming_it():
    assert roles_problem({"staff_roles": {"j.okafor": "owner"}}) == (
        "[staff_roles] in .streamlit/secrets.toml gives 'j.okafor' the role 'owner'; "
        "a role is one of 'viewer', 'staff', 'admin'")
