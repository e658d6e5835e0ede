"""sign-in attempts: the failed-password count per account, shared by every process

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

The lock-out after five wrong passwords was counted in each server process's
memory, so a second process or replica (or sixteen guesses sent at once)
started from zero. sign_in_attempts holds one row per account name with a run
of failures in progress; store/sign_in_attempts.py reads and changes it under a
row lock. A new table, so no existing row is touched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", name=f("pk_sign_in_attempts")),
    )
    op.create_index(f("ix_sign_in_attempts_last_attempt_at"), "sign_in_attempts", ["last_attempt_at"])


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
