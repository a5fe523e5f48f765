"""Writes for the City Activator: a city's scored response to the self-diagnosis survey, and staff's
editing of the versioned questionnaire (copy as a new version, publish, unpublish). Scoring itself is
the pure `cities.activator`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cities import activator
from cities.models import (
    AnswerOption,
    Dimension,
    Question,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from cities.selectors import can_take_activator, survey_with_questionnaire


@transaction.atomic
def submit_survey_response(
    *, actor: User, survey: Survey, answers: Mapping[int, int | None]
) -> SurveyResponse:
    """Score and store a response of the actor's city to a published survey.

    `answers` maps question ids to the chosen option ids. Every question must be answered: missing or
    foreign answers raise a ValidationError naming each question (`question_<id>`). The response keeps
    a snapshot of the dimensions, questions, answers and scores, so later edits of the survey never
    change it. Four queries read the questionnaire, two write the response and its answers.
    """
    if not can_take_activator(actor):
        raise PermissionDenied(_("The Activator is answered by people of local-government members."))
    questionnaire = survey_with_questionnaire(survey_id=survey.pk)
    if questionnaire is None or not questionnaire.is_published:
        raise ValidationError({"survey": _("This version of the questionnaire is not open for answers.")})
    dimensions = list(questionnaire.dimensions.all())
    questions = [q for d in dimensions for q in d.questions.all()]
    errors = activator.answer_errors({q.pk: [o.pk for o in q.options.all()] for q in questions}, answers)
    if errors:
        raise ValidationError(errors)

    dimension_by_pk = {d.pk: d for d in dimensions}
    # Every question is answered now (answer_errors refused the rest).
    option_ids = {
        question_id: option_id for question_id, option_id in answers.items() if option_id is not None
    }
    chosen: list[tuple[Question, AnswerOption]] = []
    for question in questions:
        options = {o.pk: o for o in question.options.all()}
        chosen.append((question, options[option_ids[question.pk]]))
    card = activator.score_card(
        [(d.key, d.name) for d in dimensions if d.questions.all()],
        [
            activator.GradedAnswer(dimension_by_pk[q.dimension_id].key, grade=o.grade, weight=q.weight)
            for q, o in chosen
        ],
    )
    scores = {s.key: s.score for s in card.dimensions}
    response = SurveyResponse(
        survey=questionnaire,
        city=actor.organisation,
        submitted_by=actor,
        overall_score=Decimal(str(card.overall)),
        stage=card.stage.number,
        dimension_scores=[
            {
                "key": d.key,
                "name": d.name,
                "description": d.description,
                "sectors": list(d.sectors),
                "tags": list(d.tags),
                "score": scores[d.key],
            }
            for d in dimensions
            if d.key in scores
        ],
    )
    response.full_clean()
    response.save()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response,
            question=question,
            option=option,
            dimension_key=dimension_by_pk[question.dimension_id].key,
            question_text=question.text,
            answer_label=option.label,
            grade=option.grade,
            weight=question.weight,
            order=position,
        )
        for position, (question, option) in enumerate(chosen)
    )
    return response


def _check_staff(actor: User) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only association staff edit the Activator questionnaire."))


@transaction.atomic
def copy_survey_as_new_version(*, survey: Survey, actor: User) -> Survey:
    """An unpublished copy of `survey` (dimensions, questions, answer options) as the next version,
    for staff to edit and publish while answers to the original stay as they were. Versions are
    numbered under a lock on the newest survey, so two copies never get the same number."""
    _check_staff(actor)
    Survey.objects.select_for_update().order_by("-version").first()
    version = (Survey.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    source = survey_with_questionnaire(survey_id=survey.pk)
    if source is None:
        raise ValidationError({"survey": _("No such survey.")})
    copy = Survey(version=version, title=source.title, introduction=source.introduction, is_published=False)
    copy.full_clean()
    copy.save()
    options: list[AnswerOption] = []
    for dimension in source.dimensions.all():
        new_dimension = Dimension.objects.create(
            survey=copy,
            key=dimension.key,
            name=dimension.name,
            description=dimension.description,
            order=dimension.order,
            sectors=list(dimension.sectors),
            esg_dimensions=list(dimension.esg_dimensions),
            tags=list(dimension.tags),
        )
        for question in dimension.questions.all():
            new_question = Question.objects.create(
                dimension=new_dimension,
                text=question.text,
                help_text=question.help_text,
                order=question.order,
                weight=question.weight,
            )
            options.extend(
                AnswerOption(question=new_question, label=o.label, grade=o.grade, order=o.order)
                for o in question.options.all()
            )
    AnswerOption.objects.bulk_create(options)
    return copy


def questionnaire_problems(survey: Survey) -> list[str]:
    """What keeps a survey from being answerable (empty when it can be published)."""
    loaded = survey_with_questionnaire(survey_id=survey.pk)
    dimensions = list(loaded.dimensions.all()) if loaded else []
    problems = [] if dimensions else ["The survey has no dimension."]
    for dimension in dimensions:
        questions = list(dimension.questions.all())
        if not questions:
            problems.append(_("Dimension “%(name)s” has no question.") % {"name": dimension.name})
        problems.extend(
            f"Question “{q.text}” needs at least two answer options."
            for q in questions
            if len(q.options.all()) < 2
        )
    return problems


@transaction.atomic
def publish_survey(*, survey: Survey, actor: User) -> Survey:
    """Open a survey for answers; it becomes the current one if it is the newest published version.
    Refused while a dimension has no question or a question has fewer than two answers."""
    _check_staff(actor)
    problems = questionnaire_problems(survey)
    if problems:
        raise ValidationError(problems)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not locked.is_published:
        locked.is_published = True
        locked.published_at = timezone.now()
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def unpublish_survey(*, survey: Survey, actor: User) -> Survey:
    """Close a survey for new answers (its old responses stay as they are)."""
    _check_staff(actor)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    locked.is_published = False
    locked.save(update_fields=["is_published", "updated_at"])
    return locked
