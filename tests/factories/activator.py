import datetime
import importlib

import factory
from django.apps import apps as django_apps
from factory.django import DjangoModelFactory

from cities.enums import ActivatorShareSource, PlanVisibility
from cities.models import (
    ActivatorResultShare,
    AnswerOption,
    Dimension,
    PlanDocument,
    PlanGoal,
    Question,
    SmartCityPlan,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory


class SurveyFactory(DjangoModelFactory[Survey]):
    """A published, empty questionnaire; versions start at 100 so they never meet the seeded version 1."""

    class Meta:
        model = Survey

    version = factory.Sequence(lambda n: 100 + n)
    title = "City Activator"
    is_published = True
    published_at = factory.Faker("date_time", tzinfo=datetime.UTC)


class DimensionFactory(DjangoModelFactory[Dimension]):
    class Meta:
        model = Dimension

    survey = factory.SubFactory(SurveyFactory)
    key = factory.Sequence(lambda n: f"dimension-{n}")
    name = factory.Sequence(lambda n: f"Dimension {n}")
    description = "Online public services and permits for residents."
    order = factory.Sequence(lambda n: n)
    sectors = factory.LazyFunction(lambda: ["governance"])
    tags = factory.LazyFunction(list)


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question

    dimension = factory.SubFactory(DimensionFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    order = factory.Sequence(lambda n: n)
    weight = 1


class AnswerOptionFactory(DjangoModelFactory[AnswerOption]):
    class Meta:
        model = AnswerOption

    question = factory.SubFactory(QuestionFactory)
    label = factory.LazyAttribute(lambda o: f"Grade {o.grade}")
    grade = 0
    order = factory.LazyAttribute(lambda o: o.grade)


class SurveyResponseFactory(DjangoModelFactory[SurveyResponse]):
    """A stored result (no answers): for lists, counts and permissions. Scored responses come from
    `cities.services.submit_survey_response`."""

    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    city = factory.SubFactory(OrganisationFactory)
    overall_score = 50
    stage = 3
    dimension_scores = factory.LazyFunction(
        lambda: [
            {
                "key": "governance",
                "name": "Governance",
                "description": "",
                "sectors": [],
                "tags": [],
                "score": 50,
            }
        ]
    )


class SurveyAnswerFactory(DjangoModelFactory[SurveyAnswer]):
    class Meta:
        model = SurveyAnswer

    response = factory.SubFactory(SurveyResponseFactory)
    dimension_key = "governance"
    question_text = "How many services are online?"
    answer_label = "A few"
    grade = 2
    weight = 1


class SmartCityPlanFactory(DjangoModelFactory[SmartCityPlan]):
    class Meta:
        model = SmartCityPlan

    city = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Smart city plan {n}")
    slug = factory.Sequence(lambda n: f"smart-city-plan-{n}")
    summary = "A connected, inclusive and green city by 2030."
    sectors = factory.LazyFunction(lambda: ["mobility"])
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2030, 12, 31)
    visibility = PlanVisibility.PUBLIC


class PlanGoalFactory(DjangoModelFactory[PlanGoal]):
    class Meta:
        model = PlanGoal

    plan = factory.SubFactory(SmartCityPlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    description = "Halve commuting times with better buses."
    order = factory.Sequence(lambda n: n)


class PlanDocumentFactory(DjangoModelFactory[PlanDocument]):
    class Meta:
        model = PlanDocument

    plan = factory.SubFactory(SmartCityPlanFactory)
    title = "Master plan"
    url = "https://example.org/master-plan.pdf"


class ActivatorResultShareFactory(DjangoModelFactory[ActivatorResultShare]):
    """A city's direct share of its Activator results with a provider, made by one of its people."""

    class Meta:
        model = ActivatorResultShare

    city = factory.SubFactory(OrganisationFactory)
    provider = factory.SubFactory(CorporationFactory)
    source = ActivatorShareSource.SHARED
    proposal = None
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..city"))


def build_survey(
    *, dimensions=(("governance", "Governance"),), questions_per_dimension=2, weights=None, **survey_fields
):
    """A published survey: each dimension with its questions, each question with answers graded 0-4.

    `weights` maps a dimension key to the list of its questions' weights (default 1 each).
    """
    survey = SurveyFactory.create(**survey_fields)
    for order, (key, name) in enumerate(dimensions):
        dimension = DimensionFactory.create(survey=survey, key=key, name=name, order=order)
        for position, weight in enumerate((weights or {}).get(key, [1] * questions_per_dimension)):
            question = QuestionFactory.create(
                dimension=dimension, text=f"{name} question {position + 1}?", order=position, weight=weight
            )
            for grade in range(5):
                AnswerOptionFactory.create(
                    question=question, grade=grade, label=f"{name} {position + 1}: level {grade}"
                )
    return survey


def answers_for(survey, grades=None, default=4):
    """{question id: option id} answering every question of `survey`; `grades` maps a dimension key to
    the grade chosen for its questions (a list per question, or one grade for all), else `default`."""
    answers = {}
    for dimension in survey.dimensions.all():
        wanted = (grades or {}).get(dimension.key, default)
        for position, question in enumerate(dimension.questions.order_by("order", "id")):
            grade = wanted[position] if isinstance(wanted, list | tuple) else wanted
            answers[question.pk] = question.options.get(grade=grade).pk
    return answers


def seeded_survey():
    """The published questionnaire version 1 exactly as migration cities/0004 seeds it. Browser tests
    (transactional: the database is emptied between tests) call this to have it back."""
    seed = importlib.import_module("cities.migrations.0004_activator_survey_v1")
    seed.load_version_1(django_apps, None)
    return Survey.objects.get(version=seed.VERSION)
