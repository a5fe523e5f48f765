"""Membership applications: the public "Apply for membership" page, the applicant's status page and
the staff review queue (approve, optionally after correcting the fields, or reject with a reason)."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.fees import FeeQuote, MissingFeeDataError, fee_for
from accounts.models import MembershipApplication, User
from accounts.services.applications import (
    NewApplicant,
    approve_membership_application,
    reject_membership_application,
    submit_membership_application,
)
from frontend.forms.applications import ApplicationFieldsForm, ApplicationForm, RejectApplicationForm
from frontend.forms.members import FeeCalculatorForm
from frontend.http import AuthenticatedHttpRequest, signed_in_user
from frontend.service_calls import call_service


def _fee_preview(request: HttpRequest) -> tuple[FeeQuote | None, list[str]]:
    """The fee for the figures posted so far (the "Show the fee" step), or what is missing."""
    form = FeeCalculatorForm(request.POST)
    if not form.is_valid():
        return None, [
            f"{form.fields[name].label or name}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        ]
    data = form.cleaned_data
    try:
        quote = fee_for(
            category=data["category"],
            gdp_per_capita=data["gdp_per_capita_ppp"],
            population=data["population"],
            employee_count=data["employee_count"],
        )
    except MissingFeeDataError as exc:
        return None, list(exc.fields.values())
    return quote, []


def _submit(request: HttpRequest, form: ApplicationForm, user: User | None) -> MembershipApplication:
    new_applicant = NewApplicant(**form.account_values()) if user is None else None
    return submit_membership_application(
        applicant=user,
        new_applicant=new_applicant,
        contact_job_title=form.cleaned_data["contact_job_title"],
        **form.organisation_values(),
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    quote: FeeQuote | None = None
    fee_problems: list[str] = []
    if request.method == "POST" and "show_fee" in request.POST:
        # Only the fee: show the form again as typed, without complaining about fields left for later.
        quote, fee_problems = _fee_preview(request)
        form = ApplicationForm(initial=request.POST.dict(), with_account=user is None)
    else:
        form = ApplicationForm(request.POST or None, with_account=user is None)
    if request.method == "POST" and "show_fee" not in request.POST and form.is_valid():
        outcome = call_service(
            request,
            lambda: _submit(request, form, user),
            success="Thank you! Your application has been sent; we e-mailed you a confirmation.",
            form=form,
        )
        if outcome.ok:
            application = outcome.result
            if user is None:
                login(request, application.applicant, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("frontend:application", pk=application.pk)
    return render(
        request,
        "frontend/applications/apply.html",
        {
            "form": form,
            "quote": quote,
            "fee_problems": fee_problems,
            "own_applications": selectors.membership_applications_for(user) if user is not None else [],
        },
    )


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.access_membership_application(request.user, pk)
    return render(
        request,
        "frontend/applications/detail.html",
        {
            "application": application,
            "fee": selectors.application_fee(application),
            "actions": selectors.membership_application_actions(application, request.user),
        },
    )


def _require_staff(request: AuthenticatedHttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("Membership applications are reviewed by association staff.")


@login_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_staff(request)
    pending = [
        (application, selectors.application_fee(application))
        for application in selectors.pending_membership_applications()
    ]
    return render(request, "frontend/applications/queue.html", {"pending": pending})


def _review_page(
    request: AuthenticatedHttpRequest,
    application: MembershipApplication,
    *,
    approve_form: ApplicationFieldsForm | None = None,
    reject_form: RejectApplicationForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "frontend/applications/review.html",
        {
            "application": application,
            "fee": selectors.application_fee(application),
            "actions": selectors.membership_application_actions(application, request.user),
            "approve_form": approve_form or ApplicationFieldsForm(instance=application, prefix="approve"),
            "reject_form": reject_form or RejectApplicationForm(prefix="reject"),
        },
    )


@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    return _review_page(request, selectors.access_membership_application(request.user, pk))


@login_required
@require_POST
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    application = selectors.access_membership_application(request.user, pk)
    # A copy for the form, so a failed approval still shows the application as it is stored.
    form = ApplicationFieldsForm(
        request.POST, instance=MembershipApplication.objects.get(pk=application.pk), prefix="approve"
    )
    if form.is_valid():
        changes = form.organisation_values()
        outcome = call_service(
            request,
            lambda: approve_membership_application(application=application, actor=request.user, **changes),
            success=lambda done: f"Approved: {done.organisation_name} is a member now.",
            form=form,
        )
        if outcome.ok or _decided_meanwhile(application):
            return redirect("frontend:application-queue")
    return _review_page(request, application, approve_form=form)


@login_required
@require_POST
def reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    application = selectors.access_membership_application(request.user, pk)
    form = RejectApplicationForm(request.POST, prefix="reject")
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        outcome = call_service(
            request,
            lambda: reject_membership_application(application=application, actor=request.user, reason=reason),
            success=lambda done: f"Rejected the application of {done.organisation_name}.",
            form=form,
        )
        if outcome.ok or _decided_meanwhile(application):
            return redirect("frontend:application-queue")
    return _review_page(request, application, reject_form=form)


def _decided_meanwhile(application: MembershipApplication) -> bool:
    """True when someone else decided first (the ConflictError's message is already flashed)."""
    application.refresh_from_db(fields=["status"])
    return not application.is_pending
