"""Content in several languages on pages (issue 18): the edit page's "Translations" section, and
detail pages showing the reader's language or the original marked with its language."""

import pytest
from django.test import Client

from cities.models import Need
from solutions.models import SolutionTranslation
from tests.factories.accounts import CorporationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import (
    BestCaseFactory,
    NeedFactory,
    SolutionFactory,
    SolutionTranslationFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client()


def translation_url(kind, pk):
    return f"/translations/{kind}/{pk}/"


def test_solution_page_shows_spanish_to_a_spanish_reader_and_english_to_an_english_one(client):
    solution = SolutionFactory.create(title="Adaptive traffic lights", summary="Signals that adapt.")
    SolutionTranslationFactory.create(
        solution=solution, language="es", title="Semáforo adaptativo", summary="Señales que se adaptan."
    )

    spanish = client.get(f"/solutions/{solution.slug}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(f"/solutions/{solution.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<h1>Semáforo adaptativo</h1>" in spanish
    assert "Señales que se adaptan." in spanish
    assert "<h1>Adaptive traffic lights</h1>" in english
    assert "Semáforo" not in english


def test_an_untranslated_solution_shows_its_original_marked_with_its_language(client):
    solution = SolutionFactory.create(title="Semáforo inteligente", original_language="es")

    page = client.get(f"/solutions/{solution.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<h1 lang="es" dir="ltr">Semáforo inteligente</h1>' in page
    assert '<span class="original-language">Original in Spanish</span>' in page


def test_catalogue_cards_show_the_readers_translation(client):
    solution = SolutionFactory.create(title="Adaptive traffic lights")
    SolutionTranslationFactory.create(solution=solution, language="fr", title="Feux adaptatifs")

    page = client.get("/solutions/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Feux adaptatifs" in page
    assert "Adaptive traffic lights" not in page


def test_the_edit_page_has_a_translations_section(client):
    solution = SolutionFactory.create()
    SolutionTranslationFactory.create(solution=solution, language="es", title="Solución")
    client.force_login(UserFactory.create(organisation=solution.provider))

    page = client.get(f"/solutions/{solution.slug}/edit/").content.decode()

    assert 'data-testid="translations"' in page
    assert 'data-testid="translation-es"' in page
    assert 'data-testid="translation-new"' in page
    assert f'action="{translation_url("solution", solution.pk)}"' in page


def test_provider_adds_edits_and_removes_a_translation_from_the_edit_page(client):
    solution = SolutionFactory.create()
    client.force_login(UserFactory.create(organisation=solution.provider))
    url = translation_url("solution", solution.pk)

    new = {"translation-new-language": "pt", "translation-new-title": "Semáforos"}
    added = client.post(url, {"action": "save", "prefix": "new", **new})
    changed = {"translation-pt-language": "pt", "translation-pt-title": "Semáforos adaptativos"}
    client.post(url, {"action": "save", "prefix": "pt", **changed})
    edited = list(SolutionTranslation.objects.values_list("language", "title"))
    client.post(url, {"action": "remove", "language": "pt"})

    assert added.status_code == 302
    assert added["Location"] == f"/solutions/{solution.slug}/edit/#translations"
    assert edited == [("pt", "Semáforos adaptativos")]
    assert SolutionTranslation.objects.count() == 0


def test_a_bad_translation_is_refused_with_a_message(client):
    solution = SolutionFactory.create()
    client.force_login(UserFactory.create(organisation=solution.provider))

    response = client.post(
        translation_url("solution", solution.pk),
        {"action": "save", "prefix": "new", "translation-new-language": "es", "translation-new-title": ""},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] != []
    assert SolutionTranslation.objects.count() == 0


def test_the_original_language_is_set_from_the_edit_page(client):
    solution = SolutionFactory.create()
    client.force_login(UserFactory.create(organisation=solution.provider))

    client.post(translation_url("solution", solution.pk), {"action": "original", "original_language": "ko"})

    solution.refresh_from_db()
    assert solution.original_language == "ko"


def test_another_provider_cannot_translate(client):
    solution = SolutionFactory.create()
    client.force_login(UserFactory.create(organisation=CorporationFactory.create()))

    response = client.post(
        translation_url("solution", solution.pk),
        {
            "action": "save",
            "prefix": "new",
            "translation-new-language": "es",
            "translation-new-title": "Intruso",
        },
    )

    assert response.status_code == 403
    assert SolutionTranslation.objects.count() == 0


@pytest.mark.parametrize("kind", ["need", "best-case"])
def test_needs_and_best_cases_are_translated_the_same_way(client, kind):
    obj = NeedFactory.create() if kind == "need" else BestCaseFactory.create()
    client.force_login(StaffFactory.create())

    client.post(translation_url(kind, obj.pk), {"action": "save", "prefix": "new",
                                                "translation-new-language": "es",
                                                "translation-new-title": "Título en español"})  # fmt: skip
    detail = f"/needs/{obj.slug}/" if isinstance(obj, Need) else f"/best-cases/{obj.pk}/"
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Título en español</h1>" in page
