"""With `DATABASE_POOL=true`, the pool checks each connection it hands out (config/settings/base.py
turns on `CONN_HEALTH_CHECKS`, which Django passes on as psycopg_pool's `check`): a connection
PostgreSQL cut while it sat in the pool is replaced, not given to a request. Run in a process of its
own, started with the settings as deployed with the pool on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.live_server import subprocess_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Takes a pooled connection, returns it, has PostgreSQL cut every session of the database from a
# connection of its own, then takes a pooled connection again: prints both backends' process ids.
POOLED_CONNECTION_AFTER_A_CUT = """
import django, psycopg
django.setup()
from django.db import connection

def backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

first = backend()
connection.close()  # back to the pool, idle
params = connection.get_connection_params()
where = {key: params[key] for key in ("dbname", "user", "host", "port") if params.get(key)}
with psycopg.connect(**where, autocommit=True) as admin:
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  " WHERE datname = current_database() AND pid <> pg_backend_pid()")
second = backend()
print(first, second)
"""


def test_the_pool_replaces_a_connection_postgresql_cut_while_it_was_idle():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(),
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MIN": "1",
        "DATABASE_POOL_MAX": "1",
    }

    run = subprocess.run(  # noqa: S603 -- a fixed script run by this interpreter
        [sys.executable, "-c", POOLED_CONNECTION_AFTER_A_CUT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    connection.close()  # the cut took this test's own session too

    assert run.returncode == 0, run.stderr
    first, second = run.stdout.split()
    assert first != second
