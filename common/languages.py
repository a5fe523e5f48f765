"""The languages the product speaks (issues 17 and 18): its interface, the languages of the content
members write, and how each is analysed for search and matching. One table, so the language switcher,
PostgreSQL's text-search configurations and the matching engine's stemmers never disagree.

Pure: no queries, no settings access (config/settings/base.py builds LANGUAGES from it); the helpers at
the end only activate a language while a message is built."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from django.utils import translation
from django.utils.functional import Promise, lazy
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


Builder = TypeVar("Builder", bound=Callable[..., Any])


class _Speaker(Protocol):
    language: str


def language_of(person: _Speaker | None) -> str:
    """The language to write to `person` in: their chosen one, else the site's default. What we send
    (e-mails, reminders, calendar texts) cannot ask a browser, so blank means the default here."""
    code = getattr(person, "language", "") or ""
    return code if code in BY_CODE else DEFAULT


def speaking_to(person: _Speaker | None) -> translation.override:
    """`with speaking_to(recipient):` builds a message's texts, dates and numbers in their language."""
    return translation.override(language_of(person))


def in_language_of(parameter: str) -> Callable[[Builder], Builder]:
    """Decorate a function that builds what one person receives (an e-mail, a reminder, a calendar
    text): it runs in the language of its argument named `parameter` (a person, or None for the
    default), or of an attribute of it ("application.applicant"). One line on each builder, so no
    message is written in the language of whoever caused it."""
    name, *path = parameter.split(".")

    def decorate(function: Builder) -> Builder:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def in_their_language(*args: Any, **kwargs: Any) -> Any:
            person = signature.bind(*args, **kwargs).arguments.get(name)
            for attribute in path:  # "join_request.person": the person the argument names
                person = getattr(person, attribute, None)
            with speaking_to(person):
                return function(*args, **kwargs)

        return cast("Builder", in_their_language)

    return decorate


def per_reader(build: Callable[..., str], *args: Any, **kwargs: Any) -> Promise:
    """`build(*args, **kwargs)` made later, in the language active then: a notification title built
    once for many readers (`notifications.services.Notice`) comes out in each reader's language."""
    return cast("Promise", lazy(build, str)(*args, **kwargs))
