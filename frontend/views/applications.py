"""Membership applications: the public "Apply for membership" page, the applicant's status page and
the staff review queue (approve, optionally after correcting the fields, or reject with a reason)."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.fees import FeeQuote, MissingFeeDataError, fee_for
from accounts.models import MembershipApplication, User
from accounts.services.applications import (
    approve_membership_application,
    complete_membership_application,
    held_application,
    reject_membership_application,
    request_membership_application,
    submit_membership_application,
)
from common.exceptions import ApplicationError
from frontend.forms.applications import ApplicationFieldsForm, ApplicationForm, RejectApplicationForm
from frontend.forms.members import FeeCalculatorForm, FinishSignUpForm
from frontend.http import AuthenticatedHttpRequest, signed_in_user
from frontend.service_calls import call_service
from frontend.throttling import throttle_posts


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


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponseBase:
    """The application page. Signed in, the person is the contact and the application is made at
    once. Otherwise a valid form always gets the same page ("check your inbox"), whether the address
    has an account or not: `request_membership_application` e-mails the link or, to a known
    address, a notice (issue 15)."""
    user = signed_in_user(request)
    quote: FeeQuote | None = None
    fee_problems: list[str] = []
    if request.method == "POST" and "show_fee" in request.POST:
        # Only the fee: show the form again as typed, without complaining about fields left for later.
        quote, fee_problems = _fee_preview(request)
        form = ApplicationForm(initial=request.POST.dict(), with_account=user is None)
    else:
        form = ApplicationForm(request.POST or None, with_account=user is None)
    if request.method == "POST" and "show_fee" not in request.POST:
        if user is None:
            return _apply_without_account(request, form)
        if form.is_valid():
            outcome = call_service(
                request,
                lambda: submit_membership_application(
                    applicant=user,
                    contact_job_title=form.cleaned_data["contact_job_title"],
                    **form.organisation_values(),
                ),
                success=gettext("Thank you! Your application has been sent; we e-mailed you a confirmation."),
                form=form,
            )
            if outcome.ok:
                return redirect("frontend:application", pk=outcome.result.pk)
    return _apply_page(request, form, user, quote=quote, fee_problems=fee_problems)


def _apply_page(
    request: HttpRequest,
    form: ApplicationForm,
    user: User | None,
    *,
    quote: FeeQuote | None = None,
    fee_problems: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "frontend/applications/apply.html",
        {
            "form": form,
            "quote": quote,
            "fee_problems": fee_problems or [],
            "own_applications": selectors.membership_applications_for(user) if user is not None else [],
        },
    )


# Sending an application without an account e-mails the address given: rationed like sign-up (the
# fee preview, which mails nobody, is not counted).
@throttle_posts("signup")
def _apply_without_account(request: HttpRequest, form: ApplicationForm) -> HttpResponse:
    if form.is_valid():
        outcome = call_service(
            request,
            lambda: request_membership_application(
                contact_job_title=form.cleaned_data["contact_job_title"],
                **form.account_values(),
                **form.organisation_values(),
            ),
            form=form,
        )
        if outcome.ok:
            return render(
                request, "frontend/applications/apply_sent.html", {"email": form.cleaned_data["email"]}
            )
    return _apply_page(request, form, None)


@throttle_posts("signup")
@require_http_methods(["GET", "POST"])
def apply_finish(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an application e-mail: choose a username and a password; the account is made
    (its address verified by this link), logged in, and the application sent to staff. Throttled
    like sign-up, so the username check here cannot be run in bulk."""
    try:
        held = held_application(token)
    except ApplicationError as exc:
        return render(
            request, "frontend/applications/apply_problem.html", {"message": exc.message}, status=400
        )
    form = FinishSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request,
            lambda: complete_membership_application(
                token=token, username=data["username"], password=data["password"]
            ),
            success=gettext("Thank you! Your account is ready and your application has been sent."),
            form=form,
        )
        if outcome.ok:
            application = outcome.result
            login(request, application.applicant, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("frontend:application", pk=application.pk)
    return render(
        request,
        "frontend/applications/apply_finish.html",
        {"form": form, "email": held.email, "organisation_name": held.details.get("organisation_name", "")},
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
        raise PermissionDenied(gettext("Membership applications are reviewed by association staff."))


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
            success=lambda done: (
                gettext("Approved: %(organisation_name)s is a member now.")
                % {"organisation_name": done.organisation_name}
            ),
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
            success=lambda done: (
                gettext("Rejected the application of %(organisation_name)s.")
                % {"organisation_name": done.organisation_name}
            ),
            form=form,
        )
        if outcome.ok or _decided_meanwhile(application):
            return redirect("frontend:application-queue")
    return _review_page(request, application, reject_form=form)


def _decided_meanwhile(application: MembershipApplication) -> bool:
    """True when someone else decided first (the ConflictError's message is already flashed)."""
    application.refresh_from_db(fields=["status"])
    return not application.is_pending
