"""Queries that must read the same on PostgreSQL and SQLite."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Q


def json_list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list `field` holds `value`.

    PostgreSQL answers `@>` from a GIN index; SQLite has no JSON containment lookup in Django,
    so it matches the JSON-encoded string inside the stored text (values are plain slugs).
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})
