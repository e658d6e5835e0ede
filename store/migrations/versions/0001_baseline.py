"""baseline: the schema as Base.metadata.create_all made it before there were migrations

Revision ID: 0001
Revises:
Create Date: 2026-12-03

Every table, index and constraint exactly as store/models.py had them, with
the names its naming convention gave them, on SQLite and PostgreSQL alike.

The tables are written out here, frozen, rather than taken from
store/models.py, which moves on with later revisions. store.migrate also uses
them when it adopts a store made before migrations: create_all only ever
added the tables that were missing, so a store last opened by older code may
lack one (scenarios came after the rest), and create_missing_tables adds it
before the store is stamped at this revision.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
# conv marks a name as final: Alembic builds these tables on a MetaData with
# models.py's naming convention, which would otherwise prefix "ck_<table>_" again.
from sqlalchemy.sql.naming import conv as f

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _datasets() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("financial_years", sa.Text(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
        sa.Column("original_filename", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original_bytes", sa.LargeBinary(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("total_gbp", sa.Numeric(14, 2), nullable=False),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("sheet", sa.String(300), nullable=True),
        sa.Column("header_row", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("lineage_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=f("pk_datasets")),
        sa.CheckConstraint("kind IN ('framework', 'allocation', 'decision')", name=f("ck_datasets_kind")),
        sa.CheckConstraint("version >= 1", name=f("ck_datasets_version")),
        sa.UniqueConstraint("lineage_id", "version", name=f("uq_datasets_lineage_id_version")),
        sa.UniqueConstraint("sha256", name=f("uq_datasets_sha256")),
        sa.ForeignKeyConstraint(["supersedes_id"], ["datasets.id"], ondelete="SET NULL",
                                name=f("fk_datasets_supersedes_id_datasets")),
    ]


def _provider_aliases() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(500), nullable=False),
        sa.Column("canonical_name", sa.String(500), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_provider_aliases")),
        sa.UniqueConstraint("alias", name=f("uq_provider_aliases_alias")),
    ]


def _audit_log() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_audit_log")),
    ]


def _scenarios() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("baseline", sa.Text(), nullable=False),
        sa.Column("adjustments", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_scenarios")),
    ]


def _spend_lines() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("strategic_area", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("provision", sa.Text(), nullable=False),
        sa.Column("commissioning_type", sa.Text(), nullable=False),
        sa.Column("funding_partners", sa.Text(), nullable=False),
        sa.Column("geography", sa.Text(), nullable=False),
        sa.Column("financial_year", sa.String(7), nullable=False),
        sa.Column("amount_gbp", sa.Numeric(14, 2), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_sheet", sa.Text(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_spend_lines")),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"], ondelete="CASCADE",
                                name=f("fk_spend_lines_dataset_id_datasets")),
    ]


def _declared_totals() -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("strategic_area", sa.Text(), nullable=True),
        sa.Column("financial_year", sa.String(7), nullable=False),
        sa.Column("declared_gbp", sa.Numeric(14, 2), nullable=False),
        sa.Column("covers_from_row", sa.Integer(), nullable=True),
        sa.Column("covers_to_row", sa.Integer(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_sheet", sa.Text(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_declared_totals")),
        sa.CheckConstraint("kind IN ('subtotal', 'grand_total', 'allocation')",
                           name=f("ck_declared_totals_kind")),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"], ondelete="CASCADE",
                                name=f("fk_declared_totals_dataset_id_datasets")),
    ]


# Each table's columns and constraints (new objects on every call: a Column
# belongs to one Table) and its indexes; a table comes after those it refers to.
_TABLES = [
    ("datasets", _datasets, [
        ("ix_datasets_area", ["area"]),
        ("ix_datasets_lineage_id", ["lineage_id"]),
        ("ix_datasets_is_current", ["is_current"]),
    ]),
    ("provider_aliases", _provider_aliases, []),
    ("audit_log", _audit_log, [("ix_audit_log_dataset_id", ["dataset_id"])]),
    ("scenarios", _scenarios, []),
    ("spend_lines", _spend_lines, [("ix_spend_lines_dataset_row", ["dataset_id", "source_row"])]),
    ("declared_totals", _declared_totals, [("ix_declared_totals_dataset_id", ["dataset_id"])]),
]


def baseline_metadata() -> sa.MetaData:
    """The baseline tables on a MetaData of their own, built afresh on each call."""
    metadata = sa.MetaData()
    for name, elements, indexes in _TABLES:
        table = sa.Table(name, metadata, *elements())
        for index_name, columns in indexes:
            sa.Index(f(index_name), *(table.c[column] for column in columns))
    return metadata


def create_missing_tables(connection: sa.Connection) -> None:
    """Add the baseline tables a pre-migration store lacks, as its create_all would have."""
    baseline_metadata().create_all(connection, checkfirst=True)


def upgrade() -> None:
    for name, elements, indexes in _TABLES:
        op.create_table(name, *elements())
        for index_name, columns in indexes:
            op.create_index(f(index_name), name, columns)


def downgrade() -> None:
    for name, _elements, _indexes in reversed(_TABLES):
        op.drop_table(name)
