"""PostgreSQL's unaccent extension: the member directory matches names without accents or case
(`common.lookups.Folded`; SQLite registers a Python function instead)."""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_join_requests_and_invitations")]

    operations = [
        PostgresOnlySQL("CREATE EXTENSION IF NOT EXISTS unaccent;", "DROP EXTENSION IF EXISTS unaccent;")
    ]
