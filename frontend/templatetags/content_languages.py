"""Members' content in the reader's language (issue 18): `{{ solution|translated:"title" }}` gives
the reader's translation when there is one, else the original; `{% content_lang solution %}` puts
`lang` (and `dir`) on the element when the original is shown in a language other than the reader's;
`{% original_language_note solution %}` says which ("Original in Spanish")."""

from __future__ import annotations

from django import template
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common import languages
from common.translated_content import TranslatedText, reader_language, text_for, translated_fields
from frontend.forms.translations import OriginalLanguageForm, translation_form

register = template.Library()


def _text(obj: models.Model) -> TranslatedText:
    return text_for(obj, fields=translated_fields(obj))


@register.filter
def translated(obj: models.Model | None, field: str) -> str:
    """`obj`'s `field` in the reader's language when translated, else the original."""
    if obj is None:
        return ""
    return _text(obj)[field]


def lang_attributes(language: str) -> SafeString:
    if language == reader_language():
        return SafeString("")
    direction = "rtl" if languages.language(language).right_to_left else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)


@register.simple_tag
def content_lang(obj: models.Model | str | None) -> SafeString:
    """` lang="es" dir="ltr"` when the text shown is not in the reader's language (nothing otherwise).
    Takes an object with translations, or a language code (a search hit's `language`)."""
    if obj is None:
        return SafeString("")
    language = obj if isinstance(obj, str) else _text(obj).language
    return lang_attributes(language)


@register.simple_tag
def original_language_note(obj: models.Model | str | None) -> SafeString:
    """A small "Original in Spanish" label when the text shown is not in the reader's language."""
    if obj is None:
        return SafeString("")
    language = obj if isinstance(obj, str) else _text(obj).language
    if language == reader_language():
        return SafeString("")
    name = languages.TRANSLATED_NAMES.get(language, language)
    return format_html(
        '<span class="original-language">{}</span>', _("Original in %(language)s") % {"language": name}
    )


@register.inclusion_tag("frontend/translations/_section.html", takes_context=True)
def translations_section(context: template.Context, obj: models.Model, kind: str) -> dict[str, object]:
    """The edit page's "Translations" section for `obj` (kind: "solution", "need", "best-case",
    "plan", "event"): the original's language, a form per translation, one to add a language."""
    translations = list(obj.translations.all())  # type: ignore[attr-defined]
    add_form = translation_form(obj)
    used = {getattr(obj, "original_language", languages.DEFAULT), *(t.language for t in translations)}
    free_languages = [code for code in languages.CODES if code not in used]
    return {
        "csrf_token": context.get("csrf_token"),
        "action": reverse("frontend:content-translation", kwargs={"kind": kind, "pk": obj.pk}),
        "original_form": OriginalLanguageForm(
            initial={"original_language": getattr(obj, "original_language", languages.DEFAULT)}
        ),
        "original_name": languages.TRANSLATED_NAMES.get(getattr(obj, "original_language", "en"), ""),
        "forms": [
            (
                t,
                languages.TRANSLATED_NAMES.get(t.language, t.language),
                getattr(t, t.TEXT_FIELDS[0], ""),  # its title (an event's name)
                translation_form(obj, instance=t),
            )
            for t in translations
        ],
        # None when every language is taken (the original's and the translations').
        "add_form": add_form if free_languages else None,
    }
