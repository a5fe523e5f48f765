"""The languages the product speaks (issues 17 and 18): its interface, the languages of the content
members write, and how each is analysed for search and matching. One table, so the language switcher,
PostgreSQL's text-search configurations and the matching engine's stemmers never disagree.

Pure: no queries, no settings access (config/settings/base.py builds LANGUAGES from it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as Django's LANGUAGES and LANGUAGE_CODE write it
    name: str  # in English, for settings and logs; `local_name` is what the switcher shows
    local_name: str  # the language's name in itself: a reader who cannot read English finds it
    # PostgreSQL's built-in text-search configuration: stemming and stop words where one exists;
    # "simple" (lower-casing only) for Korean, whose words are matched by character n-grams instead.
    search_config: str
    # A PyStemmer (Snowball) algorithm, or None where Snowball has none (Korean).
    stemmer: str | None
    right_to_left: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", "english", "english"),
    Language("ko", "Korean", "한국어", "simple", None),
    Language("es", "Spanish", "Español", "spanish", "spanish"),
    Language("fr", "French", "Français", "french", "french"),
    Language("pt", "Portuguese", "Português", "portuguese", "portuguese"),
    Language("ru", "Russian", "Русский", "russian", "russian"),
    Language("ar", "Arabic", "العربية", "arabic", "arabic", right_to_left=True),
)
BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
CODES: tuple[str, ...] = tuple(BY_CODE)
DEFAULT = "en"

# Translated names, for forms and pages in the reader's language ("Spanish" / "Espagnol" / ...).
TRANSLATED_NAMES = {
    "en": _("English"),
    "ko": _("Korean"),
    "es": _("Spanish"),
    "fr": _("French"),
    "pt": _("Portuguese"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
}
CHOICES = [(code, TRANSLATED_NAMES[code]) for code in CODES]


def language(code: str | None) -> Language:
    """The language `code` names ("pt-br" → Portuguese), or the default for anything unknown."""
    base = (code or DEFAULT).lower().replace("_", "-").split("-", 1)[0]
    return BY_CODE.get(base, BY_CODE[DEFAULT])
