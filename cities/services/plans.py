"""Writes to smart city plans: a city shares, edits or withdraws a plan with its goals and documents,
and every goal is kept in step with a city need (created, updated, or closed when the goal goes)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from cities.enums import NeedStatus, NeedTimeline
from cities.models import Need, PlanDocument, PlanGoal, SmartCityPlan
from cities.selectors import can_edit_plan
from cities.services.needs import create_need, update_need
from common.slugs import unique_slug

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


def _sync_goal_need(*, plan: SmartCityPlan, goal: PlanGoal, actor: User) -> None:
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


def _close_need(*, need: Need | None, actor: User) -> None:
    if need is not None and need.status != NeedStatus.CLOSED:
        update_need(need=need, actor=actor, status=NeedStatus.CLOSED)


def _goal_default(name: str) -> Any:
    """The model default of one of GOAL_FIELDS (concrete fields of PlanGoal, never relations)."""
    field = PlanGoal._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ImproperlyConfigured(f"GOAL_FIELDS names {name!r}, which is not a field of PlanGoal.")
    return field.get_default()


def _goal_errors(goals: Sequence[Mapping[str, Any]]) -> None:
    messages: list[str] = []
    for position, data in enumerate(goals, start=1):
        goal = PlanGoal(**{name: data.get(name, _goal_default(name)) for name in GOAL_FIELDS})
        try:
            goal.full_clean(exclude=["plan", "need"])
        except ValidationError as exc:
            messages.extend(
                _("Goal %(position)s, %(field)s: %(message)s")
                % {"position": position, "field": field, "message": message}
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
    messages: list[str] = []
    for position, row in enumerate(rows, start=1):
        try:
            row.full_clean(exclude=["plan"])
        except ValidationError as exc:
            messages.extend(
                _("Document %(position)s, %(field)s: %(message)s")
                % {"position": position, "field": f, "message": m}
                for f, ms in exc.message_dict.items()
                for m in ms
            )
    if messages:
        raise ValidationError({"documents": messages})
    plan.documents.all().delete()
    PlanDocument.objects.bulk_create(rows)


def _set_goals(*, plan: SmartCityPlan, goals: Sequence[Mapping[str, Any]], actor: User) -> None:
    """Make the plan's goals exactly `goals` (each with an `id` to keep an existing goal), keeping every
    goal's need in step; a removed goal's need is closed, never deleted (it may have matches)."""
    _goal_errors(goals)
    existing = {goal.pk: goal for goal in plan.goals.select_related("need").select_for_update(of=("self",))}
    unknown = [str(g["id"]) for g in goals if g.get("id") and g["id"] not in existing]
    if unknown:
        raise ValidationError({"goals": _("Not goals of this plan: %(ids)s.") % {"ids": ", ".join(unknown)}})
    kept: set[int] = set()
    for order, data in enumerate(goals):
        goal_id = data.get("id")
        goal = (existing.get(goal_id) if goal_id is not None else None) or PlanGoal(plan=plan)
        for name in GOAL_FIELDS:
            setattr(goal, name, data.get(name, _goal_default(name)))
        goal.order = order
        goal.full_clean(exclude=["need"])
        goal.save()
        kept.add(goal.pk)
        _sync_goal_need(plan=plan, goal=goal, actor=actor)
    for pk, goal in existing.items():
        if pk not in kept:
            _close_need(need=goal.need, actor=actor)
            goal.delete()


def _check_city(actor: User, city: Organisation) -> None:
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": _("Smart city plans belong to local governments.")})
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == city.pk)):
        raise PermissionDenied(_("You can share plans only for your own city."))


@transaction.atomic
def create_plan(
    *,
    actor: User,
    city: Organisation,
    goals: Sequence[Mapping[str, Any]] = (),
    documents: Sequence[Mapping[str, Any]] = (),
    **fields: Any,
) -> SmartCityPlan:
    """Share a plan of `city` with the network; every goal is published as a need of the city."""
    _check_city(actor, city)
    unknown = set(fields) - PLAN_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
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
    actor: User,
    goals: Sequence[Mapping[str, Any]] | None = None,
    documents: Sequence[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> SmartCityPlan:
    """Change a plan; `goals`/`documents`, when given, replace the lists (goals matched by `id`).
    Every goal's need follows the goal and the plan's visibility and timeline. The plan row is locked."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the city's own people and association staff can edit this plan."))
    unknown = set(changes) - PLAN_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
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
def delete_plan(*, plan: SmartCityPlan, actor: User) -> None:
    """Withdraw a plan: its goals' needs are closed (they may have matches), the plan is deleted."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the city's own people and association staff can delete this plan."))
    locked = SmartCityPlan.objects.select_for_update().get(pk=plan.pk)
    for goal in locked.goals.select_related("need"):
        _close_need(need=goal.need, actor=actor)
    locked.delete()
