"""The best-cases library: the public list (filters and search), a case's page, members submitting and
editing their cases ("my best cases"), and staff reviewing a case (publish, or send back with a reason)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.forms.best_cases import BestCaseFilterForm, BestCaseForm, SendBackForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from solutions import selectors, services
from solutions.enums import BestCaseStatus
from solutions.models import BestCase


def best_cases(request: HttpRequest) -> HttpResponse:
    """Published best cases, narrowed by sector, region, city and words; the filters stay in the
    pagination links."""
    form = BestCaseFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is reported on the form and ignored; the valid ones still apply
    filters = form.filters()
    return render(
        request,
        "frontend/best_cases/list.html",
        {
            "form": form,
            "query": filters["query"],
            "filtered": any(filters.values()),
            "can_submit": selectors.can_submit_best_case(request.user),
            # Titles in the reader's language: one query for the page's translations.
            **paginate(request, selectors.published_best_cases(**filters).prefetch_related("translations")),
        },
    )


def best_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.access_best_case(request.user, pk)
    return render(
        request,
        "frontend/best_cases/detail.html",
        {"case": case, "actions": selectors.best_case_actions(case, request.user)},
    )


@login_required
def my_best_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every case of the person's organisation (as the city or the provider), with where it stands."""
    organisation = request.user.organisation
    cases = (
        selectors.best_cases_of_organisation(organisation=organisation)
        if organisation is not None
        else BestCase.objects.none()
    )
    listing = paginate(request, cases)
    rows = [
        {"case": case, "actions": selectors.best_case_actions(case, request.user)} for case in listing["page"]
    ]
    return render(
        request,
        "frontend/best_cases/mine.html",
        {
            "organisation": organisation,
            "can_submit": selectors.can_submit_best_case(request.user),
            "rows": rows,
            **listing,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def best_case_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_submit_best_case(request.user):
        raise PermissionDenied(
            _("Best cases are told by the people of member cities and solution providers.")
        )
    form = BestCaseForm(
        request.POST or None,
        solutions=selectors.best_case_solution_choices(request.user),
        cities=selectors.best_case_city_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: services.create_best_case(
                actor=request.user,
                city=form.chosen_city,
                solution=form.cleaned_data["solution"],
                **form.content,
            ),
            success=lambda case: (
                _("“%(title)s” is submitted. Staff review it before it is published.") % {"title": case.title}
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:my-best-cases")
    return render(request, "frontend/best_cases/form.html", {"form": form, "case": None})


@login_required
@require_http_methods(["GET", "POST"])
def best_case_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.access_best_case_for_edit(request.user, pk)
    form = BestCaseForm(
        request.POST or None, initial={name: getattr(case, name) for name in BestCaseForm.CONTENT_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: services.update_best_case(best_case=case, actor=request.user, **form.content),
            success=lambda updated: (
                "Saved. Staff review it before it is published."
                if updated.status == BestCaseStatus.SUBMITTED and not request.user.is_staff
                else "Saved."
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:best-case", pk=case.pk)
    return render(request, "frontend/best_cases/form.html", {"form": form, "case": case})


@login_required
@require_http_methods(["GET", "POST"])
def best_case_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff read a case and publish it or send it back with a reason (both post here)."""
    case = selectors.access_best_case_for_review(request.user, pk)
    choices = selectors.best_case_review_choices(case, request.user)
    send_back_form = SendBackForm(request.POST if request.POST.get("decision") == "send_back" else None)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "publish":
            outcome = call_service(
                request,
                lambda: services.publish_best_case(best_case=case, actor=request.user),
                success=_("“%(title)s” is published: everyone can read it in the library.")
                % {"title": case.title},
            )
            return redirect("frontend:best-case" if outcome.ok else "frontend:best-case-review", pk=case.pk)
        if decision == "send_back" and send_back_form.is_valid():
            outcome = call_service(
                request,
                lambda: services.send_back_best_case(
                    best_case=case, actor=request.user, reason=send_back_form.cleaned_data["reason"]
                ),
                success=_("“%(title)s” is sent back to its authors with your reason.")
                % {"title": case.title},
                form=send_back_form,
            )
            if outcome.ok:
                return redirect("frontend:staff-todo")
            if not send_back_form.errors:  # decided meanwhile: the message says so, the page shows how
                return redirect("frontend:best-case-review", pk=case.pk)
    return render(
        request,
        "frontend/best_cases/review.html",
        {"case": case, "choices": choices, "send_back_form": send_back_form},
    )
