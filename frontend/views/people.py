"""An organisation's people: join requests, roles, removal, invitations; the invitation link; and
asking to join from the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors
from accounts.enums import OrganisationRole
from accounts.models import Invitation, JoinRequest, Organisation, User
from accounts.services.invitations import (
    InvitationUnusableError,
    accept_invitation,
    invite_colleague,
    register_from_invitation,
    resend_invitation,
    revoke_invitation,
    usable_invitation,
)
from accounts.services.joining import (
    appoint_admin,
    approve_join_request,
    change_role,
    decline_join_request,
    remove_person,
    request_to_join,
    withdraw_join_request,
)
from frontend.forms.members import InvitationSignUpForm, JoinRequestForm
from frontend.forms.people import AppointAdminForm, DeclineForm, InviteForm, RoleForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from frontend.throttling import throttle_posts


def _people_organisation(request: AuthenticatedHttpRequest, slug: str) -> Organisation:
    found = get_object_or_404(Organisation, slug=slug)
    return selectors.access_organisation_people(request.user, found.pk)


@login_required
def people(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _people_organisation(request, slug)
    return render(
        request,
        "frontend/people/people.html",
        {
            "organisation": organisation,
            "actions": selectors.people_actions(request.user, organisation),
            "people": selectors.people_with_admin_flag(organisation=organisation),
            "requests": selectors.join_request_rows(request.user, organisation),
            "invitations": selectors.open_invitations(organisation=organisation),
            "invite_form": InviteForm(),
            "decline_form": DeclineForm(),
            "roles": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]  # a ChoiceField
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def decide_request(request: AuthenticatedHttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    organisation = _people_organisation(request, slug)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("organisation"), pk=pk, organisation=organisation
    )
    if decision == "approve":
        call_service(
            request,
            lambda: approve_join_request(join_request=join_request, actor=request.user),
            success=_("%(person)s now represents %(organisation)s.")
            % {"person": join_request.person, "organisation": organisation},
        )
    elif decision == "decline":
        form = DeclineForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        call_service(
            request,
            lambda: decline_join_request(join_request=join_request, actor=request.user, reason=reason),
            success=_("Declined %(person)s's request.") % {"person": join_request.person},
        )
    else:
        return HttpResponse(status=404)
    return redirect("frontend:people", slug=organisation.slug)


@login_required
@require_POST
def person_action(request: AuthenticatedHttpRequest, slug: str, user_id: int, action: str) -> HttpResponse:
    organisation = _people_organisation(request, slug)
    person = get_object_or_404(User, pk=user_id, organisation=organisation)
    if action == "role":
        form = RoleForm(request.POST)
        if not form.is_valid():
            return redirect("frontend:people", slug=organisation.slug)
        role = form.cleaned_data["role"]
        call_service(
            request,
            lambda: change_role(organisation=organisation, person=person, role=role, actor=request.user),
            success=lambda changed: (
                (
                    _("%(changed)s is now an organisation admin.")
                    if changed.organisation_role == OrganisationRole.ADMIN
                    else _("%(changed)s is now a member without admin rights.")
                )
                % {"changed": changed}
            ),
        )
    elif action == "remove":
        outcome = call_service(
            request,
            lambda: remove_person(organisation=organisation, person=person, actor=request.user),
            success=_("%(person)s no longer represents %(organisation)s.")
            % {"person": person, "organisation": organisation},
        )
        if outcome.ok and person.pk == request.user.pk:
            return redirect("frontend:profile")
    else:
        return HttpResponse(status=404)
    return redirect("frontend:people", slug=organisation.slug)


@login_required
@require_POST
def invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _people_organisation(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        call_service(
            request,
            lambda: invite_colleague(organisation=organisation, email=email, invited_by=request.user),
            success=_("Invitation sent to %(email)s.") % {"email": email},
            error_template="%(error)s",
        )
    else:
        for error in form.errors.get("email", []):
            messages.error(request, str(error))
    return redirect("frontend:people", slug=organisation.slug)


@login_required
@require_POST
def invitation_action(request: AuthenticatedHttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    organisation = _people_organisation(request, slug)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), pk=pk, organisation=organisation
    )
    if action == "resend":
        call_service(
            request,
            lambda: resend_invitation(invitation=invitation, actor=request.user),
            success=_("A new link was sent to %(email)s.") % {"email": invitation.email},
        )
    elif action == "revoke":
        call_service(
            request,
            lambda: revoke_invitation(invitation=invitation, actor=request.user),
            success=_("The invitation of %(email)s no longer works.") % {"email": invitation.email},
        )
    else:
        return HttpResponse(status=404)
    return redirect("frontend:people", slug=organisation.slug)


@login_required
@require_POST
def appoint(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff appoint an organisation's admin from its page."""
    organisation = get_object_or_404(Organisation, slug=slug)
    form = AppointAdminForm(request.POST, candidates=selectors.admin_candidates(organisation=organisation))
    if form.is_valid():
        person = form.cleaned_data["person"]
        call_service(
            request,
            lambda: appoint_admin(organisation=organisation, person=person, actor=request.user),
            success=_("%(person)s is now an admin of %(organisation)s.")
            % {"person": person, "organisation": organisation},
        )
    else:
        messages.error(request, _("Choose one of the people listed."))
    return redirect("frontend:organisation", slug=organisation.slug)


# Throttled like the sign-up link's page: an open invitation's holder could otherwise try
# usernames in bulk here (a taken one is reported, as on that page).
@throttle_posts("signup")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: sign up into the organisation, or (signed in) join it."""
    try:
        found = usable_invitation(token)
    except InvitationUnusableError as exc:
        return _invitation_problem(request, exc.message, exc.status_code)
    user = request.user if isinstance(request.user, User) else None
    if user is not None and user.email.lower() != found.email.lower():
        return _invitation_problem(
            request,
            _(
                "This invitation is for %(invited)s, but you are signed in as %(signed_in)s. "
                "Log out, then open the link again."
            )
            % {"invited": found.email, "signed_in": user.email},
            403,
        )
    form = None
    if user is not None:
        if (
            request.method == "POST"
            and call_service(
                request,
                lambda: accept_invitation(token=token, user=user),
                success=_("Welcome to %(organisation)s!") % {"organisation": found.organisation},
            ).ok
        ):
            return redirect("frontend:organisation", slug=found.organisation.slug)
    else:
        form = InvitationSignUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                request,
                lambda: register_from_invitation(
                    token=token,
                    username=data["username"],
                    password=data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    time_zone=data["time_zone"],
                ),
                success=lambda new: (
                    _("Welcome, %(new)s! You represent %(organisation)s.")
                    % {"new": new, "organisation": found.organisation}
                ),
                form=form,
            )
            if outcome.ok:
                login(request, outcome.result, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("frontend:organisation", slug=found.organisation.slug)
    return render(request, "frontend/people/invitation.html", {"invitation": found, "form": form})


def _invitation_problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "frontend/people/invitation_problem.html", {"message": message}, status=status)


@login_required
@require_POST
def ask_to_join(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        call_service(
            request,
            lambda: request_to_join(
                person=request.user, organisation=data["organisation"], as_admin=data["as_admin"]
            ),
            success=_("Your request to join %(organisation)s was sent.")
            % {"organisation": data["organisation"]},
        )
    return redirect("frontend:profile")


@login_required
@require_POST
def withdraw_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=pk, person=request.user)
    call_service(
        request,
        lambda: withdraw_join_request(join_request=join_request, actor=request.user),
        success=_("Your request was withdrawn."),
    )
    return redirect("frontend:profile")
