"""Smart city plans: the network's plans, a plan's page, and the editor of a city's own plans.

A plan's goals are published as city needs by `cities.services` (so the need pages recommend
solutions for them); the editor only collects the plan, its goals and its document links.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organisation, User
from cities import selectors
from cities.services.plans import create_plan, delete_plan, update_plan
from frontend.forms.plans import GoalFormSet, PlanForm, PlansFilterForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service


def _goals(formset: Any) -> list[dict[str, Any]]:
    """The goals to keep, in order: filled rows not marked for deletion (blank extra rows are skipped)."""
    return [
        {name: form.cleaned_data[name] for name in ("id", "title", "description", "sectors")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _own_city(user: User | AnonymousUser) -> Organisation | None:
    organisation = user.organisation if isinstance(user, User) else None
    return organisation if organisation is not None and organisation.is_local_government else None


def plans(request: HttpRequest) -> HttpResponse:
    """The plans cities share with the network, newest first; `mine` for the person's own city."""
    form = PlansFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is reported on the form and ignored
    data = getattr(form, "cleaned_data", {})
    city = _own_city(request.user)
    listing = selectors.plans_list(
        user=request.user,
        query=data.get("q", ""),
        sector=data.get("sector", ""),
        region=data.get("region", ""),
        city_id=city.pk if city and data.get("mine") else None,
    ).prefetch_related("translations")  # titles and summaries in the reader's language (one query)
    if data.get("mine") and city is None:  # only a city's people have a city of their own
        listing = listing.none()
    return render(
        request,
        "frontend/plans/list.html",
        {
            "form": form,
            "city": city,
            "can_create": bool(city or request.user.is_staff),
            **paginate(request, listing),
        },
    )


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan(request.user, slug=slug)
    return render(
        request,
        "frontend/plans/detail.html",
        {"plan": plan, "can_edit": selectors.can_edit_plan(request.user, plan)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    city = _own_city(request.user)
    if not (city or request.user.is_staff):
        raise PermissionDenied(
            _("Plans are shared by people of local-government members and association staff.")
        )
    form = PlanForm(request.POST or None, choose_city=request.user.is_staff, initial={"city": city})
    goals = GoalFormSet(request.POST or None, prefix="goals")
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        outcome = call_service(
            request,
            lambda: create_plan(
                actor=request.user,
                # Staff choose the city; anyone else shares for their own (checked above).
                city=cast(Organisation, form.cleaned_data.get("city", city)),
                goals=_goals(goals),
                **form.content,
            ),
            success=lambda plan: (
                _("“%(title)s” is shared; its goals are published as needs.") % {"title": plan.title}
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:plan", slug=outcome.result.slug)
    return render(request, "frontend/plans/form.html", {"form": form, "goals": goals, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan_for_edit(request.user, slug=slug)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    goals = GoalFormSet(
        request.POST or None,
        prefix="goals",
        initial=[
            {"id": g.pk, "title": g.title, "description": g.description, "sectors": g.sectors}
            for g in plan.goals.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        outcome = call_service(
            request,
            lambda: update_plan(plan=plan, actor=request.user, goals=_goals(goals), **form.content),
            success=_("Saved; the goals' needs are up to date."),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:plan", slug=outcome.result.slug)
    return render(request, "frontend/plans/form.html", {"form": form, "goals": goals, "plan": plan})


@login_required
@require_POST
def plan_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan_for_edit(request.user, slug=slug)
    call_service(
        request,
        lambda: delete_plan(plan=plan, actor=request.user),
        success=_("“%(title)s” is withdrawn; its goals' needs are closed.") % {"title": plan.title},
    )
    return redirect(f"{reverse('frontend:plans')}?mine=on")
