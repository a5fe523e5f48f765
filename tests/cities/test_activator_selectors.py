"""Activator reads: who sees a city's results (every role), the latest result per city and the
stage counts the staff reports use, and a city's history with progress."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from cities import selectors
from cities.services.activator import submit_survey_response
from projects.services import create_proposal
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import (
    ActivatorResultShareFactory,
    SurveyResponseFactory,
    answers_for,
    build_survey,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala", country="UG")


def proposal_between(city, provider):
    return create_proposal(
        actor=StaffFactory.create(),
        city=city,
        providers=[provider],
        title="Flood sensors",
        scope="Sensors on rivers.",
    )


@pytest.fixture
def roles(city):
    provider_on_proposal = CorporationFactory.create(name="Acme Flood Tech")
    proposal_between(city, provider_on_proposal)
    shared_with = ActivatorResultShareFactory.create(city=city).provider
    return {
        "anonymous": None,
        "city person": UserFactory.create(organisation=city),
        "other city's person": UserFactory.create(organisation=OrganisationFactory.create(name="Accra")),
        "provider with a proposal": UserFactory.create(organisation=provider_on_proposal),
        "provider the city shares with": UserFactory.create(organisation=shared_with),
        "provider without a proposal": UserFactory.create(
            organisation=CorporationFactory.create(name="Other Co")
        ),
        "person without organisation": UserFactory.create(),
        "staff": StaffFactory.create(),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("city person", True),
        ("other city's person", False),
        ("provider with a proposal", False),
        ("provider the city shares with", True),
        ("provider without a proposal", False),
        ("person without organisation", False),
        ("staff", True),
    ],
)
def test_who_sees_a_citys_results(roles, city, who, sees):
    user = roles[who] or AnonymousUser()

    assert selectors.can_see_activator_results(user, city) is sees


def test_a_proposal_with_another_city_does_not_open_this_citys_results(city):
    provider = CorporationFactory.create()
    proposal_between(OrganisationFactory.create(name="Nairobi"), provider)

    assert selectors.can_see_activator_results(UserFactory.create(organisation=provider), city) is False


@pytest.mark.portable
def test_latest_responses_hold_one_per_city_the_newest():
    kampala, accra = OrganisationFactory.create(name="Kampala"), OrganisationFactory.create(name="Accra")
    SurveyResponseFactory.create(city=kampala, stage=1, overall_score=10)
    newest = SurveyResponseFactory.create(city=kampala, stage=3, overall_score=50)
    only = SurveyResponseFactory.create(city=accra, stage=5, overall_score=90)

    assert list(selectors.latest_activator_responses()) == [only, newest]


@pytest.mark.portable
def test_stage_counts_count_each_citys_latest_stage_with_zeros(django_assert_num_queries):
    kampala, accra, dakar = (OrganisationFactory.create() for _ in range(3))
    SurveyResponseFactory.create(city=kampala, stage=1, overall_score=10)
    SurveyResponseFactory.create(city=kampala, stage=3, overall_score=50)
    SurveyResponseFactory.create(city=accra, stage=3, overall_score=45)
    SurveyResponseFactory.create(city=dakar, stage=5, overall_score=85)

    with django_assert_num_queries(1):
        counts = selectors.activator_stage_counts()

    assert counts == [
        {"stage": 1, "name": "Starting", "count": 0},
        {"stage": 2, "name": "Exploring", "count": 0},
        {"stage": 3, "name": "Developing", "count": 2},
        {"stage": 4, "name": "Integrating", "count": 0},
        {"stage": 5, "name": "Leading", "count": 1},
    ]


@pytest.mark.portable
def test_history_is_newest_first_with_the_previous_score(city):
    survey = build_survey()
    person = UserFactory.create(organisation=city)
    for grade in (1, 3, 2):
        submit_survey_response(actor=person, survey=survey, answers=answers_for(survey, default=grade))
    SurveyResponseFactory.create(overall_score=99, stage=5)  # another city's

    history = list(selectors.survey_responses_of_city(city_id=city.pk))

    assert [(r.overall_score, r.previous_score) for r in history] == [
        (Decimal("50.0"), Decimal("75.0")),
        (Decimal("75.0"), Decimal("25.0")),
        (Decimal("25.0"), None),
    ]


def test_responses_visible_without_a_city_asked_for(city):
    own = SurveyResponseFactory.create(city=city)
    other = SurveyResponseFactory.create()

    assert list(selectors.survey_responses_visible_to(UserFactory.create(organisation=city))) == [own]
    assert (
        list(
            selectors.survey_responses_visible_to(
                UserFactory.create(organisation=CorporationFactory.create())
            )
        )
        == []
    )
    assert list(selectors.survey_responses_visible_to(StaffFactory.create())) == [other, own]
