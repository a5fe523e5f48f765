"""Migration operations that apply only on PostgreSQL (the SQLite default skips them)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases: PostgreSQL-only features (full-text triggers,
    GIN indexes, exclusion constraints) must not break the embedded SQLite default."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class MoveContentTypes(migrations.RunPython):
    """Relabel the content types of models moved to another app (their tables kept their names), so
    admin log entries and permissions follow the rows. Reversible; a content type the new app already
    has is left alone."""

    def __init__(self, *, models: list[str], from_app: str, to_app: str) -> None:
        self.models, self.from_app, self.to_app = models, from_app, to_app
        super().__init__(self.forwards, self.backwards)

    def _relabel(self, apps: Any, schema_editor: Any, old: str, new: str) -> None:
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        moved = content_types.filter(app_label=new, model__in=self.models)
        taken = set(moved.values_list("model", flat=True))
        content_types.filter(app_label=old, model__in=[m for m in self.models if m not in taken]).update(
            app_label=new
        )

    def forwards(self, apps: Any, schema_editor: Any) -> None:
        self._relabel(apps, schema_editor, self.from_app, self.to_app)

    def backwards(self, apps: Any, schema_editor: Any) -> None:
        self._relabel(apps, schema_editor, self.to_app, self.from_app)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"models": self.models, "from_app": self.from_app, "to_app": self.to_app}
        return (self.__class__.__qualname__, [], kwargs)
