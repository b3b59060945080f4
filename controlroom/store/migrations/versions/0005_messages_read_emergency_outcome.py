"""messages say how they came and who read them first; an ended emergency keeps its outcome

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("via", sa.String(length=16), nullable=False, server_default="device"))
        batch.add_column(sa.Column("read_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("read_at", sa.Float(), nullable=True))
    with op.batch_alter_table("emergencies") as batch:
        batch.add_column(sa.Column("outcome", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("emergencies") as batch:
        batch.drop_column("outcome")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("read_at")
        batch.drop_column("read_by")
        batch.drop_column("via")
