"""Member pages: home, directory, organisation pages, fee calculator, sign-up and profile."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.enums import Category
from accounts.fees import MissingFeeDataError, fee_for
from accounts.filters import OrganisationFilter
from accounts.models import Organisation
from accounts.services.organisations import update_organisation
from accounts.services.people import (
    complete_sign_up,
    read_sign_up_link,
    request_sign_up,
    resend_email_verification,
    update_profile,
    verify_email,
)
from cities import selectors as need_selectors
from cities.enums import NeedStatus
from common.exceptions import ApplicationError
from frontend.forms.members import (
    FeeCalculatorForm,
    FinishSignUpForm,
    JoinRequestForm,
    OrganisationForm,
    ProfileForm,
    SignUpForm,
)
from frontend.forms.people import AppointAdminForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from frontend.throttling import throttle_posts
from solutions import selectors as solution_selectors

DIRECTORY_PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/members/home.html", {"counts": selectors.member_counts()})


def directory(request: HttpRequest) -> HttpResponse:
    member_filter = OrganisationFilter(request.GET or None, queryset=selectors.organisation_directory())
    organisations = member_filter.qs if member_filter.is_bound else selectors.organisation_directory()
    page = Paginator(organisations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frontend/members/directory.html",
        {
            "filter": member_filter,
            "form": member_filter.form,
            "page": page,
            "countries": selectors.countries_with_members(),
            "selected_country": request.GET.get("country", ""),
            "query_string": query.urlencode(),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        fee, fee_missing = selectors.organisation_fee(organisation), {}
    except MissingFeeDataError as exc:
        fee, fee_missing = None, exc.fields
    solutions = needs = None
    if organisation.category == Category.CORPORATION:
        solutions = solution_selectors.solutions_of_provider(provider=organisation, user=request.user)
    elif organisation.is_local_government:
        needs = need_selectors.needs_of_city(user=request.user, city_id=organisation.pk).filter(
            status=NeedStatus.OPEN
        )
    people_actions = selectors.people_actions(request.user, organisation)
    return render(
        request,
        "frontend/members/organisation_detail.html",
        {
            "organisation": organisation,
            "fee": fee,
            "fee_missing": fee_missing,
            "can_edit": selectors.can_edit_organisation(request.user, organisation),
            "people_actions": people_actions,
            "appoint_form": AppointAdminForm(candidates=selectors.admin_candidates(organisation=organisation))
            if people_actions["appoint_admin"]
            else None,
            "people": selectors.organisation_members(organisation=organisation),
            "solutions": solutions,
            "needs": needs,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Organisation, slug=slug)
    organisation = selectors.access_organisation_for_edit(request.user, found.pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        if call_service(
            request,
            lambda: update_organisation(organisation=organisation, actor=request.user, **changes),
            success=gettext("Saved."),
            form=form,
        ).ok:
            return redirect("frontend:organisation", slug=organisation.slug)
    return render(
        request, "frontend/members/organisation_edit.html", {"organisation": organisation, "form": form}
    )


def fee_calculator(request: HttpRequest) -> HttpResponse:
    form = FeeCalculatorForm(request.GET or None)
    quote = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            quote = fee_for(
                category=data["category"],
                gdp_per_capita=data["gdp_per_capita_ppp"],
                population=data["population"],
                employee_count=data["employee_count"],
            )
        except MissingFeeDataError as exc:
            for field, message in exc.fields.items():
                form.add_error(field, message)
    return render(request, "frontend/members/fee_calculator.html", {"form": form, "quote": quote})


@throttle_posts("signup")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up page. A valid form always gets the same page ("check your inbox"), whether the
    address has an account or not: `request_sign_up` e-mails the link or, to a known address, a
    notice. Only errors of the form itself are shown."""
    if request.user.is_authenticated:
        return redirect("frontend:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request,
            lambda: request_sign_up(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                asks_to_join=data["asks_to_join"],
                time_zone=data["time_zone"],
            ),
            form=form,
        )
        if outcome.ok:
            return render(request, "frontend/members/signup_sent.html", {"email": data["email"]})
    return render(request, "frontend/members/signup.html", {"form": form})


@throttle_posts("signup")
@require_http_methods(["GET", "POST"])
def signup_finish(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a sign-up e-mail: choose a username and a password, and the account is made
    (its address verified by this link) and logged in. Throttled like sign-up, so the username
    check here cannot be run in bulk."""
    try:
        claim = read_sign_up_link(token)
    except ApplicationError as exc:
        return render(request, "frontend/members/signup_problem.html", {"message": exc.message}, status=400)
    if claim.application is not None:  # the link of an application: its own page sends it too
        return redirect("frontend:apply-finish", token=token)
    form = FinishSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request,
            lambda: complete_sign_up(token=token, username=data["username"], password=data["password"]),
            # The home page shows a pending join request itself (its banner).
            success=lambda user: gettext("Welcome, %(user)s! Your account is ready.") % {"user": user},
            form=form,
        )
        if outcome.ok:
            login(request, outcome.result, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("frontend:home")
    return render(request, "frontend/members/signup_finish.html", {"form": form, "email": claim.email})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            request,
            lambda: update_profile(user=request.user, **form.cleaned_data),
            success=lambda user: (
                gettext("Profile saved.")
                + (
                    " "
                    + gettext("We sent a link to %(email)s: your address changes once you open it.")
                    % {"email": user.pending_email}
                    if user.pending_email
                    else ""
                )
            ),
            form=form,
        ).ok
    ):
        return redirect("frontend:profile")
    return render(
        request,
        "frontend/members/profile.html",
        {
            "form": form,
            "join_requests": selectors.join_requests_of(person=request.user)[:5],
            "pending_request": selectors.pending_join_request_of(person=request.user),
            "join_form": JoinRequestForm(),
            "may_ask_to_join": request.user.organisation_id is None or not request.user.is_organisation_admin,
            "can_manage_people": request.user.organisation is not None
            and selectors.can_manage_people(request.user, request.user.organisation),
        },
    )


@require_http_methods(["GET"])
def email_verification(request: HttpRequest, token: str) -> HttpResponse:
    """The link from a verification e-mail. Opening it verifies the address, so it works from any
    browser or device the mail is read on; the link proves only that, and carries its address."""
    call_service(
        request,
        lambda: verify_email(token=token),
        success=lambda user: gettext("Thank you: %(email)s is verified.") % {"email": user.email},
    )
    return redirect("frontend:profile" if request.user.is_authenticated else "frontend:login")


@login_required
@require_http_methods(["POST"])
def email_verification_resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    call_service(
        request,
        lambda: resend_email_verification(user=request.user),
        success=lambda address: gettext("We sent a new link to %(address)s.") % {"address": address},
    )
    return redirect("frontend:profile")
