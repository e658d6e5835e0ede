"""dataset layout: keep the loader's Layout with each dataset

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

datasets.layout_json holds the JSON document the loader wrote to say how it
read the file (sheet, header rows, each column's role, year source, unit), so
the next upload for the same area can start from it. Datasets stored before
this revision have none (NULL).

Both directions are plain ALTER TABLEs, in place on SQLite too (DROP COLUMN
needs SQLite 3.35 or later), so no table is rebuilt and no row is touched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("datasets", sa.Column("layout_json", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("datasets", "layout_json")
