"""search: every capture's words and markers of its kind, openness and map cell (FTS5, or a
tsvector beside a GiST point), its time as one ordered document number; the captures already
stored are indexed

Revision ID: 0008
Revises: 0007
"""

from alembic import op
from sqlalchemy import text

from controlroom.hub.search_index import index_capture

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE = (
    "CREATE TABLE capture_search (doc INTEGER PRIMARY KEY, "
    "capture_id VARCHAR(36) NOT NULL UNIQUE REFERENCES captures (id), at FLOAT NOT NULL, "
    "kind VARCHAR(32) NOT NULL, open BOOLEAN NOT NULL, lat FLOAT NOT NULL, lon FLOAT NOT NULL)",
    # Contentless: the words are the capture's own, kept in captures; captures are never removed.
    "CREATE VIRTUAL TABLE capture_words USING fts5(words, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
)
POSTGRESQL = (
    "CREATE TABLE capture_search (doc BIGINT PRIMARY KEY, "
    "capture_id VARCHAR(36) NOT NULL UNIQUE REFERENCES captures (id), "
    "at DOUBLE PRECISION NOT NULL, kind VARCHAR(32) NOT NULL, open BOOLEAN NOT NULL, "
    "lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, words TSVECTOR NOT NULL)",
    "CREATE INDEX ix_capture_search_words ON capture_search USING gin (words)",
    "CREATE INDEX ix_capture_search_area ON capture_search USING gist (point(lon, lat))",
)


def upgrade() -> None:
    connection = op.get_bind()
    for statement in SQLITE if connection.dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)
    stored = connection.execute(
        text("SELECT id, at, kind, handling_code, lat, lon, summary, fields FROM captures")
    )
    for row in stored.mappings().all():
        index_capture(connection, dict(row))


def downgrade() -> None:
    for table in ("capture_words", "capture_search"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
