from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from accounts.enums import APPLICATION_SOURCE, ApplicationStatus, Category, Kind, OrganisationRole, Region
from accounts.models import MembershipApplication, Organisation, User
from accounts.selectors import member_counts, member_organisations, organisation_directory
from accounts.services.applications import (
    NewApplicant,
    approve_membership_application,
    reject_membership_application,
    submit_membership_application,
)
from common.exceptions import ApplicationError, ConflictError
from common.realtime import wait_for_background
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
NEW_PERSON = NewApplicant(
    username="ada", email="ada@example.org", password="a-long-secret-9", first_name="Ada", last_name="Obi"
)


def sent_mail(callbacks_run) -> list:
    """The e-mails sent once the captured on-commit callbacks have handed them to the worker."""
    assert callbacks_run is not None
    assert wait_for_background()
    return list(mail.outbox)


def test_submit_creates_the_account_and_emails_a_link(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://smc.example.org"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = submit_membership_application(applicant=None, new_applicant=NEW_PERSON, **CITY_FIELDS)

    messages = sent_mail(callbacks)
    assert (application.status, application.applicant.username) == (ApplicationStatus.PENDING, "ada")
    assert application.applicant.check_password("a-long-secret-9")
    # The new account's address is verified like any sign-up's; the application has its own mail.
    assert [(m.to, m.subject) for m in messages] == [
        (["ada@example.org"], "Confirm your e-mail address on Solutions Meet Cities"),
        (["ada@example.org"], "We received your membership application for Porto Novo"),
    ]
    assert f"https://smc.example.org/apply/{application.pk}/" in messages[1].body


def test_submit_signed_in_makes_the_person_the_contact(user):
    application = submit_membership_application(applicant=user, contact_job_title="CTO", **CITY_FIELDS)

    assert (application.applicant, application.contact_job_title) == (user, "CTO")


def test_submit_reports_every_bad_field_at_once_and_saves_nothing():
    weak = NewApplicant(username="bo", email="not-an-address", password="123")
    fields = {**CITY_FIELDS, "kind": Kind.STARTUP, "population": None}

    with pytest.raises(ValidationError) as caught:
        submit_membership_application(applicant=None, new_applicant=weak, **fields)

    assert set(caught.value.message_dict) >= {"kind", "population", "email", "password"}
    assert (User.objects.count(), MembershipApplication.objects.count()) == (0, 0)


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
