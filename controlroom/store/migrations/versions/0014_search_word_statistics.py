"""search word statistics: PostgreSQL keeps the frequency of up to 10,000 words of the search
index (not the default 1,000), so a search for a rare word (a surname, a street) is planned as
one: its few matches found through the word index, not by walking every capture newest first
hoping to meet 50 of them soon (1,000,000 captures: a word in 60 of them took 440 ms that way,
4 ms this way)

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

WORDS_STATISTICS = 10_000  # PostgreSQL's most


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # FTS5 walks its own index; SQLite has no planner statistics of words
    op.execute(
        f"ALTER TABLE capture_search ALTER COLUMN words SET STATISTICS {WORDS_STATISTICS}"
    )
    op.execute("ANALYZE capture_search")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE capture_search ALTER COLUMN words SET STATISTICS -1")
