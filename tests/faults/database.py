"""Cutting the test database's connections from outside, as a PostgreSQL restart or a failover does."""

import psycopg
from django.db import connection

TERMINATE_OTHER_BACKENDS = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def terminate_every_backend() -> int:
    """Terminate every other session on the test database, from a connection of its own; the test's
    own connection goes too, so it is closed here (the next query opens a fresh one). Returns how
    many sessions were cut."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as admin:
        row = admin.execute(TERMINATE_OTHER_BACKENDS).fetchone()
    connection.close()
    return int(row[0]) if row else 0
