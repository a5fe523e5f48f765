"""API tokens become django-rest-knox tokens (`ApiToken`: hashed, expiring, named).

DRF's tokens were stored in plain text and cannot become hashed tokens (knox stores only a digest of
a token it made itself), so they are dropped with their table: every API client logs in again
(README, upgrade notes). The table is dropped here because `rest_framework.authtoken` left
INSTALLED_APPS and no migration of its own would remove it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_unaccent"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("token_key", models.CharField(db_index=True, max_length=25)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("expiry", models.DateTimeField(blank=True, null=True)),
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("digest", models.CharField(max_length=128, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("last_used", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="auth_token_set",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "ordering": ["-created", "-id"],
            },
        ),
        # Plain-text DRF tokens: not convertible, so gone (both PostgreSQL and SQLite know IF EXISTS).
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token;", migrations.RunSQL.noop),
    ]
