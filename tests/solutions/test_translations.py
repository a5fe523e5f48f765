"""Content in several languages (issue 18): translations of solutions (services, reading, the API)
and the catalogue search in each text's language."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from common.translated_content import set_original_language, text_for
from solutions.models import SolutionTranslation
from solutions.search import search_solutions
from solutions.services import (
    refresh_search_statistics,
    remove_solution_translation,
    save_solution_translation,
)
from tests.factories.accounts import CorporationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import SolutionFactory, SolutionTranslationFactory

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="text-search configurations per language are PostgreSQL's"
)

FIELDS = ("title", "summary", "description")


@pytest.fixture
def traffic_lights():
    """An English solution with a Spanish translation."""
    solution = SolutionFactory.create(
        title="Adaptive traffic lights",
        summary="Signals that adapt to traffic.",
        description="Cameras count vehicles and the signal plan follows congestion in real time.",
    )
    SolutionTranslationFactory.create(
        solution=solution,
        language="es",
        title="Semáforo adaptativo",
        summary="Señales que se adaptan al tráfico.",
        description="Cámaras cuentan vehículos y el plan sigue la congestión en tiempo real.",
    )
    refresh_search_statistics()
    return solution


def titles(results):
    return [hit.solution.title for hit in results.hits]


# --- Services --------------------------------------------------------------------------------


def test_provider_person_adds_replaces_and_removes_a_translation():
    solution = SolutionFactory.create()
    person = UserFactory.create(organisation=solution.provider)

    save_solution_translation(solution=solution, actor=person, language="fr", title="Première version")
    save_solution_translation(solution=solution, actor=person, language="fr", title="Deuxième version")

    assert list(solution.translations.values_list("language", "title")) == [("fr", "Deuxième version")]
    assert remove_solution_translation(solution=solution, actor=person, language="fr") is True
    assert remove_solution_translation(solution=solution, actor=person, language="fr") is False


def test_staff_translate_any_solution():
    solution = SolutionFactory.create()

    saved = save_solution_translation(
        solution=solution, actor=StaffFactory.create(), language="ko", title="교통신호"
    )

    assert saved.language == "ko"


@pytest.mark.parametrize("who", ["other_provider", "no_organisation"])
def test_others_cannot_translate(who):
    solution = SolutionFactory.create()
    organisation = CorporationFactory.create() if who == "other_provider" else None
    outsider = UserFactory.create(organisation=organisation)

    with pytest.raises(PermissionDenied):
        save_solution_translation(solution=solution, actor=outsider, language="es", title="Intruso")
    with pytest.raises(PermissionDenied):
        remove_solution_translation(solution=solution, actor=outsider, language="es")
    assert SolutionTranslation.objects.count() == 0


@pytest.mark.parametrize(("language", "field"), [("en", "language"), ("xx", "language"), ("es", "title")])
def test_translation_is_validated(language, field):
    solution = SolutionFactory.create()  # original in English
    person = UserFactory.create(organisation=solution.provider)

    with pytest.raises(ValidationError) as error:
        save_solution_translation(solution=solution, actor=person, language=language, title="")

    assert field in error.value.message_dict


def test_original_language_cannot_be_a_translated_one(traffic_lights):
    with pytest.raises(ValidationError):
        set_original_language(parent=traffic_lights, language="es")

    set_original_language(parent=traffic_lights, language="fr")
    traffic_lights.refresh_from_db()
    assert traffic_lights.original_language == "fr"


@pytest.mark.parametrize("kind", ["need", "plan", "best_case", "event"])
def test_other_content_is_translated_by_whoever_may_edit_it(kind):
    from cities.services import translations as city_translations  # noqa: PLC0415 -- parametrised by kind
    from events.services.translations import save_event_translation  # noqa: PLC0415 -- idem
    from solutions.services import save_best_case_translation  # noqa: PLC0415 -- idem
    from tests.factories.catalogue import BestCaseFactory, NeedFactory  # noqa: PLC0415 -- idem
    from tests.factories.events import EventFactory  # noqa: PLC0415 -- idem

    save: Callable[[Any], object]
    if kind == "need":
        need = NeedFactory.create()
        owner, outsider = UserFactory.create(organisation=need.city), UserFactory.create()
        save = lambda actor: city_translations.save_need_translation(  # noqa: E731 -- one line per kind
            need=need, actor=actor, language="es", title="Alerta de inundaciones"
        )
    elif kind == "best_case":
        case = BestCaseFactory.create()
        owner, outsider = UserFactory.create(organisation=case.city), UserFactory.create()
        save = lambda actor: save_best_case_translation(  # noqa: E731 -- idem
            best_case=case, actor=actor, language="fr", title="Alerte aux crues"
        )
    elif kind == "event":
        event = EventFactory.create()
        owner, outsider = StaffFactory.create(), UserFactory.create(organisation=CorporationFactory.create())
        save = lambda actor: save_event_translation(  # noqa: E731 -- idem
            event=event, actor=actor, language="ar", name="منتدى المدن الذكية"
        )
    else:
        from tests.factories.activator import SmartCityPlanFactory  # noqa: PLC0415 -- idem

        plan = SmartCityPlanFactory.create()
        owner, outsider = UserFactory.create(organisation=plan.city), UserFactory.create()
        save = lambda actor: city_translations.save_plan_translation(  # noqa: E731 -- idem
            plan=plan, actor=actor, language="pt", title="Plano da cidade"
        )

    with pytest.raises(PermissionDenied):
        save(outsider)
    saved = save(owner)

    assert saved.pk is not None


# --- Reading -----------------------------------------------------------------------------------


def test_reader_gets_their_translation_or_the_original(traffic_lights):
    with translation.override("es"):
        spanish = text_for(traffic_lights, fields=FIELDS)
    with translation.override("en"):
        english = text_for(traffic_lights, fields=FIELDS)
    with translation.override("ko"):
        korean = text_for(traffic_lights, fields=FIELDS)

    assert (spanish.title, spanish.language, spanish.is_translation) == ("Semáforo adaptativo", "es", True)
    assert (english.title, english.language, english.is_original_shown) == (
        "Adaptive traffic lights",
        "en",
        False,
    )
    assert (korean.title, korean.language, korean.is_original_shown) == (
        "Adaptive traffic lights",
        "en",
        True,
    )


def test_an_empty_translated_field_falls_back_to_the_original():
    solution = SolutionFactory.create(summary="English summary")
    SolutionTranslationFactory.create(solution=solution, language="fr", title="Titre", summary="")

    text = text_for(solution, fields=FIELDS, language="fr")

    assert (text.title, text.summary) == ("Titre", "English summary")


# --- Search per language -----------------------------------------------------------------------


@requires_postgres
def test_spanish_query_finds_the_spanish_translation_and_shows_it(traffic_lights):
    results = search_solutions(query="semáforos", language="es")

    assert titles(results) == ["Adaptive traffic lights"]
    assert results.hits[0].language == "es"
    assert "Semáforo" in results.hits[0].title_html


@requires_postgres
def test_english_reader_reads_english_where_a_spanish_translation_exists(traffic_lights):
    results = search_solutions(query="traffic lights", language="en")

    assert titles(results) == ["Adaptive traffic lights"]
    assert results.hits[0].language == "en"
    assert results.hits[0].title_html == "Adaptive <mark>traffic</mark> <mark>lights</mark>"


@requires_postgres
def test_accents_and_case_are_ignored(traffic_lights):
    assert titles(search_solutions(query="CONGESTION", language="es")) == ["Adaptive traffic lights"]
    assert titles(search_solutions(query="camaras vehiculos", language="es")) == ["Adaptive traffic lights"]


@requires_postgres
def test_a_translation_is_indexed_when_added_and_forgotten_when_removed():
    solution = SolutionFactory.create(title="Noise map")
    person = UserFactory.create(organisation=solution.provider)

    save_solution_translation(solution=solution, actor=person, language="fr", title="Carte du bruit urbain")
    found = titles(search_solutions(query="bruits urbains", language="fr"))
    remove_solution_translation(solution=solution, actor=person, language="fr")

    assert found == ["Noise map"]
    assert titles(search_solutions(query="bruits urbains", language="fr")) == []


@requires_postgres
@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("es", "Gestión de semáforos inteligentes", "semáforo"),
        ("fr", "Détection des fuites d'eau", "fuite detection"),
        ("pt", "Iluminação pública eficiente", "iluminacao"),
        ("ru", "Умные светофоры для города", "светофор"),
        ("ru", "Датчики утечки воды", "утечку"),
        ("ar", "إشارات المرور الذكية", "المرور"),
        ("ar", "كشف تسرب المياه", "مياه"),
        ("ko", "스마트 교통신호 제어", "교통신호"),
        ("ko", "스마트 교통신호 제어", "신호"),
    ],
)
def test_original_texts_are_searched_in_their_language(language, text, query):
    SolutionFactory.create(title=text, original_language=language)
    SolutionFactory.create(title="Unrelated parking service")
    refresh_search_statistics()

    assert titles(search_solutions(query=query, language=language)) == [text]


@requires_postgres
def test_korean_words_are_found_inside_compounds_whatever_the_reader_language():
    SolutionFactory.create(title="대기질 센서 네트워크", original_language="ko")
    SolutionFactory.create(title="Air sensors", original_language="en")

    assert titles(search_solutions(query="대기질", language="en")) == ["대기질 센서 네트워크"]
    assert titles(search_solutions(query="센서", language="ko")) == ["대기질 센서 네트워크"]


@requires_postgres
def test_english_queries_still_stem_in_english(traffic_lights):
    assert titles(search_solutions(query="adapting light", language="es")) == ["Adaptive traffic lights"]


def test_the_fallback_scan_searches_translations(traffic_lights):
    from solutions.query_parser import parse_query  # noqa: PLC0415 -- only this test needs it
    from solutions.search import SearchFilters, scan_search  # noqa: PLC0415 -- idem

    results = scan_search(parse_query("Semáforo"), SearchFilters(), 1, 20, language="es")

    assert [(hit.solution.pk, hit.language) for hit in results.hits] == [(traffic_lights.pk, "es")]
