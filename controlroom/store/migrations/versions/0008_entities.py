"""entities: mentions, records, blocking keys, suggestions, decisions, linked captures

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("merged_into", KEY, sa.ForeignKey("entities.id"), nullable=True),
    )
    op.create_table(
        "mentions",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("capture_id", sa.String(36), sa.ForeignKey("captures.id"), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("path", sa.String(64), nullable=False),
        sa.Column("owner", sa.Integer(), nullable=True),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.Column("written", sa.Text(), nullable=False),
        sa.Column("search", sa.String(200), nullable=False),
        sa.Column("entity_id", KEY, sa.ForeignKey("entities.id"), nullable=True),
        sa.Column("link", sa.String(12), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("linked_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_mentions_capture_id", "mentions", ["capture_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "mention_keys",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("mention_id", KEY, sa.ForeignKey("mentions.id"), primary_key=True),
    )
    op.create_table(
        "entity_suggestions",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("mention_id", KEY, sa.ForeignKey("mentions.id"), nullable=True),
        sa.Column("other_id", KEY, sa.ForeignKey("entities.id"), nullable=True),
        sa.Column("entity_id", KEY, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_suggestions_status", "entity_suggestions", ["status", "id"])
    op.create_index("ix_entity_suggestions_mention_id", "entity_suggestions", ["mention_id"])
    op.create_index("ix_entity_suggestions_entity_id", "entity_suggestions", ["entity_id"])
    op.create_table(
        "entity_decisions",
        sa.Column("id", KEY, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("entity_id", KEY, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("other_id", KEY, sa.ForeignKey("entities.id"), nullable=True),
        sa.Column("suggestion_id", KEY, sa.ForeignKey("entity_suggestions.id"), nullable=True),
        sa.Column("moved", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_entity_decisions_entity_id", "entity_decisions", ["entity_id"])
    op.create_index("ix_entity_decisions_other_id", "entity_decisions", ["other_id"])
    op.create_table(
        "linked_captures",
        sa.Column("capture_id", sa.String(36), sa.ForeignKey("captures.id"), primary_key=True),
        sa.Column("linked_at", sa.Float(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "linked_captures",
        "entity_decisions",
        "entity_suggestions",
        "mention_keys",
        "mentions",
        "entities",
    ):
        op.drop_table(table)
