"""scripts/check_translations.py (issue 18): a new string cannot ship untranslated, fuzzy, or with a
translation whose placeholders differ from its msgid's."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = [pytest.mark.unit]

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_translations.py"
spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
assert spec is not None
assert spec.loader is not None
check_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_translations)

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def catalog(root: Path, language: str, entries: str, domain: str = "django") -> None:
    folder = root / "locale" / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{domain}.po").write_text(HEADER + entries, encoding="utf-8")


def test_a_complete_catalog_passes(tmp_path):
    catalog(
        tmp_path,
        "es",
        'msgid "Confirmed: %(subject)s"\nmsgstr "Confirmada: %(subject)s"\n\n'
        'msgid "%(count)d hour"\nmsgid_plural "%(count)d hours"\n'
        'msgstr[0] "una hora"\nmsgstr[1] "%(count)d horas"\n',
    )

    assert check_translations.check(["es"], root=tmp_path) == []


def test_untranslated_fuzzy_and_changed_placeholders_are_each_named(tmp_path):
    catalog(
        tmp_path,
        "fr",
        'msgid "Log out"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Log in"\nmsgstr "Se connecter"\n\n'
        'msgid "Reason: %(reason)s"\nmsgstr "Motif : %(raison)s"\n\n'
        'msgid "%(count)d hour"\nmsgid_plural "%(count)d hours"\nmsgstr[0] "%(count)d heure"\nmsgstr[1] ""\n',
    )

    report = check_translations.check(["fr"], root=tmp_path)

    assert [line.split(": ", 1)[1] for line in report] == [
        "untranslated: 'Log out'",
        "fuzzy: 'Log in'",
        "placeholders differ: msgid has ['%(reason)s'], msgstr ['%(raison)s']: 'Reason: %(reason)s'",
        "untranslated: '%(count)d hour'",
    ]
    assert report[0].startswith("locale/fr/LC_MESSAGES/django.po:")


def test_a_missing_catalog_is_named_and_the_scripts_catalog_once_any_language_has_one(tmp_path):
    catalog(tmp_path, "ko", "", domain="djangojs")
    catalog(tmp_path, "ko", "")

    assert check_translations.check(["ko", "ar"], root=tmp_path) == [
        "locale/ar/LC_MESSAGES/django.po: missing (run `make messages`, then translate it)",
        "locale/ar/LC_MESSAGES/djangojs.po: missing (run `make messages`, then translate it)",
    ]


def test_the_command_refuses_a_language_the_product_does_not_speak():
    assert check_translations.main(["de"]) == 2
