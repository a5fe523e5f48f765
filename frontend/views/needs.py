"""City needs: the public board, need pages and "my needs" for people of local governments."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation, User
from cities import selectors
from cities.enums import NeedStatus
from cities.models import Need
from cities.services.needs import create_need, update_need
from frontend.forms.needs import NeedForm, NeedsBoardForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from matchmaking.selectors import recommended_solutions_for_need
from solutions.selectors import providers_bookable_by


def needs_board(request: HttpRequest) -> HttpResponse:
    """Needs visible to the caller, newest first; open ones unless another status is asked for."""
    data = request.GET.copy()
    data.setdefault("status", NeedStatus.OPEN)
    form = NeedsBoardForm(data)
    form.is_valid()  # an invalid filter is reported on the form and ignored
    filters = form.cleaned_data
    needs = selectors.needs_board(
        user=request.user,
        query=filters.get("q", ""),
        sector=filters.get("sector", ""),
        region=filters.get("region", ""),
        status=filters.get("status", NeedStatus.OPEN),
    ).prefetch_related("translations")  # titles in the reader's language (one query)
    return render(request, "frontend/needs/board.html", {"form": form, **paginate(request, needs)})


def need_detail(request: HttpRequest, slug: str) -> HttpResponse:
    need = selectors.access_need(request.user, slug=slug)
    recommendations = recommended_solutions_for_need(need=need, user=request.user, limit=5)
    return render(
        request,
        "frontend/needs/detail.html",
        {
            "need": need,
            "can_edit": selectors.can_edit_need(request.user, need),
            "recommendations": recommendations,
            "bookable_providers": providers_bookable_by(
                request.user, [r.item.provider_id for r in recommendations]
            ),
        },
    )


def _own_city(user: User) -> Organisation | None:
    organisation = user.organisation
    return organisation if organisation is not None and organisation.is_local_government else None


@login_required
def my_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every need of the person's city, whatever its status and visibility."""
    city = _own_city(request.user)
    needs = selectors.needs_of_city(user=request.user, city_id=city.pk) if city else Need.objects.none()
    return render(
        request,
        "frontend/needs/my_needs.html",
        {"city": city, "can_create": bool(city or request.user.is_staff), **paginate(request, needs)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    city = _own_city(request.user)
    if not (city or request.user.is_staff):
        raise PermissionDenied(
            _("Needs are posted by people of local-government members and association staff.")
        )
    form = NeedForm(
        request.POST or None, choose_city=request.user.is_staff, with_status=False, initial={"city": city}
    )
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: create_need(
                # Staff choose the city; anyone else posts for their own (checked above).
                actor=request.user,
                city=cast(Organisation, form.cleaned_data.get("city", city)),
                **form.content,
            ),
            success=lambda need: _("“%(title)s” is posted.") % {"title": need.title},
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:need", slug=outcome.result.slug)
    return render(request, "frontend/needs/form.html", {"form": form, "need": None})


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    need = selectors.access_need_for_edit(request.user, slug=slug)
    form = NeedForm(request.POST or None, initial=NeedForm.initial_for(need))
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: update_need(need=need, actor=request.user, **form.content),
            success=_("Saved."),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:need", slug=outcome.result.slug)
    return render(request, "frontend/needs/form.html", {"form": form, "need": need})
