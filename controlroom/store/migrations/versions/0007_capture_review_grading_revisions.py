"""the intelligence desk: review states with who and when, analysts' 3x5x2 gradings, every
revision of a capture kept, and the audit indexed for custody logs

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

Key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("capture_revisions", "capture_gradings", "capture_reviews")

CAPTURE_COLUMNS = [
    sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
    sa.Column("amended_fields", sa.Text(), nullable=False, server_default="[]"),
    sa.Column("review_by", sa.String(length=100), nullable=True),
    sa.Column("review_at", sa.Float(), nullable=True),
    sa.Column("review_note", sa.Text(), nullable=False, server_default=""),
    sa.Column("grade_source", sa.Integer(), nullable=True),
    sa.Column("grade_intelligence", sa.String(length=1), nullable=True),
    sa.Column("graded_by", sa.String(length=100), nullable=True),
    sa.Column("graded_at", sa.Float(), nullable=True),
    sa.Column("handling_conditions", sa.Text(), nullable=False, server_default=""),
    sa.Column("sanitised_text", sa.Text(), nullable=False, server_default=""),
]


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite keeps the captures table as it is.
    for column in CAPTURE_COLUMNS:
        op.add_column("captures", column)
    op.create_table(
        "capture_revisions",
        sa.Column("id", Key, primary_key=True, autoincrement=True),
        sa.Column("capture_id", sa.String(length=36), sa.ForeignKey("captures.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("device_id", Key, sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.UniqueConstraint("capture_id", "revision"),
    )
    op.create_table(
        "capture_gradings",
        sa.Column("id", Key, primary_key=True, autoincrement=True),
        sa.Column("capture_id", sa.String(length=36), sa.ForeignKey("captures.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", sa.Integer(), nullable=False),
        sa.Column("intelligence", sa.String(length=1), nullable=False),
        sa.Column("handling", sa.String(length=1), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("sanitised_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("graded_by", sa.String(length=100), nullable=False),
        sa.Column("graded_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_capture_gradings_capture_id", "capture_gradings", ["capture_id"])
    op.create_table(
        "capture_reviews",
        sa.Column("id", Key, primary_key=True, autoincrement=True),
        sa.Column("capture_id", sa.String(length=36), sa.ForeignKey("captures.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("was", sa.String(length=24), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("taken_from", sa.String(length=100), nullable=True),
    )
    op.create_index("ix_capture_reviews_capture_id", "capture_reviews", ["capture_id"])
    op.create_index("ix_audit_target", "audit", ["target"])
    op.create_index("ix_audit_actor", "audit", ["actor"])
    # What was stored before revisions were kept is revision 1.
    op.execute(
        "INSERT INTO capture_revisions (capture_id, revision, device_id, kind, at, lat, lon, "
        "summary, fields, received_at, changes) SELECT id, 1, device_id, kind, at, lat, lon, "
        "summary, fields, received_at, '[]' FROM captures"
    )
    for table in APPEND_ONLY:
        _append_only(table)


def _append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(
        f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"""
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY:
        if not sqlite:
            op.execute(f"DROP FUNCTION {table}_append_only() CASCADE")
        op.drop_table(table)
    op.drop_index("ix_audit_actor", "audit")
    op.drop_index("ix_audit_target", "audit")
    with op.batch_alter_table("captures") as batch:
        for column in reversed(CAPTURE_COLUMNS):
            batch.drop_column(column.name)
