"""attachment blobs: attachment bytes in the database, so several hubs on one PostgreSQL serve
every attachment (SQLite hubs keep them as files in their data directory)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "attachment_chunks",
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("attachment_blobs.sha256", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Photos and video do not compress: spare the server trying on every chunk.
        op.execute("ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("attachment_chunks")
    op.drop_table("attachment_blobs")
