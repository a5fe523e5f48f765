"""Activator API: the questionnaire, submitting (400 per missing question), results and
recommendations, and who may read a city's answers (every role), with query counts."""

import pytest

from cities.models import Question, Survey, SurveyResponse
from cities.services.activator import submit_survey_response
from cities.services.activator_sharing import share_activator_results
from projects.services import create_proposal
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import SurveyResponseFactory, answers_for, build_survey
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SURVEY = "/api/v1/activator/survey/"
RESPONSES = "/api/v1/activator/responses/"


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala", country="UG", region="africa")


@pytest.fixture
def survey():
    return build_survey(dimensions=[("mobility", "Mobility"), ("governance", "Governance")])


@pytest.fixture
def roles(city):
    # The attack of issue 15: a provider names the city on a proposal of its own; no consent asked.
    with_proposal = CorporationFactory.create(name="Acme Traffic")
    proposer = UserFactory.create(organisation=with_proposal)
    create_proposal(actor=proposer, city=city, providers=[with_proposal], title="Signals", scope="Signals.")
    shared_with = CorporationFactory.create(name="Trusted Co")
    share_activator_results(actor=UserFactory.create(organisation=city), city=city, provider=shared_with)
    return {
        "anonymous": None,
        "city person": UserFactory.create(organisation=city),
        "other city's person": UserFactory.create(organisation=OrganisationFactory.create(name="Accra")),
        "provider with a proposal": proposer,
        "provider the city shares with": UserFactory.create(organisation=shared_with),
        "provider without a proposal": UserFactory.create(
            organisation=CorporationFactory.create(name="Other Co")
        ),
        "staff": StaffFactory.create(),
    }


def as_role(api_client, roles, who):
    if roles[who] is not None:
        api_client.force_authenticate(roles[who])
    return api_client


def payload(survey, answers):
    return {"survey": survey.pk, "answers": [{"question": q, "option": o} for q, o in answers.items()]}


@pytest.fixture
def result(survey, roles):
    return submit_survey_response(
        actor=roles["city person"],
        survey=survey,
        answers=answers_for(survey, {"mobility": 1, "governance": 3}),
    )


def test_questionnaire_is_public_with_dimensions_questions_options_and_stages(api_client, survey):
    body = api_client.get(SURVEY).json()

    assert (body["id"], body["version"]) == (survey.pk, survey.version)
    assert [d["key"] for d in body["dimensions"]] == ["mobility", "governance"]
    assert [o["grade"] for o in body["dimensions"][0]["questions"][0]["options"]] == [0, 1, 2, 3, 4]
    assert [s["name"] for s in body["stages"]] == [
        "Starting",
        "Exploring",
        "Developing",
        "Integrating",
        "Leading",
    ]


def test_questionnaire_is_404_when_nothing_is_published(api_client):
    Survey.objects.update(is_published=False)

    response = api_client.get(SURVEY)

    assert (response.status_code, response.json()["type"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("city person", 201),
        ("other city's person", 201),  # for its own city
        ("provider with a proposal", 403),
        ("staff", 403),
    ],
)
def test_submit_permissions(api_client, roles, survey, who, status):
    response = as_role(api_client, roles, who).post(
        RESPONSES, payload(survey, answers_for(survey)), format="json"
    )

    assert response.status_code == status


def test_submit_returns_the_scored_result(api_client, roles, survey, city):
    api_client.force_authenticate(roles["city person"])

    response = api_client.post(
        RESPONSES, payload(survey, answers_for(survey, {"mobility": 1, "governance": 3})), format="json"
    )

    body = response.json()
    assert (body["city"], body["overall_score"], body["stage"]["number"], body["stage"]["name"]) == (
        city.pk,
        50.0,
        3,
        "Developing",
    )
    assert [(d["key"], d["score"], d["stage"]) for d in body["dimension_scores"]] == [
        ("mobility", 25.0, 2),
        ("governance", 75.0, 4),
    ]
    assert [a["grade"] for a in body["answers"]] == [1, 1, 3, 3]


def test_submit_with_unanswered_questions_is_400_naming_each(api_client, roles, survey):
    api_client.force_authenticate(roles["city person"])
    answers = answers_for(survey)
    missing = list(Question.objects.filter(dimension__survey=survey).order_by("dimension__order", "order"))[
        1:3
    ]
    for question in missing:
        del answers[question.pk]

    response = api_client.post(RESPONSES, payload(survey, answers), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "Some fields are invalid.",
        "errors": {f"question_{q.pk}": ["Answer this question."] for q in missing},
    }
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["answers", "survey"]),
        ({"survey": 999999, "answers": []}, ["survey"]),
        ({"survey": "x", "answers": "all of them"}, ["answers", "survey"]),
    ],
)
def test_submit_bad_input_is_400_with_field_messages(api_client, roles, survey, body, fields):
    api_client.force_authenticate(roles["city person"])

    response = api_client.post(RESPONSES, body, format="json")

    assert (response.status_code, sorted(response.json()["errors"])) == (400, fields)


def test_submit_twice_the_same_question_is_400(api_client, roles, survey):
    api_client.force_authenticate(roles["city person"])
    body = payload(survey, answers_for(survey))
    body["answers"].append(dict(body["answers"][0]))

    response = api_client.post(RESPONSES, body, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["answers"])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("city person", 200),
        ("other city's person", 403),
        ("provider with a proposal", 403),
        ("provider the city shares with", 200),
        ("provider without a proposal", 403),
        ("staff", 200),
    ],
)
def test_result_detail_and_recommendations_permissions(api_client, roles, result, who, status):
    client = as_role(api_client, roles, who)

    codes = [client.get(f"{RESPONSES}{result.pk}/").status_code]
    codes.append(client.get(f"{RESPONSES}{result.pk}/recommendations/").status_code)

    assert codes == [status, status]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("city person", 200),
        ("other city's person", 403),
        ("provider with a proposal", 403),
        ("provider the city shares with", 200),
        ("provider without a proposal", 403),
        ("staff", 200),
    ],
)
def test_a_citys_history_permissions(api_client, roles, result, city, who, status):
    response = as_role(api_client, roles, who).get(RESPONSES, {"city": city.pk})

    assert response.status_code == status
    if status == 200:
        assert [r["id"] for r in response.json()["results"]] == [result.pk]


def test_list_without_city_is_the_own_citys(api_client, roles, result):
    SurveyResponseFactory.create()  # another city's
    lists = {}
    for who in ("city person", "provider with a proposal"):
        api_client.force_authenticate(roles[who])
        lists[who] = [r["id"] for r in api_client.get(RESPONSES).json()["results"]]

    assert lists == {"city person": [result.pk], "provider with a proposal": []}


def test_list_of_an_unknown_city_is_404_and_a_bad_city_400(api_client, roles):
    api_client.force_authenticate(roles["staff"])

    codes = [
        api_client.get(RESPONSES, {"city": c}).status_code
        for c in (999999, "x", CorporationFactory.create().pk)
    ]

    assert codes == [404, 400, 404]


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(api_client, city, django_assert_num_queries, item_count):
    SurveyResponseFactory.create_batch(item_count, city=city)
    api_client.force_authenticate(StaffFactory.create())

    with django_assert_num_queries(3):  # the city (permission), count, page (survey and city joined)
        response = api_client.get(RESPONSES, {"city": city.pk})

    assert response.json()["count"] == item_count


def test_recommendations_payload_links_solutions_from_the_matching_engine(api_client, roles, result):
    SolutionFactory.create(
        title="Adaptive traffic signals",
        summary="Signals that adapt to traffic.",
        description="Mobility question answers: adaptive traffic signals and online permits.",
        sectors=["mobility"],
    )
    api_client.force_authenticate(roles["city person"])

    body = api_client.get(f"{RESPONSES}{result.pk}/recommendations/").json()

    assert [d["key"] for d in body] == ["mobility", "governance"]
    mobility = body[0]
    assert [s["title"] for s in mobility["solutions"]] == ["Adaptive traffic signals"]
    assert mobility["solutions"][0][
        "url"
    ] == "/solutions/adaptive-traffic-signals/?via=recommendation".replace(
        "adaptive-traffic-signals", mobility["solutions"][0]["slug"]
    )
    assert sorted(mobility) == ["best_cases", "gaps", "key", "name", "query", "score", "solutions", "stage"]
    assert mobility["gaps"][0] == {"question": "Mobility question 1?", "answer": "Mobility 1: level 1"}
