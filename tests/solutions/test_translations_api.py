"""The API's translations of a solution (issue 18): nested read, the reader's text, and the write
endpoint /api/v1/solutions/{id}/translations/{language}/."""

import pytest

from cities.services.translations import save_need_translation
from solutions.models import SolutionTranslation
from tests.factories.accounts import CorporationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory, SolutionTranslationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def url(solution, language=""):
    base = f"/api/v1/solutions/{solution.pk}/"
    return f"{base}translations/{language}/" if language else base


def test_spanish_reader_gets_the_spanish_text_and_every_translation(api_client):
    solution = SolutionFactory.create(title="Adaptive traffic lights")
    SolutionTranslationFactory.create(solution=solution, language="es", title="Semáforo adaptativo")

    spanish = api_client.get(url(solution), HTTP_ACCEPT_LANGUAGE="es").json()
    english = api_client.get(url(solution), HTTP_ACCEPT_LANGUAGE="en").json()

    assert spanish["title"] == "Adaptive traffic lights"
    assert spanish["original_language"] == "en"
    assert [t["language"] for t in spanish["translations"]] == ["es"]
    assert (spanish["localized"]["language"], spanish["localized"]["title"]) == ("es", "Semáforo adaptativo")
    assert spanish["localized"]["is_original"] is False
    assert (english["localized"]["title"], english["localized"]["is_original"]) == (
        "Adaptive traffic lights",
        True,
    )


def test_provider_puts_and_deletes_a_translation(api_client):
    solution = SolutionFactory.create()
    api_client.force_authenticate(UserFactory.create(organisation=solution.provider))

    created = api_client.put(
        url(solution, "fr"), {"title": "Feux adaptatifs", "summary": "Résumé"}, format="json"
    )
    deleted = api_client.delete(url(solution, "fr"))
    again = api_client.delete(url(solution, "fr"))

    assert (created.status_code, created.json()["title"]) == (200, "Feux adaptatifs")
    assert (deleted.status_code, again.status_code) == (204, 204)
    assert SolutionTranslation.objects.count() == 0


def test_translation_errors_are_400_with_field_messages(api_client):
    solution = SolutionFactory.create()
    api_client.force_authenticate(UserFactory.create(organisation=solution.provider))

    original = api_client.put(url(solution, "en"), {"title": "Same language"}, format="json")
    untitled = api_client.put(url(solution, "es"), {"summary": "sin título"}, format="json")

    assert (original.status_code, "language" in original.json()["errors"]) == (400, True)
    assert (untitled.status_code, "title" in untitled.json()["errors"]) == (400, True)


def test_other_providers_cannot_translate(api_client):
    solution = SolutionFactory.create()
    api_client.force_authenticate(UserFactory.create(organisation=CorporationFactory.create()))

    response = api_client.put(url(solution, "es"), {"title": "Intruso"}, format="json")

    assert response.status_code == 403
    assert SolutionTranslation.objects.count() == 0


def test_search_hits_say_their_language(api_client):
    solution = SolutionFactory.create(title="Adaptive traffic lights")
    SolutionTranslationFactory.create(solution=solution, language="es", title="Semáforo adaptativo")

    response = api_client.get("/api/v1/solutions/search/", {"q": "semáforo"}, HTTP_ACCEPT_LANGUAGE="es")

    assert [(hit["id"], hit["language"]) for hit in response.json()["results"]] == [(solution.pk, "es")]


def test_a_need_lists_its_original_language_and_translations(api_client):
    need = NeedFactory.create(title="Flood warnings for the river district")
    save_need_translation(need=need, actor=StaffFactory.create(), language="ko", title="하천 지구 홍수 경보")

    data = api_client.get(f"/api/v1/needs/{need.pk}/").json()

    assert (data["original_language"], [t["language"] for t in data["translations"]]) == ("en", ["ko"])
