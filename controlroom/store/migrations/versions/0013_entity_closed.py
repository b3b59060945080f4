"""entity closed: a record left with no mention (an amendment took its only one back) is
closed, with when, by which capture's revision and why, and reopened if that capture says it
again

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as table:
        table.add_column(sa.Column("closed_at", sa.Float(), nullable=True))
        table.add_column(sa.Column("closed_capture", sa.String(64), nullable=True))
        table.add_column(sa.Column("closed", sa.Text(), nullable=True))
    op.create_index("ix_entities_closed_capture", "entities", ["closed_capture"])


def downgrade() -> None:
    op.drop_index("ix_entities_closed_capture", "entities")
    with op.batch_alter_table("entities") as table:
        table.drop_column("closed")
        table.drop_column("closed_capture")
        table.drop_column("closed_at")
