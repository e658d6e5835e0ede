"""scenarios: draft or published under a display name, and every save kept as a version

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

A saved scenario was seen by everyone with its author's account (an email
address), and "Save changes" overwrote it (issue 15, points 5 and 6). Now a
scenario is a draft, seen by staff only, until its author publishes it;
visitors see a published one under author_name, a display name that is never
an address. scenario_versions keeps each save as it was, who saved it and
what changed, so any version can be reopened.

Every existing scenario becomes a draft (nothing is published that its author
did not publish) and gets its first version, as last saved.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

from store.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FIRST_VERSION = "As saved before versions were kept"


def upgrade() -> None:
    with op.batch_alter_table("scenarios", recreate="auto") as batch:
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="draft"))
        batch.add_column(sa.Column("published_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("author_name", sa.String(200), nullable=False, server_default=""))
        batch.create_check_constraint(f("ck_scenarios_status"), "status IN ('draft', 'published')")
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("baseline", sa.Text(), nullable=False),
        sa.Column("adjustments", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f("pk_scenario_versions")),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], ondelete="CASCADE",
                                name=f("fk_scenario_versions_scenario_id_scenarios")),
        sa.UniqueConstraint("scenario_id", "version", name=f("uq_scenario_versions_scenario_id_version")),
    )
    op.create_index(f("ix_scenario_versions_scenario_id"), "scenario_versions", ["scenario_id"])
    op.get_bind().execute(sa.text(
        "INSERT INTO scenario_versions (scenario_id, version, saved_at, saved_by, name, baseline, adjustments, "
        "notes, changes) SELECT id, 1, updated_at, author, name, baseline, adjustments, COALESCE(notes, ''), "
        ":changes FROM scenarios"
    ), {"changes": FIRST_VERSION})


def downgrade() -> None:
    op.drop_index(f("ix_scenario_versions_scenario_id"), table_name="scenario_versions")
    op.drop_table("scenario_versions")
    with op.batch_alter_table("scenarios", recreate="auto") as batch:
        batch.drop_constraint(f("ck_scenarios_status"), type_="check")
        batch.drop_column("author_name")
        batch.drop_column("published_at")
        batch.drop_column("status")
