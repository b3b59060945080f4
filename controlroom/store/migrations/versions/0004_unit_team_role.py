"""units carry the team and role a TAK client reports

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("team", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("role", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.drop_column("role")
        batch.drop_column("team")
