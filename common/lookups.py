"""Queries that must read the same on PostgreSQL and SQLite."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func, Q
from django.db.models.sql.compiler import SQLCompiler

FOLD_FUNCTION = "smc_fold"  # SQLite: registered on every connection (CommonConfig.ready)


def fold(text: str) -> str:
    """`text` without accents and case ("Zürich" -> "zurich"), as `Folded` reads a column."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_or_none(text: Any) -> str | None:
    return None if text is None else fold(str(text))


class Folded(Func):
    """A text column without accents and case, on both databases: PostgreSQL `lower(unaccent())`
    (extension created by migration accounts/0004), SQLite a Python function (`fold`). Compare it
    with `fold(value)`: `.annotate(n=Folded("name")).filter(n__contains=fold(q))`."""

    function = FOLD_FUNCTION
    output_field = CharField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)


def register_fold_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created receiver: SQLite learns `smc_fold` (PostgreSQL has unaccent)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold_or_none, deterministic=True)


def json_list_contains(field: str, value: str) -> Q:
    """Rows whose JSON list `field` holds `value`.

    PostgreSQL answers `@>` from a GIN index; SQLite has no JSON containment lookup in Django,
    so it matches the JSON-encoded string inside the stored text (values are plain slugs).
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})
