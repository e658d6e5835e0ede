"""restore any version: a file's sha256 unique among current datasets, and where a restored version came from

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Making an earlier version current again (issue 16, point 2) stores it as the
lineage's newest version, its lines and file copied, so history only grows and
the current version is still the newest one not deleted. The copy holds the
same file as the version it restores, so the sha256 is now unique only among
the current datasets not deleted (uq_datasets_sha256_current in place of
uq_datasets_sha256_undeleted): two current datasets holding one file would
count every figure twice, while a lineage may hold a file in two versions.
The store still refuses a new upload of any file already held
(store.datasets._refuse_duplicate); only a restore reuses one.

datasets.restored_from_id names the version a restored one was copied from.

Downgrading cannot represent two undeleted versions holding one file: each
restored copy that shares its file with another undeleted version is marked
deleted (kept, as every deletion is) and audited, before the old index returns.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

from store.models import UTCDateTime, utc_now

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UNDELETED = sa.text("deleted_at IS NULL")
CURRENT = sa.text("deleted_at IS NULL AND is_current")
DOWNGRADED_BY = "migration 0006 downgrade"


def upgrade() -> None:
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.add_column(sa.Column("restored_from_id", sa.Integer(), nullable=True))
    op.drop_index(f("uq_datasets_sha256_undeleted"), table_name="datasets")
    op.create_index(f("uq_datasets_sha256_current"), "datasets", ["sha256"], unique=True,
                    sqlite_where=CURRENT, postgresql_where=CURRENT)


def downgrade() -> None:
    _set_aside_restored_copies()
    op.drop_index(f("uq_datasets_sha256_current"), table_name="datasets")
    op.create_index(f("uq_datasets_sha256_undeleted"), "datasets", ["sha256"], unique=True,
                    sqlite_where=UNDELETED, postgresql_where=UNDELETED)
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.drop_column("restored_from_id")


def _set_aside_restored_copies() -> None:
    connection = op.get_bind()
    datasets = sa.table("datasets", sa.column("id"), sa.column("name"), sa.column("version"),
                        sa.column("sha256"), sa.column("lineage_id"), sa.column("restored_from_id"),
                        sa.column("is_current", sa.Boolean), sa.column("deleted_at", UTCDateTime()),
                        sa.column("deleted_by"))
    audit = sa.table("audit_log", sa.column("at", UTCDateTime()), sa.column("user"),
                     sa.column("action"), sa.column("dataset_id"), sa.column("detail"))
    shared = (sa.select(datasets.c.sha256).where(datasets.c.deleted_at.is_(None))
              .group_by(datasets.c.sha256).having(sa.func.count() > 1))
    copies = connection.execute(
        sa.select(datasets.c.id, datasets.c.name, datasets.c.version, datasets.c.lineage_id, datasets.c.is_current)
        .where(datasets.c.deleted_at.is_(None), datasets.c.restored_from_id.is_not(None),
               datasets.c.sha256.in_(shared))
        .order_by(datasets.c.id)
    ).all()
    for copy in copies:
        connection.execute(datasets.update().where(datasets.c.id == copy.id)
                           .values(deleted_at=utc_now(), deleted_by=DOWNGRADED_BY, is_current=False))
        if copy.is_current:
            newest = connection.execute(
                sa.select(datasets.c.id).where(datasets.c.lineage_id == copy.lineage_id,
                                               datasets.c.deleted_at.is_(None))
                .order_by(datasets.c.version.desc()).limit(1)
            ).scalar_one_or_none()
            if newest is not None:
                connection.execute(datasets.update().where(datasets.c.id == newest).values(is_current=True))
        connection.execute(audit.insert().values(
            at=utc_now(), user=DOWNGRADED_BY, action="delete", dataset_id=copy.id,
            detail=(f"'{copy.name}' version {copy.version} marked deleted: it restores an earlier version's "
                    "file, which revision 0005 allows only once among the datasets not deleted"),
        ))
