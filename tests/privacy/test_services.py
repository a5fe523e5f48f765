"""Deleting one's own account (privacy/services.py): anonymised, credentials gone, the organisation's
records kept, the last admin refused, all or nothing."""

from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import ApiToken, JoinRequest, User
from accounts.services.joining import request_to_join
from accounts.services.second_factor import new_backup_codes
from accounts.services.tokens import create_api_token, revoke_api_token
from common.exceptions import ConflictError
from notifications.models import EmailPreference, Notification
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from outbox.services.queueing import KeyedEmail, enqueue_many
from privacy.services import LastAdminError, delete_account
from scheduling.enums import MeetingStatus
from scheduling.models import AvailabilityRule, CalendarFeed, Meeting
from scheduling.services.feeds import rotate_calendar_feed
from scheduling.services.meetings import accept_meeting, request_meeting
from tests.factories.accounts import (
    OrganisationAdminFactory,
    OrganisationFactory,
    PasskeyFactory,
    UserFactory,
)
from tests.factories.notifications import EmailPreferenceFactory, NotificationFactory
from tests.factories.outbox import OutboxMessageFactory
from tests.factories.projects import HeldMeetingFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import (
    AvailabilityRuleFactory,
    OrganisationParticipantFactory,
    PersonParticipantFactory,
)
from tests.second_factor import authenticator_app_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "correct-horse-battery"  # noqa: S105 -- the factories' throw-away password


def test_the_person_is_anonymised_and_can_no_longer_log_in():
    person = UserFactory.create(first_name="Amina", last_name="Otieno", job_title="CIO")

    delete_account(person=person, password=PASSWORD)

    person.refresh_from_db()
    assert (
        person.username,
        person.email,
        person.first_name,
        person.last_name,
        person.job_title,
        person.is_active,
        person.has_usable_password(),
        str(person),
    ) == (
        f"former-member-{person.pk}",
        f"former-member-{person.pk}@deleted.invalid",
        "",
        "",
        "",
        False,
        False,
        "Former member",
    )
    login = Client().post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert (person.check_password(PASSWORD), login.status_code, login.wsgi_request.user.is_authenticated) == (
        False,
        200,
        False,
    )


def test_credentials_and_what_was_only_theirs_are_deleted():
    person = UserFactory.create()
    create_api_token(user=person, name="laptop")
    create_api_token(user=person, name="script")
    authenticator_app_of(person)
    new_backup_codes(user=person)
    PasskeyFactory.create(user=person)
    rotate_calendar_feed(user=person)
    NotificationFactory.create(recipient=person)
    EmailPreferenceFactory.create(person=person)
    AvailabilityRuleFactory.create(participant=PersonParticipantFactory.create(user=person))
    someone_else = UserFactory.create()
    create_api_token(user=someone_else, name="theirs")

    delete_account(person=person, password=PASSWORD)

    assert [
        ApiToken.objects.filter(user=person).count(),
        TOTPDevice.objects.filter(user=person).count(),
        StaticDevice.objects.filter(user=person).count(),
        WebAuthnCredential.objects.filter(user=person).count(),
        CalendarFeed.objects.filter(user=person).count(),
        Notification.objects.filter(recipient=person).count(),
        EmailPreference.objects.filter(person=person).count(),
        AvailabilityRule.objects.filter(participant__user=person).count(),
        ApiToken.objects.filter(user=someone_else).count(),
    ] == [0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_every_session_of_the_person_ends():
    person = UserFactory.create()
    phone, laptop = Client(), Client()
    phone.force_login(person)
    laptop.force_login(person)

    delete_account(person=person, password=PASSWORD)

    assert (phone.get("/accounts/profile/").status_code, laptop.get("/accounts/profile/").status_code) == (
        302,
        302,
    )


def test_the_organisation_s_records_stay_and_name_a_former_member():
    meeting = HeldMeetingFactory.create()
    person = meeting.requested_by
    organisation = person.organisation
    assert organisation is not None

    delete_account(person=person, password=PASSWORD)

    meeting = Meeting.objects.select_related("requested_by").get(pk=meeting.pk)
    person.refresh_from_db()
    assert (str(meeting.requested_by), person.organisation, organisation.users.count()) == (
        "Former member",
        None,
        0,
    )


def test_a_wrong_password_changes_nothing():
    person = UserFactory.create()
    create_api_token(user=person, name="laptop")

    with pytest.raises(ValidationError) as caught:
        delete_account(person=person, password="not-my-password")

    person.refresh_from_db()
    assert (caught.value.message_dict, person.is_active, ApiToken.objects.filter(user=person).count()) == (
        {"password": ["This is not your password."]},
        True,
        1,
    )


def test_the_last_admin_of_an_organisation_with_other_people_is_refused():
    admin = OrganisationAdminFactory.create()
    UserFactory.create(organisation=admin.organisation)

    with pytest.raises(LastAdminError) as caught:
        delete_account(person=admin, password=PASSWORD)

    admin.refresh_from_db()
    assert (str(caught.value), admin.is_active, admin.organisation_role) == (
        f"You are the last admin of {admin.organisation}, which has other people: make one of them "
        "admin before you delete your account.",
        True,
        OrganisationRole.ADMIN,
    )


def test_an_admin_with_another_admin_may_leave():
    admin = OrganisationAdminFactory.create()
    other = OrganisationAdminFactory.create(organisation=admin.organisation)

    delete_account(person=admin, password=PASSWORD)

    assert list(User.objects.filter(organisation=admin.organisation)) == [other]


def test_the_sole_person_may_leave_and_the_organisation_stays_without_people():
    admin = OrganisationAdminFactory.create()
    organisation = admin.organisation
    assert organisation is not None

    delete_account(person=admin, password=PASSWORD)

    organisation.refresh_from_db()
    assert (organisation.users.count(), organisation.name != "") == (0, True)


def test_a_pending_join_request_is_withdrawn():
    person = UserFactory.create(organisation=None)
    join_request = request_to_join(person=person, organisation=OrganisationFactory.create())

    delete_account(person=person, password=PASSWORD)

    assert JoinRequest.objects.get(pk=join_request.pk).status == JoinRequestStatus.WITHDRAWN


def test_a_second_deletion_is_a_conflict():
    person = UserFactory.create()
    delete_account(person=person, password=PASSWORD)

    with pytest.raises(ConflictError):
        delete_account(person=person, password=PASSWORD)


def test_the_audit_trail_keeps_what_they_did_without_their_name_or_addresses():
    person = UserFactory.create(first_name="Amina", last_name="Otieno")
    organisation = OrganisationFactory.create()
    with set_actor(person, remote_addr="192.0.2.7"):
        token, _ = create_api_token(user=person, name="laptop")
        revoke_api_token(user=person, token_id=token.pk)
        organisation.website = "https://example.org"
        organisation.save()

    delete_account(person=person, password=PASSWORD)

    theirs = LogEntry.objects.filter(actor=person)
    assert sorted({(e.actor_email, e.remote_addr) for e in theirs}) == [(None, None)]
    assert [e for e in LogEntry.objects.all() if "Amina" in e.object_repr or "Otieno" in e.object_repr] == []
    assert theirs.filter(object_pk=str(organisation.pk)).exists()


def test_failed_logins_under_the_old_username_are_forgotten():
    person = UserFactory.create(username="amina")
    AccessAttempt.objects.create(
        username="amina", ip_address="192.0.2.7", user_agent="test", failures_since_start=1
    )
    AccessAttempt.objects.create(
        username="kofi", ip_address="192.0.2.7", user_agent="test", failures_since_start=1
    )

    delete_account(person=person, password=PASSWORD)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["kofi"]


def book_as_themself(person, host, days_ahead):
    return request_meeting(
        actor=person,
        invitee=host,
        subject="Smart parking",
        length=30,
        start=berlin_at(days_ahead, 10),
        as_organisation=False,
    )


def test_their_own_meetings_to_come_are_cancelled_and_the_other_side_told():
    host = open_every_day(OrganisationParticipantFactory.create())
    host_person = person_of(host.organisation)
    person = person_of(OrganisationFactory.create())
    ahead = accept_meeting(meeting=book_as_themself(person, host, 3), actor=host_person)
    asked = book_as_themself(person, host, 4)

    delete_account(person=person, password=PASSWORD)

    statuses = dict(Meeting.objects.filter(pk__in=[ahead.pk, asked.pk]).values_list("pk", "status"))
    assert statuses == {ahead.pk: MeetingStatus.CANCELLED, asked.pk: MeetingStatus.CANCELLED}
    cancellations = OutboxMessage.objects.filter(key__contains="meeting.cancelled")
    assert sorted(row.to[0] for row in cancellations) == [host_person.email, host_person.email]


def test_meetings_of_their_organisation_stay():
    host = open_every_day(OrganisationParticipantFactory.create())
    admin = OrganisationAdminFactory.create()
    colleague = person_of(admin.organisation)
    meeting = request_meeting(
        actor=colleague, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )

    delete_account(person=colleague, password=PASSWORD)

    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.REQUESTED


def test_the_e_mails_to_them_alone_are_deleted_and_others_kept():
    person = UserFactory.create(first_name="Amina", last_name="Otieno")
    other = UserFactory.create()
    with transaction.atomic():
        enqueue_many(
            [
                KeyedEmail(
                    "later:1",
                    EmailMessage("Soon", "Hi", to=[f"Amina Otieno <{person.email.upper()}>"]),
                    send_at=timezone.now() + timedelta(hours=1),
                ),
                KeyedEmail(
                    "later:2",
                    EmailMessage("Soon", "Hi", to=[other.email]),
                    send_at=timezone.now() + timedelta(hours=1),
                ),
            ]
        )
    OutboxMessageFactory.create(
        key="sent:1", to=[person.email], status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    OutboxMessageFactory.create(key="failed:1", to=[person.email], status=OutboxStatus.FAILED)
    OutboxMessageFactory.create(key="sending:1", to=[person.email], status=OutboxStatus.SENDING)
    OutboxMessageFactory.create(
        key="both:1", to=[other.email], cc=[person.email], status=OutboxStatus.SENT, sent_at=timezone.now()
    )

    delete_account(person=person, password=PASSWORD)

    assert sorted(OutboxMessage.objects.values_list("key", flat=True)) == ["both:1", "later:2", "sending:1"]
