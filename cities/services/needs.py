"""Writes to city needs: a city's people (or staff) create and edit its needs, status and visibility
included. Smart city plans publish their goals as needs through these same two services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from cities.models import Need
from cities.selectors import can_edit_need
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
        "original_language",
    }
)


@transaction.atomic
def create_need(*, actor: User, city: Organisation, **fields: Any) -> Need:
    """A new open need of `city`, by one of its people or staff."""
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": _("Needs belong to local governments.")})
    if not (actor.is_staff or (actor.is_authenticated and actor.organisation_id == city.pk)):
        raise PermissionDenied(_("You can post needs only for your own city."))
    unknown = set(fields) - NEED_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    need = Need(city=city, **fields)
    need.slug = unique_slug(Need, f"{need.title} {city.name}")
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def update_need(*, need: Need, actor: User, **changes: Any) -> Need:
    """Change a need, including its status (open, matched, closed) and visibility."""
    if not can_edit_need(actor, need):
        raise PermissionDenied(_("Only the city's own people and association staff can edit this need."))
    unknown = set(changes) - NEED_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    locked = Need.objects.select_for_update().get(pk=need.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked
