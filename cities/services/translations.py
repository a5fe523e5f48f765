"""Translations of needs and plans (issue 18): the city's people and staff add one per language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.models import User
from cities.models import Need, NeedTranslation, SmartCityPlan, SmartCityPlanTranslation
from cities.selectors import can_edit_need, can_edit_plan
from common.translated_content import put_translation, remove_translation


def save_need_translation(
    *, need: Need, actor: User, language: str, title: str, description: str = ""
) -> NeedTranslation:
    """Create or replace the need's text in `language` (not its original one). Validated, atomic."""
    if not can_edit_need(actor, need):
        raise PermissionDenied("Only the city's own people and association staff can translate this need.")
    values = {"title": title, "description": description}
    return put_translation(parent=need, language=language, values=values)  # type: ignore[return-value]


def remove_need_translation(*, need: Need, actor: User, language: str) -> bool:
    if not can_edit_need(actor, need):
        raise PermissionDenied("Only the city's own people and association staff can translate this need.")
    return remove_translation(parent=need, language=language)


def save_plan_translation(
    *, plan: SmartCityPlan, actor: User, language: str, title: str, summary: str = ""
) -> SmartCityPlanTranslation:
    """Create or replace the plan's title and summary in `language`. Validated, atomic."""
    if not can_edit_plan(actor, plan):
        raise PermissionDenied("Only the city's own people and association staff can translate this plan.")
    values = {"title": title, "summary": summary}
    return put_translation(parent=plan, language=language, values=values)  # type: ignore[return-value]


def remove_plan_translation(*, plan: SmartCityPlan, actor: User, language: str) -> bool:
    if not can_edit_plan(actor, plan):
        raise PermissionDenied("Only the city's own people and association staff can translate this plan.")
    return remove_translation(parent=plan, language=language)
