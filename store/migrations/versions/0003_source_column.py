"""spend line source column: each figure named as a cell, "F6", not only a row

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

spend_lines.source_column holds the column letter of the cell each amount was
read from, beside source_row. Lines stored before this revision have none
(NULL): their files were read before the loader recorded it.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("spend_lines", sa.Column("source_column", sa.String(3), nullable=True))


def downgrade() -> None:
    op.drop_column("spend_lines", "source_column")
