import re
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.enums import APPLICATION_SOURCE, ApplicationStatus, Category, Kind, OrganisationRole, Region
from accounts.models import MembershipApplication, Organisation, UnconfirmedApplication, User
from accounts.selectors import member_counts, member_organisations, organisation_directory
from accounts.services.applications import (
    approve_membership_application,
    complete_membership_application,
    reject_membership_application,
    request_membership_application,
    submit_membership_application,
)
from accounts.services.people import VerificationLinkError
from accounts.verification import SIGN_UP_LINK_LIFETIME, SIGN_UP_SALT, SignUpClaim, sign_up_token
from common.exceptions import ApplicationError, ConflictError
from common.realtime import wait_for_background
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from projects.reports import members_by_region_and_category
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CITY_FIELDS: dict[str, Any] = {
    "organisation_name": "Porto Novo",
    "category": Category.LOCAL_GOVERNMENT,
    "kind": Kind.CITY,
    "country": "BJ",
    "locality": "Ouémé",
    "region": Region.AFRICA,
    "population": 264_000,
    "gdp_per_capita_ppp": Decimal("3900"),
}
NEW_PERSON: dict[str, Any] = {"email": "ada@example.org", "first_name": "Ada", "last_name": "Obi"}
PASSWORD = "a-long-secret-9"  # noqa: S105 -- a throw-away test account


def sent_mail(callbacks_run) -> list:
    """The e-mails sent once the captured on-commit callbacks have handed them to the worker."""
    assert callbacks_run is not None
    assert wait_for_background()
    return list(mail.outbox)


def application_token(message) -> str:
    found = re.search(r"https?://[^/\s]+/apply/finish/([^/\s]+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_applying_without_an_account_holds_the_application_and_emails_a_link(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://smc.example.org"

    with django_capture_on_commit_callbacks(execute=True):
        request_membership_application(contact_job_title="Mayor's adviser", **NEW_PERSON, **CITY_FIELDS)

    # Nothing reaches staff, and no account exists, before the link is opened.
    assert (User.objects.count(), MembershipApplication.objects.count()) == (0, 0)
    held = UnconfirmedApplication.objects.get()
    assert (held.email, held.contact_job_title) == ("ada@example.org", "Mayor's adviser")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ada@example.org"], "Confirm your membership application on Solutions Meet Cities")
    ]
    assert "https://smc.example.org/apply/finish/" in mail.outbox[0].body


def test_the_link_makes_the_verified_account_and_submits_the_application(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_membership_application(contact_job_title="Adviser", **NEW_PERSON, **CITY_FIELDS)
    token = application_token(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = complete_membership_application(token=token, username="ada", password=PASSWORD)

    applicant = application.applicant
    assert (application.status, applicant.username, applicant.email) == (
        ApplicationStatus.PENDING,
        "ada",
        "ada@example.org",
    )
    assert (applicant.check_password(PASSWORD), applicant.email_verified) == (True, True)
    assert (applicant.first_name, applicant.last_name, application.contact_job_title) == (
        "Ada",
        "Obi",
        "Adviser",
    )
    application.refresh_from_db()
    stored = {name: getattr(application, name) for name in CITY_FIELDS}
    assert {**stored, "country": stored["country"].code} == CITY_FIELDS
    # The link proved the address, so the only mail is the application's own.
    assert [(m.to, m.subject) for m in sent_mail(callbacks)] == [
        (["ada@example.org"], "We received your membership application for Porto Novo")
    ]
    assert UnconfirmedApplication.objects.count() == 0
    with pytest.raises(VerificationLinkError):  # the link works once
        complete_membership_application(token=token, username="ada2", password=PASSWORD)


def test_applying_with_a_taken_address_keeps_nothing_and_tells_the_owner(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://smc.example.org"
    owner = UserFactory.create(username="owner", email="ada@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        request_membership_application(**{**NEW_PERSON, "email": "ADA@example.org"}, **CITY_FIELDS)

    assert (MembershipApplication.objects.count(), UnconfirmedApplication.objects.count()) == (0, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([owner.email], "Someone applied for membership with your e-mail address")
    ]
    body = str(mail.outbox[0].body)
    assert "username: owner" in body
    assert "https://smc.example.org/accounts/login/?next=/apply/" in body
    assert re.search(r"https://smc\.example\.org/accounts/reset/\S+/\S+/", body) is not None
    assert "/apply/finish/" not in body


class SignerFromThePast(signing.TimestampSigner):
    """Signs as if it were just past a link's lifetime ago."""

    def timestamp(self) -> str:
        then = timezone.now() - SIGN_UP_LINK_LIFETIME - timedelta(seconds=5)
        return signing.b62_encode(int(then.timestamp()))


def test_an_expired_link_submits_nothing_and_its_application_is_dropped_later(
    django_capture_on_commit_callbacks,
):
    request_membership_application(**NEW_PERSON, **CITY_FIELDS)
    held = UnconfirmedApplication.objects.get()
    claim = SignUpClaim(email=held.email, first_name="Ada", last_name="Obi", application=held.pk)
    expired = SignerFromThePast(salt=SIGN_UP_SALT).sign_object(asdict(claim), compress=True)
    UnconfirmedApplication.objects.update(
        created_at=timezone.now() - SIGN_UP_LINK_LIFETIME - timedelta(hours=1)
    )

    with pytest.raises(VerificationLinkError):
        complete_membership_application(token=expired, username="ada", password=PASSWORD)
    request_membership_application(**{**NEW_PERSON, "email": "bo@example.org"}, **CITY_FIELDS)

    assert list(UnconfirmedApplication.objects.values_list("email", flat=True)) == ["bo@example.org"]
    assert (User.objects.count(), MembershipApplication.objects.count()) == (0, 0)


def test_a_plain_sign_up_link_submits_no_application():
    request_membership_application(**NEW_PERSON, **CITY_FIELDS)

    with pytest.raises(VerificationLinkError):
        complete_membership_application(
            token=sign_up_token(SignUpClaim(email="ada@example.org")), username="ada", password=PASSWORD
        )
    assert User.objects.count() == 0


def test_submit_signed_in_makes_the_person_the_contact(user):
    application = submit_membership_application(applicant=user, contact_job_title="CTO", **CITY_FIELDS)

    assert (application.applicant, application.contact_job_title) == (user, "CTO")


def test_applying_reports_every_bad_field_at_once_and_keeps_nothing():
    fields = {**CITY_FIELDS, "kind": Kind.STARTUP, "population": None}

    with pytest.raises(ValidationError) as caught:
        request_membership_application(email="not-an-address", **fields)

    assert set(caught.value.message_dict) == {"kind", "population", "email"}
    assert (UnconfirmedApplication.objects.count(), len(mail.outbox)) == (0, 0)


def test_submit_company_needs_its_head_count(user):
    fields = {**CITY_FIELDS, "category": Category.CORPORATION, "kind": Kind.SME}

    with pytest.raises(ValidationError) as caught:
        submit_membership_application(applicant=user, **fields)

    assert set(caught.value.message_dict) == {"population", "gdp_per_capita_ppp", "employee_count"}


def test_submit_refuses_a_name_already_a_member(user):
    OrganisationFactory.create(name="Porto Novo", country="BJ", region=Region.AFRICA)

    with pytest.raises(ValidationError) as caught:
        submit_membership_application(applicant=user, **CITY_FIELDS)

    assert list(caught.value.message_dict) == ["organisation_name"]


def test_submit_refuses_someone_who_already_represents_a_member(org_admin):
    with pytest.raises(ApplicationError):
        submit_membership_application(applicant=org_admin, **CITY_FIELDS)


def test_submit_refuses_a_second_pending_application(user):
    MembershipApplicationFactory.create(applicant=user)

    with pytest.raises(ApplicationError):
        submit_membership_application(applicant=user, **CITY_FIELDS)


def test_approve_creates_the_member_and_makes_the_contact_its_admin(
    staff, django_capture_on_commit_callbacks
):
    application = MembershipApplicationFactory.create(contact_job_title="Founder")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approved = approve_membership_application(
            application=application, actor=staff, organisation_name="Corrected Name", employee_count=80
        )

    organisation = approved.organisation
    assert organisation is not None
    contact = User.objects.get(pk=application.applicant_id)
    assert (organisation.name, organisation.employee_count, organisation.source) == (
        "Corrected Name",
        80,
        APPLICATION_SOURCE,
    )
    assert (contact.organisation, contact.organisation_role, contact.job_title) == (
        organisation,
        OrganisationRole.ADMIN,
        "Founder",
    )
    assert (approved.status, approved.decided_by) == (ApplicationStatus.APPROVED, staff)
    assert [m.subject for m in sent_mail(callbacks)] == ["Welcome: Corrected Name is now a member"]


def test_approve_with_a_bad_correction_reports_the_field_and_changes_nothing(staff):
    application = MembershipApplicationFactory.create()

    with pytest.raises(ValidationError) as caught:
        approve_membership_application(application=application, actor=staff, kind=Kind.CITY)

    application.refresh_from_db()
    assert (list(caught.value.message_dict), application.status) == (["kind"], ApplicationStatus.PENDING)
    assert Organisation.objects.count() == 0


def test_reject_needs_a_reason(staff):
    application = MembershipApplicationFactory.create()

    with pytest.raises(ValidationError) as caught:
        reject_membership_application(application=application, actor=staff, reason="  ")

    assert list(caught.value.message_dict) == ["reason"]


def test_reject_records_the_reason_and_emails_it(staff, django_capture_on_commit_callbacks):
    application = MembershipApplicationFactory.create()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rejected = reject_membership_application(application=application, actor=staff, reason="Not a city.")

    assert (rejected.status, rejected.rejection_reason) == (ApplicationStatus.REJECTED, "Not a city.")
    assert "Reason: Not a city." in sent_mail(callbacks)[0].body


@pytest.mark.parametrize("first", ["approve", "reject"])
@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_second_decision_is_a_conflict(staff, first, second):
    application = MembershipApplicationFactory.create()
    decide = {
        "approve": lambda: approve_membership_application(application=application, actor=staff),
        "reject": lambda: reject_membership_application(application=application, actor=staff, reason="No."),
    }
    decide[first]()

    with pytest.raises(ConflictError):
        decide[second]()

    assert Organisation.objects.count() == (1 if first == "approve" else 0)


@pytest.mark.parametrize(
    "make_actor",
    [
        pytest.param(lambda application: UserFactory.create(), id="person-without-organisation"),
        pytest.param(
            lambda application: OrganisationAdminFactory.create(), id="admin-of-another-organisation"
        ),
        pytest.param(
            lambda application: UserFactory.create(organisation=CorporationFactory.create()), id="member"
        ),
        pytest.param(lambda application: application.applicant, id="the-applicant"),
    ],
)
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_only_staff_decide(make_actor, decision):
    application = MembershipApplicationFactory.create()
    actor = make_actor(application)

    decide = {
        "approve": lambda: approve_membership_application(application=application, actor=actor),
        "reject": lambda: reject_membership_application(application=application, actor=actor, reason="No."),
    }[decision]

    with pytest.raises(PermissionDenied):
        decide()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_approve_conflicts_when_the_contact_joined_another_organisation_meanwhile(staff):
    application = MembershipApplicationFactory.create()
    User.objects.filter(pk=application.applicant_id).update(organisation=CorporationFactory.create())

    with pytest.raises(ConflictError):
        approve_membership_application(application=application, actor=staff)


def test_demo_providers_are_not_members(staff):
    imported = OrganisationFactory.create(source="brochure-2023")
    approved = approve_membership_application(application=MembershipApplicationFactory.create(), actor=staff)
    assert approved.organisation is not None
    call_command("generate_demo_catalogue", solutions=4, providers=2, stdout=_Discard())

    members = {imported.pk, approved.organisation.pk}
    assert Organisation.objects.count() == 4
    assert set(member_organisations().values_list("pk", flat=True)) == members
    assert set(organisation_directory().values_list("pk", flat=True)) == members
    assert member_counts()["total"] == 2
    assert (members_by_region_and_category().footer or [])[-1] == 2


class _Discard:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_only_the_applicant_is_emailed_about_a_submission(staff, django_capture_on_commit_callbacks):
    applicant = UserFactory.create()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_membership_application(applicant=applicant, **CITY_FIELDS)

    assert [m.to for m in sent_mail(callbacks)] == [[applicant.email]]


def test_the_application_e_mails_are_outbox_rows_of_the_transaction(django_capture_on_commit_callbacks):
    """Both answers (the link to a new address, the notice to a taken one) are written to the outbox
    in the service's transaction: a rollback leaves no row and sends nothing."""
    UserFactory.create(email="owner@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        for email in ["ada@example.org", "owner@example.org"]:
            with transaction.atomic():
                request_membership_application(**{**NEW_PERSON, "email": email}, **CITY_FIELDS)
                transaction.set_rollback(True)  # the caller's transaction rolls back
    assert (OutboxMessage.objects.count(), len(mail.outbox)) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        request_membership_application(**NEW_PERSON, **CITY_FIELDS)
        request_membership_application(**{**NEW_PERSON, "email": "owner@example.org"}, **CITY_FIELDS)

    rows = OutboxMessage.objects.order_by("pk")
    assert [(row.key.split(":")[0], row.to, row.status) for row in rows] == [
        ("application-link", ["ada@example.org"], OutboxStatus.SENT),
        ("application-attempt", ["owner@example.org"], OutboxStatus.SENT),
    ]
    assert len(mail.outbox) == 2
