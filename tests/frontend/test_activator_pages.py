"""City Activator pages: landing, the questionnaire form, a result (radar, stage, recommendations
linked with ?via=recommendation), the history, and who may see a city's results (every role)."""

import re

import pytest
from django.test import Client

from cities.models import Question, Survey, SurveyResponse
from cities.services.activator import submit_survey_response
from cities.services.activator_sharing import share_activator_results
from projects.services import create_proposal
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import SurveyResponseFactory, answers_for, build_survey
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala", country="UG", region="africa")


@pytest.fixture
def city_person(city):
    return UserFactory.create(organisation=city)


def logged_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_data(survey, answers):
    return {"survey": survey.pk} | {f"question_{q}": o for q, o in answers.items()}


@pytest.fixture
def roles(city, city_person):
    # The attack of issue 15: a provider names the city on a proposal of its own; no consent asked.
    with_proposal = CorporationFactory.create(name="Acme Traffic")
    proposer = UserFactory.create(organisation=with_proposal)
    create_proposal(actor=proposer, city=city, providers=[with_proposal], title="Signals", scope="Signals.")
    shared_with = CorporationFactory.create(name="Trusted Co")
    share_activator_results(actor=UserFactory.create(organisation=city), city=city, provider=shared_with)
    return {
        "anonymous": None,
        "city person": city_person,
        "other city's person": UserFactory.create(organisation=OrganisationFactory.create(name="Accra")),
        "provider with a proposal": proposer,
        "provider the city shares with": UserFactory.create(organisation=shared_with),
        "provider without a proposal": UserFactory.create(
            organisation=CorporationFactory.create(name="Other Co")
        ),
        "staff": StaffFactory.create(),
    }


@pytest.fixture
def result(city_person):
    seeded = Survey.objects.get(version=1)
    return submit_survey_response(
        actor=city_person,
        survey=seeded,
        answers=answers_for(seeded, {"mobility": 0, "governance": 2}, default=4),
    )


def test_landing_offers_the_survey_to_a_citys_people(city_person):
    anonymous = Client().get("/activator/")
    person = logged_in(city_person).get("/activator/")
    provider = logged_in(UserFactory.create(organisation=CorporationFactory.create())).get("/activator/")

    assert [r.status_code for r in (anonymous, person, provider)] == [200, 200, 200]
    assert [b'data-testid="activator-start"' in r.content for r in (anonymous, person, provider)] == [
        False,
        True,
        False,
    ]
    assert b"Leading" in anonymous.content


def test_nav_links_for_city_people(city_person):
    page = logged_in(city_person).get("/").content.decode()

    assert ('href="/activator/"' in page, 'href="/plans/?mine=on"' in page) == (True, True)


def test_the_form_asks_every_question_with_graded_answers(city_person):
    response = logged_in(city_person).get("/activator/take/")

    form = response.context["form"]
    assert len(form.fields) == Question.objects.filter(dimension__survey__version=1).count() == 40
    assert [d.key for d, _fields in form.sections][:3] == ["mobility", "safety", "welfare"]
    assert response.content.decode().count('type="radio"') == 200


def test_submitting_every_answer_shows_the_result(city_person):
    seeded = Survey.objects.get(version=1)

    response = logged_in(city_person).post(
        "/activator/take/", form_data(seeded, answers_for(seeded, default=2))
    )

    result = SurveyResponse.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/activator/results/{result.pk}/")
    assert (result.overall_score, result.stage) == (50, 3)


def test_unanswered_questions_are_marked_and_nothing_is_saved(city_person):
    seeded = Survey.objects.get(version=1)
    answers = answers_for(seeded)
    skipped = list(Question.objects.filter(dimension__survey=seeded).order_by("dimension__order", "order"))[
        :2
    ]
    for question in skipped:
        del answers[question.pk]

    response = logged_in(city_person).post("/activator/take/", form_data(seeded, answers))

    assert response.status_code == 200
    assert response.context["form"].errors == {f"question_{q.pk}": ["Answer this question."] for q in skipped}
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),  # to the login page
        ("provider with a proposal", 403),
        ("staff", 403),
    ],
)
def test_only_a_citys_people_take_the_survey(roles, who, status):
    assert logged_in(roles[who]).get("/activator/take/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("city person", 200),
        ("other city's person", 403),
        ("provider with a proposal", 403),
        ("provider the city shares with", 200),
        ("provider without a proposal", 403),
        ("staff", 200),
    ],
)
def test_who_sees_a_result_page(roles, result, who, status):
    assert logged_in(roles[who]).get(f"/activator/results/{result.pk}/").status_code == status


def test_result_page_shows_radar_table_stage_and_weakest_dimensions(city_person, result):
    page = logged_in(city_person).get(f"/activator/results/{result.pk}/")

    html = page.content.decode()
    assert 'data-testid="radar-chart"' in html
    assert len(re.findall(r'<circle class="point"', html)) == 9
    # mobility 0, governance 50, the seven others 100: 750 / 9 = 83.3
    assert re.search(r'data-testid="activator-stage" data-stage="5"', html)
    assert "83.3" in html
    assert [d.key for d in page.context["weak"]] == ["mobility", "governance"]
    assert [(row["key"], row["score"]) for row in page.context["rows"]][:2] == [
        ("mobility", 0.0),
        ("safety", 100.0),
    ]


def test_recommended_solutions_link_to_the_solution_marked_as_a_recommendation(city_person, result):
    solution = SolutionFactory.create(
        title="Adaptive traffic signal control",
        summary="Traffic signals that adapt to live traffic and give buses priority.",
        description="Adaptive traffic signals cut congestion; live public transport arrival times.",
        sectors=["mobility"],
    )

    html = logged_in(city_person).get(f"/activator/results/{result.pk}/").content.decode()

    assert re.findall(r'<a href="([^"]+)" data-testid="recommended-solution">', html) == [
        f"/solutions/{solution.slug}/?via=recommendation"
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("city person", 200),
        ("other city's person", 403),
        ("provider with a proposal", 403),
        ("provider the city shares with", 200),
        ("provider without a proposal", 403),
        ("staff", 200),
    ],
)
def test_who_sees_a_citys_history(roles, city, result, who, status):
    assert logged_in(roles[who]).get("/activator/history/", {"city": city.pk}).status_code == status


def test_history_shows_progress_newest_first(city_person):
    survey = build_survey()
    for grade in (1, 3):
        submit_survey_response(actor=city_person, survey=survey, answers=answers_for(survey, default=grade))

    page = logged_in(city_person).get("/activator/history/")

    assert [(r.overall_score, r.change_label) for r in page.context["page"]] == [
        (75, "+50.0"),
        (25, "first result"),
    ]


def test_history_without_a_city_of_ones_own_is_403():
    assert logged_in(StaffFactory.create()).get("/activator/history/").status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_history_query_count_is_constant(city, city_person, django_assert_num_queries, item_count):
    SurveyResponseFactory.create_batch(item_count, city=city)
    client = logged_in(city_person)

    with django_assert_num_queries(5):  # session, user, organisation, count, page (survey and city joined)
        response = client.get("/activator/history/")

    assert len(response.context["page"]) == item_count
