"""upload drafts, and notes on a dataset

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

A staff upload in progress (the file, the sheet chosen, the column
corrections) lived only in the browser session, so a reload or a visit to
another page lost it (issue 16, point 3). upload_drafts keeps one per member
of staff until it is stored or discarded, or left untouched for a day
(store/drafts.py). datasets.notes holds staff's own notes on a dataset,
editable after upload with its name, source and area (issue 16, point 6).
A new table and a new nullable column: no existing row is touched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_drafts",
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_bytes", sa.LargeBinary(), nullable=False),
        sa.Column("choices_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=f("pk_upload_drafts")),
    )
    op.create_index(f("ix_upload_drafts_updated_at"), "upload_drafts", ["updated_at"])
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.drop_column("notes")
    op.drop_table("upload_drafts")
