"""refresh tokens belong to a family (one sign-in); devices may be bound to a certificate;
the token signing key leaves the database

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("family_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_refresh_tokens_family_id", ["family_id"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("cert_fingerprint", sa.String(length=64), nullable=True))
        batch.create_index("ix_devices_cert_fingerprint", ["cert_fingerprint"])
    # The key now lives outside the database (controlroom.hub.keys); a copy of the database
    # must not hold one that ever signed tokens.
    op.execute("DELETE FROM hub_secrets WHERE name = 'access_token_key'")


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_index("ix_devices_cert_fingerprint")
        batch.drop_column("cert_fingerprint")
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_index("ix_refresh_tokens_family_id")
        batch.drop_column("family_id")
