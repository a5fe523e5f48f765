"""Reads of organisations and people. Every permission-checked fetch is an `access_*`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django_countries import countries

from accounts.enums import DEMO_SOURCE, ApplicationStatus, Category, Region
from accounts.fees import FeeQuote, MissingFeeDataError, fee_for
from accounts.models import MembershipApplication, Organisation, User


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
        raise PermissionDenied("Only this organisation's admins and association staff can edit it.")
    return organisation


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    """The confirmed people of one organisation."""
    return organisation.users.filter(is_active=True).order_by("last_name", "first_name", "username")


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
        raise PermissionDenied("Only the applicant and association staff can see this application.")
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
