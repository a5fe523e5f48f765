"""Every write to city needs, the City Activator and smart city plans."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.enums import Category
from accounts.models import Organisation
from cities import activator
from cities.enums import NeedStatus, NeedTimeline
from cities.models import (
    AnswerOption,
    Dimension,
    Need,
    PlanDocument,
    PlanGoal,
    Question,
    SmartCityPlan,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from cities.selectors import can_edit_need, can_edit_plan, can_take_activator, survey_with_questionnaire
from common.slugs import unique_slug

NEED_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "sectors",
        "budget_min_usd",
        "budget_max_usd",
        "timeline",
        "visibility",
        "status",
    }
)


@transaction.atomic
def create_need(*, actor: Any, city: Organisation, **fields: Any) -> Need:
    """A new open need of `city`, by one of its people or staff."""
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": "Needs belong to local governments."})
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == city.pk)):
        raise PermissionDenied("You can post needs only for your own city.")
    unknown = set(fields) - NEED_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    need = Need(city=city, **fields)
    need.slug = unique_slug(Need, f"{need.title} {city.name}")
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def update_need(*, need: Need, actor: Any, **changes: Any) -> Need:
    """Change a need, including its status (open, matched, closed) and visibility."""
    if not can_edit_need(actor, need):
        raise PermissionDenied("Only the city's own people and association staff can edit this need.")
    unknown = set(changes) - NEED_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    locked = Need.objects.select_for_update().get(pk=need.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


# --- City Activator -------------------------------------------------------------------------------


@transaction.atomic
def submit_survey_response(
    *, actor: Any, survey: Survey, answers: Mapping[int, int | None]
) -> SurveyResponse:
    """Score and store a response of the actor's city to a published survey.

    `answers` maps question ids to the chosen option ids. Every question must be answered: missing or
    foreign answers raise a ValidationError naming each question (`question_<id>`). The response keeps
    a snapshot of the dimensions, questions, answers and scores, so later edits of the survey never
    change it. Four queries read the questionnaire, two write the response and its answers.
    """
    if not can_take_activator(actor):
        raise PermissionDenied("The Activator is answered by people of local-government members.")
    questionnaire = survey_with_questionnaire(survey_id=survey.pk)
    if questionnaire is None or not questionnaire.is_published:
        raise ValidationError({"survey": "This version of the questionnaire is not open for answers."})
    dimensions = list(questionnaire.dimensions.all())
    questions = [q for d in dimensions for q in d.questions.all()]
    errors = activator.answer_errors({q.pk: [o.pk for o in q.options.all()] for q in questions}, answers)
    if errors:
        raise ValidationError(errors)

    dimension_by_pk = {d.pk: d for d in dimensions}
    chosen: list[tuple[Question, AnswerOption]] = []
    for question in questions:
        options = {o.pk: o for o in question.options.all()}
        chosen.append((question, options[answers[question.pk]]))
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


def _check_staff(actor: Any) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_staff):
        raise PermissionDenied("Only association staff edit the Activator questionnaire.")


@transaction.atomic
def copy_survey_as_new_version(*, survey: Survey, actor: Any) -> Survey:
    """An unpublished copy of `survey` (dimensions, questions, answer options) as the next version,
    for staff to edit and publish while answers to the original stay as they were. Versions are
    numbered under a lock on the newest survey, so two copies never get the same number."""
    _check_staff(actor)
    Survey.objects.select_for_update().order_by("-version").first()
    version = (Survey.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    source = survey_with_questionnaire(survey_id=survey.pk)
    if source is None:
        raise ValidationError({"survey": "No such survey."})
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
            problems.append(f"Dimension “{dimension.name}” has no question.")
        problems.extend(
            f"Question “{q.text}” needs at least two answer options."
            for q in questions
            if len(q.options.all()) < 2
        )
    return problems


@transaction.atomic
def publish_survey(*, survey: Survey, actor: Any) -> Survey:
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
def unpublish_survey(*, survey: Survey, actor: Any) -> Survey:
    """Close a survey for new answers (its old responses stay as they are)."""
    _check_staff(actor)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    locked.is_published = False
    locked.save(update_fields=["is_published", "updated_at"])
    return locked


# --- Smart city plans -----------------------------------------------------------------------------

PLAN_EDITABLE_FIELDS = frozenset({"title", "summary", "sectors", "starts_on", "ends_on", "visibility"})
GOAL_FIELDS = ("title", "description", "sectors")


def need_timeline(*, ends_on: datetime.date, today: datetime.date) -> str:
    """The need timeline of a goal due when its plan ends: within 6 months, 6-12, 12-24, or later."""
    days = (ends_on - today).days
    if days <= 183:
        return NeedTimeline.IMMEDIATE
    if days <= 366:
        return NeedTimeline.SHORT
    if days <= 731:
        return NeedTimeline.MEDIUM
    return NeedTimeline.LONG


def _need_content(plan: SmartCityPlan, goal: PlanGoal) -> dict[str, Any]:
    start, end = plan.starts_on.year, plan.ends_on.year
    period = str(start) if start == end else f"{start} to {end}"
    context = f"A goal of {plan.city.name}'s smart city plan “{plan.title}” ({period})."
    return {
        "title": goal.title,
        "description": f"{goal.description}\n\n{context}",
        "sectors": list(goal.sectors or plan.sectors),
        "visibility": plan.visibility,
        "timeline": need_timeline(ends_on=plan.ends_on, today=timezone.localdate()),
    }


def _sync_goal_need(*, plan: SmartCityPlan, goal: PlanGoal, actor: Any) -> None:
    """Create the goal's need, or bring it in line with the goal and plan (only when it differs, so an
    untouched goal does not re-index its need)."""
    content = _need_content(plan, goal)
    if goal.need is None:
        goal.need = create_need(actor=actor, city=plan.city, **content)
        goal.save(update_fields=["need"])
        return
    changed = {name: value for name, value in content.items() if getattr(goal.need, name) != value}
    if changed:
        goal.need = update_need(need=goal.need, actor=actor, **changed)


def _close_need(*, need: Need | None, actor: Any) -> None:
    if need is not None and need.status != NeedStatus.CLOSED:
        update_need(need=need, actor=actor, status=NeedStatus.CLOSED)


def _goal_errors(goals: Sequence[Mapping[str, Any]]) -> None:
    messages = []
    for position, data in enumerate(goals, start=1):
        goal = PlanGoal(
            **{name: data.get(name, PlanGoal._meta.get_field(name).get_default()) for name in GOAL_FIELDS}
        )
        try:
            goal.full_clean(exclude=["plan", "need"])
        except ValidationError as exc:
            messages.extend(
                f"Goal {position}, {field}: {message}"
                for field, msgs in exc.message_dict.items()
                for message in msgs
            )
    if messages:
        raise ValidationError({"goals": messages})


def _set_documents(*, plan: SmartCityPlan, documents: Sequence[Mapping[str, Any]]) -> None:
    rows = [
        PlanDocument(
            plan=plan, title=(d.get("title") or d.get("url", ""))[:200], url=d.get("url", ""), order=i
        )
        for i, d in enumerate(documents)
    ]
    messages = []
    for position, row in enumerate(rows, start=1):
        try:
            row.full_clean(exclude=["plan"])
        except ValidationError as exc:
            messages.extend(
                f"Document {position}, {f}: {m}" for f, ms in exc.message_dict.items() for m in ms
            )
    if messages:
        raise ValidationError({"documents": messages})
    plan.documents.all().delete()
    PlanDocument.objects.bulk_create(rows)


def _set_goals(*, plan: SmartCityPlan, goals: Sequence[Mapping[str, Any]], actor: Any) -> None:
    """Make the plan's goals exactly `goals` (each with an `id` to keep an existing goal), keeping every
    goal's need in step; a removed goal's need is closed, never deleted (it may have matches)."""
    _goal_errors(goals)
    existing = {goal.pk: goal for goal in plan.goals.select_related("need").select_for_update(of=("self",))}
    unknown = [str(g["id"]) for g in goals if g.get("id") and g["id"] not in existing]
    if unknown:
        raise ValidationError({"goals": f"Not goals of this plan: {', '.join(unknown)}."})
    kept: set[int] = set()
    for order, data in enumerate(goals):
        goal = existing.get(data.get("id")) or PlanGoal(plan=plan)
        for name in GOAL_FIELDS:
            setattr(goal, name, data.get(name, PlanGoal._meta.get_field(name).get_default()))
        goal.order = order
        goal.full_clean(exclude=["need"])
        goal.save()
        kept.add(goal.pk)
        _sync_goal_need(plan=plan, goal=goal, actor=actor)
    for pk, goal in existing.items():
        if pk not in kept:
            _close_need(need=goal.need, actor=actor)
            goal.delete()


def _check_city(actor: Any, city: Organisation) -> None:
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": "Smart city plans belong to local governments."})
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == city.pk)):
        raise PermissionDenied("You can share plans only for your own city.")


@transaction.atomic
def create_plan(
    *,
    actor: Any,
    city: Organisation,
    goals: Sequence[Mapping[str, Any]] = (),
    documents: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> SmartCityPlan:
    """Share a plan of `city` with the network; every goal is published as a need of the city."""
    _check_city(actor, city)
    unknown = set(fields) - PLAN_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    plan = SmartCityPlan(city=city, created_by=actor if actor.is_authenticated else None, **fields)
    plan.slug = unique_slug(SmartCityPlan, f"{plan.title} {city.name}")
    plan.full_clean()
    plan.save()
    _set_goals(plan=plan, goals=goals, actor=actor)
    _set_documents(plan=plan, documents=documents)
    return plan


@transaction.atomic
def update_plan(
    *,
    plan: SmartCityPlan,
    actor: Any,
    goals: Sequence[Mapping[str, Any]] | None = None,
    documents: Sequence[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> SmartCityPlan:
    """Change a plan; `goals`/`documents`, when given, replace the lists (goals matched by `id`).
    Every goal's need follows the goal and the plan's visibility and timeline. The plan row is locked."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied("Only the city's own people and association staff can edit this plan.")
    unknown = set(changes) - PLAN_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    locked = SmartCityPlan.objects.select_for_update().select_related("city").get(pk=plan.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    if goals is None:
        goals = [{"id": g.pk, **{name: getattr(g, name) for name in GOAL_FIELDS}} for g in locked.goals.all()]
    _set_goals(plan=locked, goals=goals, actor=actor)
    if documents is not None:
        _set_documents(plan=locked, documents=documents)
    return locked


@transaction.atomic
def delete_plan(*, plan: SmartCityPlan, actor: Any) -> None:
    """Withdraw a plan: its goals' needs are closed (they may have matches), the plan is deleted."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied("Only the city's own people and association staff can delete this plan.")
    locked = SmartCityPlan.objects.select_for_update().get(pk=plan.pk)
    for goal in locked.goals.select_related("need"):
        _close_need(need=goal.need, actor=actor)
    locked.delete()
