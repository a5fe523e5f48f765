"""Model fields shared by several apps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _


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
            raise ValidationError(_("Expected a list."), code="invalid")
        if self.choices_enum is not None:
            allowed = set(self.choices_enum.values)
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ValidationError(
                    _("Unknown value(s): %(values)s. Allowed: %(allowed)s."),
                    params={"values": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(allowed))},
                    code="invalid_choice",
                )
        if len(set(map(str, value))) != len(value):
            raise ValidationError(_("Values must not repeat."), code="duplicate")


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Lower-case, trimmed, distinct tags, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(str(tag).split()).lower()
        if cleaned:
            seen.setdefault(cleaned[:40], None)
    return list(seen)


# Bounds on free text (issue 15: one 2 MB need description slowed matching for everyone). Long
# prose (descriptions, summaries, a case's story) fits in ten thousand characters, about four
# pages; notes, messages and reasons in two thousand.
LONG_TEXT_LENGTH = 10_000
NOTE_LENGTH = 2_000


class BoundedTextField(models.TextField):
    """A TextField with a maximum length enforced where text comes in: `full_clean()` (a
    `MaxLengthValidator`, which a plain TextField's `max_length` does not add), model forms and
    DRF model serializers (both read `max_length`). The column stays `text`: no migration of data."""

    def __init__(self, verbose_name: str | None = None, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(verbose_name, max_length=max_length, **kwargs)

    @property
    def validators(self) -> list[Any]:
        bound = [MaxLengthValidator(self.max_length)] if self.max_length else []
        return [*super().validators, *bound]
