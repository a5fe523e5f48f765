"""Activator writes: submitting (scored, snapshotted, complete or refused per question), the seeded
questionnaire, copying and publishing versions, and old results surviving later survey edits."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cities.models import AnswerOption, Question, Survey, SurveyResponse
from cities.selectors import current_survey
from cities.services.activator import (
    copy_survey_as_new_version,
    publish_survey,
    submit_survey_response,
    unpublish_survey,
)
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import (
    AnswerOptionFactory,
    DimensionFactory,
    QuestionFactory,
    answers_for,
    build_survey,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city_person():
    return UserFactory.create(organisation=OrganisationFactory.create(name="Kigali", region="africa"))


@pytest.fixture
def survey():
    return build_survey(
        dimensions=[("mobility", "Mobility"), ("safety", "Safety")],
        weights={"mobility": [2, 1], "safety": [1, 1]},
    )


@pytest.mark.portable
def test_seeded_questionnaire_is_published_with_graded_answers():
    seeded = Survey.objects.get(version=1)

    dimensions = list(seeded.dimensions.order_by("order"))
    assert seeded.is_published
    assert [d.key for d in dimensions] == [
        "mobility", "safety", "welfare", "environment", "culture", "governance", "esg", "inclusion", "data",
    ]  # fmt: skip
    assert all(4 <= d.questions.count() <= 5 for d in dimensions)
    assert all(d.sectors and d.tags and len(d.description) > 80 for d in dimensions)
    assert {
        tuple(q.options.order_by("grade").values_list("grade", flat=True))
        for q in Question.objects.filter(dimension__survey=seeded)
    } == {(0, 1, 2, 3, 4)}


def test_submit_scores_each_dimension_and_the_whole(survey, city_person):
    answers = answers_for(survey, {"mobility": [1, 4], "safety": [4, 2]})

    response = submit_survey_response(actor=city_person, survey=survey, answers=answers)

    # mobility (2*1 + 1*4) / (4*3) = 50.0; safety (4 + 2) / 8 = 75.0; overall 62.5 -> stage 4
    assert [(d["key"], d["score"]) for d in response.dimension_scores] == [
        ("mobility", 50.0),
        ("safety", 75.0),
    ]
    assert (response.overall_score, response.stage, response.city, response.submitted_by) == (
        Decimal("62.5"),
        4,
        city_person.organisation,
        city_person,
    )
    assert [(a.question_text, a.grade, a.weight) for a in response.answers.order_by("order")] == [
        ("Mobility question 1?", 1, 2),
        ("Mobility question 2?", 4, 1),
        ("Safety question 1?", 4, 1),
        ("Safety question 2?", 2, 1),
    ]


@pytest.mark.portable
def test_submit_names_every_unanswered_question(survey, city_person):
    answers = answers_for(survey)
    questions = list(Question.objects.filter(dimension__survey=survey).order_by("dimension__order", "order"))
    del answers[questions[0].pk]
    answers[questions[3].pk] = None

    with pytest.raises(ValidationError) as caught:
        submit_survey_response(actor=city_person, survey=survey, answers=answers)

    assert caught.value.message_dict == {
        f"question_{questions[0].pk}": ["Answer this question."],
        f"question_{questions[3].pk}": ["Answer this question."],
    }
    assert SurveyResponse.objects.count() == 0


def test_submit_refuses_an_answer_of_another_question(survey, city_person):
    answers = answers_for(survey)
    first, second = list(
        Question.objects.filter(dimension__survey=survey).order_by("dimension__order", "order")
    )[:2]
    option = second.options.first()
    assert option is not None
    answers[first.pk] = option.pk

    with pytest.raises(ValidationError) as caught:
        submit_survey_response(actor=city_person, survey=survey, answers=answers)

    assert caught.value.message_dict == {f"question_{first.pk}": ["Choose one of this question's answers."]}


def test_submit_refuses_an_unpublished_survey(city_person):
    draft = build_survey(is_published=False)

    with pytest.raises(ValidationError) as caught:
        submit_survey_response(actor=city_person, survey=draft, answers=answers_for(draft))

    assert list(caught.value.message_dict) == ["survey"]


@pytest.mark.parametrize("who", ["provider", "staff", "no organisation"])
def test_only_a_citys_people_submit(survey, who):
    actor = {
        "provider": lambda: UserFactory.create(organisation=CorporationFactory.create()),
        "staff": StaffFactory.create,
        "no organisation": UserFactory.create,
    }[who]()

    with pytest.raises(PermissionDenied):
        submit_survey_response(actor=actor, survey=survey, answers=answers_for(survey))


def test_retaking_keeps_every_result(survey, city_person):
    submit_survey_response(actor=city_person, survey=survey, answers=answers_for(survey, default=1))
    submit_survey_response(actor=city_person, survey=survey, answers=answers_for(survey, default=3))

    assert list(
        SurveyResponse.objects.order_by("created_at", "id").values_list("overall_score", flat=True)
    ) == [
        Decimal("25.0"),
        Decimal("75.0"),
    ]


@pytest.mark.portable
def test_survey_edited_after_answers_keeps_old_results_correct(survey, city_person):
    answers = answers_for(survey, {"mobility": [1, 4], "safety": [4, 2]})
    response = submit_survey_response(actor=city_person, survey=survey, answers=answers)
    mobility, safety = survey.dimensions.order_by("order")
    first_mobility, second_mobility = mobility.questions.order_by("order")

    # Staff edit the published version in every way the admin allows:
    AnswerOption.objects.filter(question__dimension__survey=survey).update(grade=0)  # regrade every answer
    first_mobility.weight = 10
    first_mobility.text = "Reworded?"
    first_mobility.save()
    mobility.name = "Transport"
    mobility.save()
    second_mobility.delete()  # its answer's link goes, the snapshot stays
    AnswerOptionFactory.create(question=QuestionFactory.create(dimension=safety), grade=4)  # a new question
    DimensionFactory.create(survey=survey, key="culture")  # a new dimension

    stored = SurveyResponse.objects.get(pk=response.pk)
    assert [(d["key"], d["name"], d["score"]) for d in stored.dimension_scores] == [
        ("mobility", "Mobility", 50.0),
        ("safety", "Safety", 75.0),
    ]
    assert (stored.overall_score, stored.stage) == (Decimal("62.5"), 4)
    assert [(a.question_text, a.grade, a.weight) for a in stored.answers.order_by("order")] == [
        ("Mobility question 1?", 1, 2),
        ("Mobility question 2?", 4, 1),
        ("Safety question 1?", 4, 1),
        ("Safety question 2?", 2, 1),
    ]


def test_copy_as_new_version_copies_the_questionnaire_unpublished(survey):
    staff = StaffFactory.create()

    copy = copy_survey_as_new_version(survey=survey, actor=staff)

    newest = Survey.objects.order_by("-version").first()
    assert newest is not None
    assert (copy.version, copy.is_published) == (newest.version, False)
    assert copy.version > survey.version

    def shape(s):
        return [
            (
                d.key,
                d.name,
                d.sectors,
                [
                    (q.text, q.weight, [(o.label, o.grade) for o in q.options.all()])
                    for q in d.questions.all()
                ],
            )
            for d in s.dimensions.order_by("order")
        ]

    assert shape(copy) == shape(survey)


def test_copy_and_publish_are_for_staff_only(survey, city_person):
    with pytest.raises(PermissionDenied):
        copy_survey_as_new_version(survey=survey, actor=city_person)
    with pytest.raises(PermissionDenied):
        publish_survey(survey=survey, actor=city_person)


def test_published_copy_becomes_current_and_old_results_stay(survey, city_person):
    staff = StaffFactory.create()
    old = submit_survey_response(actor=city_person, survey=survey, answers=answers_for(survey, default=2))
    copy = copy_survey_as_new_version(survey=survey, actor=staff)
    Question.objects.filter(dimension__survey=copy).update(weight=5)

    publish_survey(survey=copy, actor=staff)

    assert current_survey() == copy
    assert SurveyResponse.objects.get(pk=old.pk).survey == survey


def test_publish_refuses_an_incomplete_questionnaire():
    staff = StaffFactory.create()
    incomplete = build_survey(is_published=False)
    DimensionFactory.create(survey=incomplete, name="Empty")
    QuestionFactory.create(dimension=incomplete.dimensions.first(), text="Lonely?")

    with pytest.raises(ValidationError) as caught:
        publish_survey(survey=incomplete, actor=staff)

    assert caught.value.messages == [
        "Question “Lonely?” needs at least two answer options.",
        "Dimension “Empty” has no question.",
    ]
    incomplete.refresh_from_db()
    assert incomplete.is_published is False


def test_unpublish_closes_the_survey_for_answers(survey, city_person):
    unpublish_survey(survey=survey, actor=StaffFactory.create())

    with pytest.raises(ValidationError):
        submit_survey_response(actor=city_person, survey=survey, answers=answers_for(survey))
