"""Model fields shared by several apps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.JSONField):
    """A list of distinct values from a TextChoices, stored as JSON (jsonb on PostgreSQL).

    JSON rather than a join table keeps catalogue rows self-contained for search; selectors
    filter with `common.lookups.json_list_contains`, which works on PostgreSQL and SQLite.
    """

    def __init__(
        self, *args: Any, choices_enum: type[models.TextChoices] | None = None, **kwargs: Any
    ) -> None:
        self.choices_enum = choices_enum
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices_enum", None)
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError("Expected a list.", code="invalid")
        if self.choices_enum is not None:
            allowed = set(self.choices_enum.values)
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ValidationError(
                    "Unknown value(s): %(values)s. Allowed: %(allowed)s.",
                    params={"values": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(allowed))},
                    code="invalid_choice",
                )
        if len(set(map(str, value))) != len(value):
            raise ValidationError("Values must not repeat.", code="duplicate")


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Lower-case, trimmed, distinct tags, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(str(tag).split()).lower()
        if cleaned:
            seen.setdefault(cleaned[:40], None)
    return list(seen)
