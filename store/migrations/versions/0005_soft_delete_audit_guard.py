"""soft delete, an append-only audit log, and snapshot checksums

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Nothing the dashboard does may lose data (issue 12, point 5):

- datasets.deleted_at and deleted_by: deleting a dataset or a version stamps
  them instead of removing rows, so an admin can undo it. The file's sha256
  is unique only among the datasets not deleted (a partial unique index in
  place of uq_datasets_sha256), so a deleted file may be uploaded again, and
  a CHECK keeps a deleted version from being the current one. On SQLite the
  old UNIQUE constraint can only go by rebuilding the table (batch mode, with
  foreign keys off under migration_transaction); PostgreSQL alters in place.
- Hard deletes before this revision could leave a lineage with no current
  version (deleting the current version after the one it replaced): each
  such lineage gets its newest version made current again, audited.
- audit_log: triggers on both databases refuse UPDATE and DELETE (and
  TRUNCATE on PostgreSQL), so the record of who did what cannot be rewritten
  through SQL by the dashboard or anyone sharing its account without first
  dropping the trigger, which is a schema change.
- snapshot_checksums: the sha256 of each server's spend snapshot file.

Downgrading to 0004 cannot represent a deleted dataset: the deleted rows,
their lines and totals are removed for good (make backup first), the
triggers and the checksum table dropped, and sha256 made unique again.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

from store.models import UTCDateTime, utc_now

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UNDELETED = sa.text("deleted_at IS NULL")
REPAIRED_BY = "migration 0005"

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: {verb} is refused'); END"""
    for verb in ("UPDATE", "DELETE")
]
_POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP
               USING ERRCODE = 'insufficient_privilege';
       END $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
]


def upgrade() -> None:
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("deleted_by", sa.String(200), nullable=True))
        batch.drop_constraint(f("uq_datasets_sha256"), type_="unique")
        batch.create_check_constraint(f("ck_datasets_deleted_not_current"), "deleted_at IS NULL OR NOT is_current")
    op.create_index(f("uq_datasets_sha256_undeleted"), "datasets", ["sha256"], unique=True,
                    sqlite_where=UNDELETED, postgresql_where=UNDELETED)
    _give_every_lineage_a_current_version()
    for statement in _triggers():
        op.execute(statement)
    op.create_table(
        "snapshot_checksums",
        sa.Column("location", sa.String(1000), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("location", name=f("pk_snapshot_checksums")),
    )


def downgrade() -> None:
    op.drop_table("snapshot_checksums")
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    _remove_deleted_datasets()
    op.drop_index(f("uq_datasets_sha256_undeleted"), table_name="datasets")
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.drop_constraint(f("ck_datasets_deleted_not_current"), type_="check")
        batch.create_unique_constraint(f("uq_datasets_sha256"), ["sha256"])
        batch.drop_column("deleted_by")
        batch.drop_column("deleted_at")


def _triggers() -> list[str]:
    return _POSTGRESQL_TRIGGERS if op.get_context().dialect.name == "postgresql" else _SQLITE_TRIGGERS


def _give_every_lineage_a_current_version() -> None:
    connection = op.get_bind()
    datasets = sa.table("datasets", sa.column("id"), sa.column("name"), sa.column("version"),
                        sa.column("lineage_id"), sa.column("is_current", sa.Boolean))
    audit = sa.table("audit_log", sa.column("at", UTCDateTime()), sa.column("user"),
                     sa.column("action"), sa.column("dataset_id"), sa.column("detail"))
    connection.execute(datasets.update().where(datasets.c.lineage_id.is_(None))
                       .values(lineage_id=datasets.c.id))
    with_current = sa.select(datasets.c.lineage_id).where(datasets.c.is_current)
    orphaned = connection.execute(
        sa.select(datasets.c.lineage_id, sa.func.max(datasets.c.version))
        .where(datasets.c.lineage_id.not_in(with_current)).group_by(datasets.c.lineage_id)
    ).all()
    for lineage_id, newest in orphaned:
        newest_row = connection.execute(
            sa.select(datasets.c.id, datasets.c.name)
            .where(datasets.c.lineage_id == lineage_id, datasets.c.version == newest)
        ).one()
        connection.execute(datasets.update().where(datasets.c.id == newest_row.id).values(is_current=True))
        connection.execute(audit.insert().values(
            at=utc_now(), user=REPAIRED_BY, action="repair", dataset_id=newest_row.id,
            detail=(f"'{newest_row.name}' version {newest} made current: a deletion before revision 0005 "
                    "had left its dataset without a current version"),
        ))


def _remove_deleted_datasets() -> None:
    # Foreign keys are off on SQLite while migrating, so the cascades are done by hand.
    connection = op.get_bind()
    deleted = sa.select(sa.column("id")).select_from(sa.table("datasets")).where(
        sa.column("deleted_at").is_not(None))
    for table in ("spend_lines", "declared_totals"):
        connection.execute(sa.table(table, sa.column("dataset_id")).delete()
                           .where(sa.column("dataset_id").in_(deleted)))
    datasets = sa.table("datasets", sa.column("id"), sa.column("supersedes_id"), sa.column("deleted_at"))
    connection.execute(datasets.update().where(datasets.c.supersedes_id.in_(deleted)).values(supersedes_id=None))
    connection.execute(datasets.delete().where(datasets.c.deleted_at.is_not(None)))
