"""The forms of an edit page's "Translations" section (issue 18): one per existing translation, one
to add a language, one to say which language the original is written in."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from common import languages
from common.translated_content import ContentTranslation


def translation_form_class(model: type[ContentTranslation]) -> type[forms.ModelForm]:
    """A form for `model`'s language and text fields (labels and limits from the model)."""
    return forms.modelform_factory(model, fields=("language", *model.TEXT_FIELDS))


def translation_form(
    parent: models.Model, *, data: Any = None, instance: ContentTranslation | None = None
) -> forms.ModelForm:
    """The add form (instance None: languages not yet used) or the form of one translation (its
    language fixed). The prefix keeps the page's forms apart."""
    model: type[ContentTranslation] = parent.translations.model  # type: ignore[attr-defined]
    prefix = f"translation-{instance.language}" if instance else "translation-new"
    form = translation_form_class(model)(data=data, instance=instance, prefix=prefix)
    if instance is not None:
        form.fields["language"].widget = forms.HiddenInput()
    else:
        used = {getattr(parent, "original_language", languages.DEFAULT)}
        used |= {t.language for t in parent.translations.all()}  # type: ignore[attr-defined]
        language_field = cast(forms.ChoiceField, form.fields["language"])
        language_field.choices = [("", "---------")] + [
            (code, name) for code, name in languages.CHOICES if code not in used
        ]
    return form


class OriginalLanguageForm(forms.Form):
    original_language = forms.ChoiceField(label=_("The text above is written in"), choices=languages.CHOICES)
