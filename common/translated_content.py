"""Content in several languages (issue 18): what members write (a solution, a need, a best case, a
plan, an event) keeps its original text in the object's own columns, with the language it was
written in (`original_language`), and carries translations entered by its owner in a table of its
own, one row per language (`SolutionTranslation`, `NeedTranslation`, ...).

Why plain tables rather than django-parler (docs/concepts.md, "Content languages"): the original
stays where search triggers, the matching engine, exports and every existing query read it, so no
data moves and nothing that does not care about translations changes; a reader with no translation
in their language gets the original, which is exactly what parler's fallback would give, at the
cost of one prefetch instead of a join on every query.

This module holds the shared parts: the abstract translation row, the `original_language` field, the
pure reading helper (`text_for`) used by pages and the API, and the one generic write that each app's
service calls after checking who may edit the object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common import languages

LANGUAGE_LENGTH = 8


def original_language_field() -> models.CharField:
    """The language an object's own columns are written in; English for everything written before."""
    return models.CharField(
        _("original language"),
        max_length=LANGUAGE_LENGTH,
        choices=languages.CHOICES,
        default=languages.DEFAULT,
        help_text=_("The language of the text above; translations can be added on the edit page."),
    )


class ContentTranslation(models.Model):
    """One language's version of an object's text. Concrete rows name their parent (a foreign key
    with related_name="translations", listed in PARENT_FIELD) and the text fields (TEXT_FIELDS,
    same names as the parent's own columns), unique per (parent, language)."""

    PARENT_FIELD = ""
    TEXT_FIELDS: tuple[str, ...] = ()

    language = models.CharField(_("language"), max_length=LANGUAGE_LENGTH, choices=languages.CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.PARENT_FIELD + '_id', '?')} ({self.language})"


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslatedText:
    """An object's text as one reader sees it: their language when a translation exists, else the
    original. `language` is what the text is written in; `is_original_shown` when that is not what
    the reader asked for (pages then mark it with `lang` and "Original in Spanish")."""

    values: Mapping[str, str]
    language: str
    requested: str
    is_translation: bool = False

    def __getattr__(self, name: str) -> str:
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    @property
    def is_original_shown(self) -> bool:
        return self.language != self.requested

    @property
    def language_name(self) -> str:
        return str(languages.TRANSLATED_NAMES.get(self.language, self.language))

    @property
    def right_to_left(self) -> bool:
        return languages.language(self.language).right_to_left


def reader_language() -> str:
    """The active language's code ("es" for es-MX), as content translations are keyed."""
    return languages.language(get_language()).code


def _translations_of(obj: models.Model) -> list[ContentTranslation]:
    """Through the prefetch cache when the selector prefetched "translations" (no query); else one
    query, remembered on the object so a page asking for several fields pays it once."""
    cached = obj.__dict__.get("_content_translations")
    if cached is None:
        cached = list(obj.translations.all())  # type: ignore[attr-defined]
        obj.__dict__["_content_translations"] = cached
    return cached


def translated_fields(obj: models.Model) -> tuple[str, ...]:
    """The text fields `obj`'s translations carry (SolutionTranslation.TEXT_FIELDS, ...)."""
    return _translation_model(obj).TEXT_FIELDS


def text_for(obj: models.Model, *, fields: Iterable[str], language: str | None = None) -> TranslatedText:
    """`obj`'s `fields` in `language` (default: the active one) when it has that translation and the
    translated value is not empty, else the original column. Prefetch "translations" for lists."""
    requested = languages.language(language or get_language()).code
    original_language = getattr(obj, "original_language", languages.DEFAULT) or languages.DEFAULT
    fields = tuple(fields)
    originals = {name: getattr(obj, name) or "" for name in fields}
    if requested != original_language and obj.pk is not None:
        for translation in _translations_of(obj):
            if translation.language == requested:
                values = {name: getattr(translation, name, "") or originals[name] for name in fields}
                return TranslatedText(
                    values=values, language=requested, requested=requested, is_translation=True
                )
    return TranslatedText(values=originals, language=original_language, requested=requested)


def translations_by_language(obj: models.Model) -> dict[str, ContentTranslation]:
    return {translation.language: translation for translation in _translations_of(obj)}


# --- Writing ----------------------------------------------------------------------------------


def _translation_model(parent: models.Model) -> type[ContentTranslation]:
    return parent.translations.model  # type: ignore[attr-defined]


def check_translation_language(parent: models.Model, language: str) -> None:
    if language not in languages.CODES:
        raise ValidationError({"language": _("Choose one of the product's languages.")})
    if language == getattr(parent, "original_language", languages.DEFAULT):
        raise ValidationError(
            {"language": _("This is the original language: edit the text itself, not a translation.")}
        )


@transaction.atomic
def put_translation(*, parent: models.Model, language: str, values: Mapping[str, Any]) -> ContentTranslation:
    """Create or replace `parent`'s translation into `language` (fields not given become empty).
    The caller has checked that the user may edit `parent`. Validated (full_clean), atomic; the row
    is locked while it is replaced so two editors cannot create it twice."""
    check_translation_language(parent, language)
    model = _translation_model(parent)
    unknown = set(values) - set(model.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Not a translatable field.") for name in sorted(unknown)})
    rows = model._default_manager.filter(**{model.PARENT_FIELD: parent, "language": language})
    translation = rows.select_for_update().first()
    if translation is None:
        translation = model(**{model.PARENT_FIELD: parent, "language": language})
    for name in model.TEXT_FIELDS:
        setattr(translation, name, (values.get(name) or "").strip())
    translation.full_clean()
    translation.save()
    return translation


@transaction.atomic
def remove_translation(*, parent: models.Model, language: str) -> bool:
    """Delete `parent`'s translation into `language`; False when there was none. The caller has
    checked that the user may edit `parent`."""
    model = _translation_model(parent)
    rows = model._default_manager.filter(**{model.PARENT_FIELD: parent, "language": language})
    deleted, _rows = rows.delete()
    return bool(deleted)


@transaction.atomic
def set_original_language(*, parent: models.Model, language: str) -> models.Model:
    """Say which language `parent`'s own columns are written in. Not a language it already has a
    translation into (remove that first). The caller has checked that the user may edit `parent`;
    search re-indexes a solution (its trigger watches the column)."""
    if language not in languages.CODES:
        raise ValidationError({"original_language": _("Choose one of the product's languages.")})
    model = _translation_model(parent)
    if model._default_manager.filter(**{model.PARENT_FIELD: parent, "language": language}).exists():
        raise ValidationError(
            {"original_language": _("There is a translation into this language: remove it first.")}
        )
    parent.original_language = language  # type: ignore[attr-defined]
    parent.save(update_fields=["original_language", "updated_at"])
    return parent
