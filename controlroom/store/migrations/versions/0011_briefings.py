"""briefings: the sergeant's packs, their published versions, receipts and tasks

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# A published version is never changed: the database refuses UPDATE and DELETE on it.
SQLITE = [
    """CREATE TRIGGER briefing_versions_no_update BEFORE UPDATE ON briefing_versions
       BEGIN SELECT RAISE(ABORT, 'a published briefing version is never changed'); END""",
    """CREATE TRIGGER briefing_versions_no_delete BEFORE DELETE ON briefing_versions
       BEGIN SELECT RAISE(ABORT, 'a published briefing version is never changed'); END""",
]
POSTGRESQL = [
    """CREATE FUNCTION briefing_versions_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'a published briefing version is never changed'; END $$""",
    """CREATE TRIGGER briefing_versions_no_change BEFORE UPDATE OR DELETE ON briefing_versions
       FOR EACH ROW EXECUTE FUNCTION briefing_versions_fixed()""",
]


def upgrade() -> None:
    op.create_table(
        "briefings",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("shift_start", sa.Float(), nullable=False),
        sa.Column("shift_end", sa.Float(), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("marking", sa.String(40), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("edits", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "briefing_versions",
        sa.Column("briefing_id", KEY, sa.ForeignKey("briefings.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("shift_start", sa.Float(), nullable=False),
        sa.Column("shift_end", sa.Float(), nullable=False),
        sa.Column("marking", sa.String(40), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("callsigns", sa.Text(), nullable=False),
        sa.Column("published_by", sa.String(100), nullable=False),
        sa.Column("published_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "briefing_receipts",
        sa.Column("briefing_id", KEY, sa.ForeignKey("briefings.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("callsign", sa.String(40), primary_key=True),
        sa.Column("read_at", sa.Float(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "briefing_tasks",
        sa.Column("briefing_id", KEY, sa.ForeignKey("briefings.id"), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("task_id", KEY, sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("callsign", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER briefing_versions_no_update")
        op.execute("DROP TRIGGER briefing_versions_no_delete")
    else:
        op.execute("DROP TRIGGER briefing_versions_no_change ON briefing_versions")
        op.execute("DROP FUNCTION briefing_versions_fixed()")
    for table in ("briefing_tasks", "briefing_receipts", "briefing_versions", "briefings"):
        op.drop_table(table)
