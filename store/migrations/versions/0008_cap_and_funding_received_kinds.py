"""two dataset kinds that are never spend: cap and funding_received

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

Suffolk's Eastern Region collaboration gives each of six PCCs a cap ("up to
£10,000 per annum each"), and Durham's 2015-16 funding streams are money the
PCC received (issue 17, points 1 and 3). Neither is money spent, so they are
kinds of their own, which analysis/selection.py never adds to a spend total.
Only the check constraint on datasets.kind widens; no row is touched.

Downgrading would leave such datasets breaking the old constraint, so it is
refused while any dataset (deleted ones too) has one of the two kinds: delete
them for good first, after `make backup`.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.naming import conv as f

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('framework', 'allocation', 'decision')"
NEW_KINDS = "kind IN ('framework', 'allocation', 'decision', 'cap', 'funding_received')"


def upgrade() -> None:
    _replace_kind_check(NEW_KINDS)


def downgrade() -> None:
    connection = op.get_bind()
    held = connection.execute(
        sa.text("SELECT count(*) FROM datasets WHERE kind IN ('cap', 'funding_received')")
    ).scalar_one()
    if held:
        raise RuntimeError(
            f"{held} dataset(s) are caps or funding received, which revision 0007 cannot hold; "
            "remove them from the store before downgrading (make backup first)."
        )
    _replace_kind_check(OLD_KINDS)


def _replace_kind_check(condition: str) -> None:
    with op.batch_alter_table("datasets", recreate="auto") as batch:
        batch.drop_constraint(f("ck_datasets_kind"), type_="check")
        batch.create_check_constraint(f("ck_datasets_kind"), condition)
