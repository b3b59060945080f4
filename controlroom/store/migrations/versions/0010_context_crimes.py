"""context crimes: police.uk street-level crimes imported as a context layer

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "context_crimes",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("crime_id", sa.String(64), nullable=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("reported_by", sa.String(100), nullable=False),
        sa.Column("falls_within", sa.String(100), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("lsoa_code", sa.String(16), nullable=False),
        sa.Column("lsoa_name", sa.String(100), nullable=False),
        sa.Column("crime_type", sa.String(100), nullable=False),
        sa.Column("outcome", sa.String(200), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_context_crimes_month_type", "context_crimes", ["month", "crime_type"])
    op.create_index("ix_context_crimes_place", "context_crimes", ["lon", "lat"])


def downgrade() -> None:
    op.drop_table("context_crimes")
