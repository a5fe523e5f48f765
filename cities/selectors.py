"""Reads of city needs, with who-may-see-what in one place."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cities.enums import NeedStatus, NeedVisibility
from cities.models import Need
from common.lookups import json_list_contains


def can_edit_need(user: Any, need: Need) -> bool:
    """Staff edit every need; the city's own people edit its needs."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or (user.organisation_id and user.organisation_id == need.city_id))


def needs_visible_to(user: Any) -> QuerySet[Need]:
    """Public needs for everyone; members-only needs for confirmed members; a city's own; all for staff."""
    queryset = Need.objects.select_related("city")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    visible = Q(visibility=NeedVisibility.PUBLIC)
    if user is not None and user.is_authenticated and user.organisation_id:
        visible |= Q(visibility=NeedVisibility.MEMBERS) | Q(city_id=user.organisation_id)
    return queryset.filter(visible)


def needs_board(
    *, user: Any, query: str = "", sector: str = "", region: str = "", status: str = NeedStatus.OPEN
) -> QuerySet[Need]:
    """The city-needs board: visible needs, newest first, filtered."""
    queryset = needs_visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if sector:
        queryset = queryset.filter(json_list_contains("sectors", sector))
    if region:
        queryset = queryset.filter(city__region=region)
    for word in query.split()[:10]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset.order_by("-created_at", "id")


def needs_of_city(*, user: Any, city_id: int) -> QuerySet[Need]:
    return needs_visible_to(user).filter(city_id=city_id).order_by("-created_at", "id")


def access_need(user: Any, *, pk: int | None = None, slug: str | None = None) -> Need:
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    try:
        return needs_visible_to(user).get(**lookup)
    except Need.DoesNotExist as exc:
        raise Http404("No such need.") from exc


def access_need_for_edit(user: Any, *, pk: int | None = None, slug: str | None = None) -> Need:
    need = access_need(user, pk=pk, slug=slug)
    if not can_edit_need(user, need):
        raise PermissionDenied("Only the city's own people and association staff can edit this need.")
    return need
