"""Reads of organisations and people. Every permission-checked fetch is an `access_*`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from django_otp_webauthn.models import WebAuthnCredential

from accounts.enums import (
    DEMO_SOURCE,
    ApplicationStatus,
    Category,
    JoinRequestStatus,
    OrganisationRole,
    Region,
)
from accounts.fees import FeeQuote, MissingFeeDataError, fee_for
from accounts.models import ApiToken, Invitation, JoinRequest, MembershipApplication, Organisation, User


def member_organisations() -> QuerySet[Organisation]:
    """The association's members: every organisation except the generated demo providers.

    The one rule for "who is a member": counts, the directory, reports and pickers start here.
    """
    return Organisation.objects.exclude(source=DEMO_SOURCE)


def organisation_directory() -> QuerySet[Organisation]:
    """All members, ordered by name; one query however many are listed."""
    return member_organisations().order_by("name", "id")


def countries_with_members() -> list[tuple[str, str]]:
    """(code, name) of every country that has at least one member, by name, for filters."""
    codes = member_organisations().order_by().values_list("country", flat=True).distinct()
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def member_counts() -> dict[str, Any]:
    """Members per category and per region, in one query each, for the home page."""
    by_category = dict(
        member_organisations()
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    by_region = dict(
        member_organisations()
        .order_by()
        .values_list("region")
        .annotate(n=Count("id"))
        .values_list("region", "n")
    )
    return {
        "total": sum(by_category.values()),
        "by_category": [(label, by_category.get(value, 0)) for value, label in Category.choices],
        "by_region": [(value, label, by_region.get(value, 0)) for value, label in Region.choices],
    }


def meeting_request_refusal(
    user: User | AnonymousUser | None, *, check_organisation: bool = True
) -> str | None:
    """Why `user` may not ask anyone for a meeting (on demand or at an event), or None if they may:
    staff and the confirmed people of a member organisation, once their e-mail address is verified.
    A fresh account could otherwise fill a city's calendar and mail its people. One query for the
    organisation (unless loaded with the user); none without `check_organisation`, which pages
    use to offer buttons (generated demo providers have no people; services check in full)."""
    if user is None or not user.is_authenticated:
        return _("Log in to ask for a meeting.")
    if not user.email_verified:
        return _(
            "Verify your e-mail address first: open the link we sent you, or ask for a new one "
            "on your profile."
        )
    if user.is_staff:
        return None
    if user.organisation_id is None:
        return _(
            "Only the confirmed people of member organisations ask for meetings. Ask to join your "
            "organisation from your profile (its admins confirm you), or apply for membership."
        )
    if check_organisation and (user.organisation is None or user.organisation.source == DEMO_SOURCE):
        return _("Only the people of member organisations ask for meetings.")
    return None


def check_may_request_meetings(user: User | AnonymousUser | None) -> None:
    """PermissionDenied (403) saying why, unless `user` may ask for meetings
    (`meeting_request_refusal`)."""
    if (refusal := meeting_request_refusal(user)) is not None:
        raise PermissionDenied(refusal)


def organisations_bookable_by(user: User | AnonymousUser, organisation_ids: Iterable[int]) -> set[int]:
    """Which of these organisations `user` may ask for a meeting from a page: anyone who may ask
    for meetings at all (`meeting_request_refusal`), except the organisation's own people (nobody
    books a meeting with themselves)."""
    if not user.is_authenticated or meeting_request_refusal(user, check_organisation=False) is not None:
        return set()
    return {pk for pk in organisation_ids if pk != user.organisation_id}


def local_governments() -> QuerySet[Organisation]:
    """Every local-government member, by name (e.g. the cities staff may post needs for)."""
    return member_organisations().filter(category=Category.LOCAL_GOVERNMENT).order_by("name")


def can_edit_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Staff edit every organisation; an organisation's admins edit their own."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(user.organisation_id == organisation.pk and user.is_organisation_admin)


def access_organisation_for_edit(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """The organisation if `user` may edit it; 404 if it does not exist, 403 if not allowed."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied(_("Only this organisation's admins and association staff can edit it."))
    return organisation


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    """The confirmed people of one organisation."""
    return organisation.users.filter(is_active=True).order_by("last_name", "first_name", "username")


# --- Who manages an organisation's people -------------------------------------------------------


def organisation_admins(organisation: Organisation) -> QuerySet[User]:
    """The active admins of `organisation`."""
    return User.objects.filter(
        organisation=organisation, organisation_role=OrganisationRole.ADMIN, is_active=True
    ).order_by("pk")


def active_staff() -> QuerySet[User]:
    """The association's active staff: who decides applications and admin requests."""
    return User.objects.filter(is_staff=True, is_active=True).order_by("pk")


def organisation_has_admin(organisation: Organisation) -> bool:
    return organisation_admins(organisation).exists()


def can_manage_people(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """The organisation's admins manage its people; staff do while it has no admin."""
    if not user.is_authenticated:
        return False
    if user.organisation_id == organisation.pk and user.is_organisation_admin:
        return True
    return bool(user.is_staff) and not organisation_has_admin(organisation)


def can_decide_join_request(user: User | AnonymousUser, join_request: JoinRequest) -> bool:
    """Requests to become admin are staff business; the others, whoever manages the people."""
    if join_request.as_admin:
        return bool(user.is_authenticated and user.is_staff)
    return can_manage_people(user, join_request.organisation)


def access_organisation_people(user: User | AnonymousUser, organisation_id: int) -> Organisation:
    """The organisation if `user` may see and manage its people (404 unknown, 403 not allowed).

    Staff always see the page (to decide requests to become admin); what they may do there is
    `people_actions`.
    """
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not (can_manage_people(user, organisation) or (user.is_authenticated and user.is_staff)):
        raise PermissionDenied(_("Only this organisation's admins and association staff manage its people."))
    return organisation


def people_actions(user: User | AnonymousUser, organisation: Organisation) -> dict[str, bool]:
    """What `user` may do on an organisation's people page."""
    manage = can_manage_people(user, organisation)
    staff = bool(user.is_authenticated and user.is_staff)
    return {
        "see": manage or staff,
        "manage": manage,
        "invite": manage,
        "decide_admin_requests": staff,
        "appoint_admin": staff,
    }


def join_request_rows(
    user: User | AnonymousUser, organisation: Organisation
) -> list[tuple[JoinRequest, bool]]:
    """The pending requests, each with whether `user` may decide it (two queries in all)."""
    actions = people_actions(user, organisation)
    return [
        (join_request, actions["decide_admin_requests"] if join_request.as_admin else actions["manage"])
        for join_request in pending_join_requests(organisation=organisation)
    ]


def pending_join_requests(*, organisation: Organisation) -> QuerySet[JoinRequest]:
    """The requests an organisation's deciders have to answer, oldest first."""
    return (
        JoinRequest.objects.filter(organisation=organisation, status=JoinRequestStatus.PENDING)
        .select_related("person", "organisation")
        .order_by("created_at", "id")
    )


def join_requests_for_staff() -> QuerySet[JoinRequest]:
    """Pending requests only staff can decide, oldest first: to become an organisation's admin, and to
    join an organisation that has no admin. One query (with person and organisation)."""
    has_admin = User.objects.filter(
        organisation=OuterRef("organisation"), organisation_role=OrganisationRole.ADMIN, is_active=True
    )
    return (
        JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)
        .annotate(organisation_has_admin=Exists(has_admin))
        .filter(Q(as_admin=True) | Q(organisation_has_admin=False))
        .select_related("person", "organisation")
        .order_by("created_at", "id")
    )


def join_requests_of(*, person: User) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(person=person)
        .select_related("organisation", "decided_by")
        .order_by("-created_at", "-id")
    )


def pending_join_request_of(*, person: User | AnonymousUser) -> JoinRequest | None:
    """The request this person is waiting on, if any (for the banners); one query."""
    if not person.is_authenticated:
        return None
    return (
        JoinRequest.objects.filter(person_id=person.pk, status=JoinRequestStatus.PENDING)
        .select_related("organisation")
        .first()
    )


def access_join_request(user: User | AnonymousUser, join_request_id: int) -> JoinRequest:
    """A request its decider or its person may see (404 otherwise: who asks to join is private)."""
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("organisation", "person"), pk=join_request_id
    )
    if user.is_authenticated and (
        join_request.person_id == user.pk or can_decide_join_request(user, join_request)
    ):
        return join_request
    if user.is_authenticated and user.is_staff:
        return join_request
    raise PermissionDenied(_("Only the organisation's admins and association staff decide this request."))


def people_with_admin_flag(*, organisation: Organisation) -> QuerySet[User]:
    """The organisation's people with their roles, admins first."""
    return organisation.users.filter(is_active=True).order_by(
        "organisation_role", "last_name", "first_name", "username"
    )


def admin_candidates(*, organisation: Organisation) -> QuerySet[User]:
    """Whom staff may appoint admin: its members who are not admin, and people asking to join it."""
    asking = JoinRequest.objects.filter(
        person=OuterRef("pk"), organisation=organisation, status=JoinRequestStatus.PENDING
    )
    return (
        User.objects.filter(is_active=True)
        .filter(
            Exists(asking) | (Q(organisation=organisation) & ~Q(organisation_role=OrganisationRole.ADMIN))
        )
        .order_by("last_name", "first_name", "username")
    )


def open_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones included, to re-send), newest first."""
    return (
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def access_invitation_for_management(user: User | AnonymousUser, invitation_id: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=invitation_id)
    if not can_manage_people(user, invitation.organisation):
        raise PermissionDenied(_("Only this organisation's admins manage its invitations."))
    return invitation


def organisation_fee(organisation: Organisation) -> FeeQuote:
    """This organisation's annual fee; raises fees.MissingFeeDataError naming what is not recorded."""
    return fee_for(
        category=organisation.category,
        gdp_per_capita=organisation.gdp_per_capita_ppp,
        population=organisation.population,
        employee_count=organisation.employee_count,
    )


# --- Membership applications -------------------------------------------------------------


def membership_applications_for(user: User) -> QuerySet[MembershipApplication]:
    """Applications `user` may read, newest first: all of them for staff, else their own."""
    applications = MembershipApplication.objects.select_related("applicant", "decided_by", "organisation")
    if not user.is_staff:
        applications = applications.filter(applicant=user)
    return applications.order_by("-created_at", "-id")


def pending_membership_applications() -> QuerySet[MembershipApplication]:
    """The staff review queue: pending applications, oldest first, with their applicants (one query)."""
    return (
        MembershipApplication.objects.filter(status=ApplicationStatus.PENDING)
        .select_related("applicant")
        .order_by("created_at", "id")
    )


def access_membership_application(user: User | AnonymousUser, application_id: int) -> MembershipApplication:
    """The application if `user` is staff or its applicant; 404 if it does not exist, 403 otherwise."""
    application = get_object_or_404(
        MembershipApplication.objects.select_related("applicant", "decided_by", "organisation"),
        pk=application_id,
    )
    if not (user.is_authenticated and (user.is_staff or application.applicant_id == user.pk)):
        raise PermissionDenied(_("Only the applicant and association staff can see this application."))
    return application


def application_fee(application: MembershipApplication) -> FeeQuote | None:
    """The annual fee the organisation would pay, or None while a figure it needs is missing."""
    try:
        return fee_for(
            category=application.category,
            gdp_per_capita=application.gdp_per_capita_ppp,
            population=application.population,
            employee_count=application.employee_count,
        )
    except MissingFeeDataError:
        return None


def membership_application_actions(
    application: MembershipApplication, user: User | AnonymousUser
) -> set[str]:
    """What `user` may do with `application` now: "approve" and "reject" (staff, while pending)."""
    if user.is_authenticated and user.is_staff and application.is_pending:
        return {"approve", "reject"}
    return set()


def api_tokens_of(*, person: User) -> QuerySet[ApiToken]:
    """The person's API tokens that still work (not expired), newest first. One query."""
    return ApiToken.objects.filter(user=person).filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


def access_api_token(user: User | AnonymousUser, token_id: int) -> ApiToken:
    """One of the caller's own working tokens; anyone else's (or an expired one) is a 404."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(api_tokens_of(person=user), pk=token_id)


def passkeys_of(*, person: User) -> QuerySet[WebAuthnCredential]:
    """The person's passkeys, newest first, for the security page."""
    return WebAuthnCredential.objects.filter(user=person, confirmed=True).order_by("-created_at", "-pk")
