"""sign-in attempts per client network and for everyone, beside those per account name

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

Five wrong passwords locked one name, but a guesser could try a common
password on every name in turn, or share the names out between many clients
(issue 12). Each check now also counts against its client's network and
against everyone's (store/sign_in_attempts.py), so sign_in_attempts gains a
scope, and its key, now an account name, an address or "*", is called
subject. The rows held are runs of failures per account: they keep counting,
as scope 'account'. Downgrading drops the per-client and everyone rows.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


TABLE = "sign_in_attempts"
SET_ASIDE = "sign_in_attempts_before_0010"
PRIMARY_KEY = f("pk_sign_in_attempts")
BY_TIME = f("ix_sign_in_attempts_last_attempt_at")


def upgrade() -> None:
    _set_aside()
    op.create_table(
        TABLE,
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "subject", name=PRIMARY_KEY),
    )
    op.create_index(BY_TIME, TABLE, ["last_attempt_at"])
    op.execute(sa.text(f"INSERT INTO {TABLE} (scope, subject, failures, last_attempt_at) "
                       f"SELECT 'account', account, failures, last_attempt_at FROM {SET_ASIDE}"))
    op.drop_table(SET_ASIDE)


def downgrade() -> None:
    _set_aside()
    op.create_table(
        TABLE,
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", name=PRIMARY_KEY),
    )
    op.create_index(BY_TIME, TABLE, ["last_attempt_at"])
    op.execute(sa.text(f"INSERT INTO {TABLE} (account, failures, last_attempt_at) "
                       f"SELECT subject, failures, last_attempt_at FROM {SET_ASIDE} WHERE scope = 'account'"))
    op.drop_table(SET_ASIDE)


def _set_aside() -> None:
    # A primary key cannot be changed in place on SQLite, so the table is built
    # anew; the old one's index and (on PostgreSQL) key give up their names first.
    op.drop_index(BY_TIME, table_name=TABLE)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(PRIMARY_KEY, TABLE, type_="primary")
    op.rename_table(TABLE, SET_ASIDE)
