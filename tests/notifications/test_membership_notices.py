"""Membership requests and decisions land in the notification centre of the people who act on them
(accounts announces them through `accounts.signals`; this app writes the notifications)."""

import pytest
from django.test import TestCase

from accounts.enums import OrganisationRole
from accounts.services.applications import approve_membership_application
from accounts.services.joining import approve_join_request, request_to_join
from notifications.models import Notification
from notifications.services import set_email_preferences
from tests.factories.accounts import (
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def notices_of(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", "link"))


def test_a_request_to_join_notifies_the_organisations_admins_and_its_decision_the_person():
    admin = OrganisationAdminFactory.create()
    organisation = admin.organisation
    assert organisation is not None
    person = UserFactory.create(organisation=None)

    join_request = request_to_join(person=person, organisation=organisation)
    approve_join_request(join_request=join_request, actor=admin)

    assert notices_of(admin) == [("membership.join_requested", f"/members/{organisation.slug}/people/")]
    assert notices_of(person) == [("membership.join_decided", "/accounts/profile/")]


def test_a_request_to_join_an_organisation_without_admin_goes_to_staff():
    staff = StaffFactory.create()
    organisation = OrganisationFactory.create()
    person = UserFactory.create(organisation=None)

    request_to_join(person=person, organisation=organisation)

    assert notices_of(staff) == [("membership.join_requested", f"/members/{organisation.slug}/people/")]


def test_an_application_decision_notifies_the_applicant():
    application = MembershipApplicationFactory.create()

    approved = approve_membership_application(application=application, actor=StaffFactory.create())

    assert approved.applicant.organisation_role == OrganisationRole.ADMIN
    assert notices_of(approved.applicant) == [("membership.application_decided", f"/apply/{application.pk}/")]


def test_a_person_who_turned_membership_e_mails_off_gets_the_notification_only(mailoutbox):
    admin = OrganisationAdminFactory.create()
    organisation = admin.organisation
    assert organisation is not None
    person = UserFactory.create(organisation=None)
    set_email_preferences(person=person, choices={"membership": False})
    join_request = request_to_join(person=person, organisation=organisation)

    with_e_mail = UserFactory.create(organisation=None)
    other_request = request_to_join(person=with_e_mail, organisation=organisation)
    with TestCase.captureOnCommitCallbacks(execute=True):
        approve_join_request(join_request=join_request, actor=admin)
        approve_join_request(join_request=other_request, actor=admin)

    assert notices_of(person) == [("membership.join_decided", "/accounts/profile/")]
    assert [m.to for m in mailoutbox] == [[with_e_mail.email]]
