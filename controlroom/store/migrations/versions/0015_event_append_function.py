"""event append function: on PostgreSQL one call takes the event log's lock, appends a batch's
events in their order and notifies the other hubs, so a writer holds the lock for one round
trip and its commit rather than four (lock, insert, notify, commit), and the hubs' commits
wait for each other less

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

APPEND = """
CREATE OR REPLACE FUNCTION controlroom_append_events(
    lock_key bigint, channel text, types text[], subjects text[], payloads text[],
    ats double precision[], to_units integer[], restricteds boolean[], incident_ids integer[]
) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
DECLARE
    appended bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    FOR i IN 1 .. coalesce(array_length(types, 1), 0) LOOP
        INSERT INTO events (type, subject, payload, at, to_unit, restricted, incident_id)
        VALUES (types[i], subjects[i], payloads[i], ats[i], to_units[i], restricteds[i],
                incident_ids[i])
        RETURNING seq INTO appended;
        RETURN NEXT appended;
    END LOOP;
    IF appended IS NOT NULL THEN
        PERFORM pg_notify(channel, appended::text);
    END IF;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # one SQLite writer at a time: nothing to take turns for
    op.execute(APPEND)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS controlroom_append_events("
            "bigint, text, text[], text[], text[], double precision[], integer[], boolean[], "
            "integer[])"
        )
