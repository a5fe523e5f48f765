"""The audit trail (common/audit.py, django-auditlog): who made a change is recorded for pages and
for API token requests alike, secrets are never stored, and entries read as people expect."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, Organisation, User
from accounts.services.tokens import create_api_token
from common.audit import audit_entries, audit_rows, record_actor
from tests.factories.accounts import (
    MembershipApplicationFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _entries_for(instance) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(instance).order_by("timestamp", "id"))


def test_a_change_through_a_page_names_the_staff_member():
    staff = StaffFactory.create()
    organisation = OrganisationFactory.create(website="")
    client = Client()
    client.force_login(staff)

    response = client.post(
        f"/members/{organisation.slug}/edit/",
        {"name": "Nairobi City County", "website": "https://nairobi.go.ke", "population": "4400000"},
    )

    assert response.status_code == 302
    entry = _entries_for(organisation)[-1]
    assert (entry.action, entry.actor) == (LogEntry.Action.UPDATE, staff)
    assert entry.changes["website"] == ["", "https://nairobi.go.ke"]


def test_a_change_through_the_api_with_a_token_names_the_staff_member():
    staff = StaffFactory.create()
    organisation = OrganisationFactory.create(website="")
    _, key = create_api_token(user=staff, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}/", {"website": "https://nairobi.go.ke"}, format="json"
    )

    assert response.status_code == 200
    entry = _entries_for(organisation)[-1]
    assert (entry.action, entry.actor, entry.changes["website"]) == (
        LogEntry.Action.UPDATE,
        staff,
        ["", "https://nairobi.go.ke"],
    )


def test_a_change_outside_a_request_has_no_actor():
    record_actor(StaffFactory.create())  # no request, no audit context: nothing to name
    organisation = OrganisationFactory.create()

    assert [entry.actor for entry in _entries_for(organisation)] == [None]


def test_token_digests_and_password_hashes_are_never_stored():
    person = UserFactory.create()
    token, _ = create_api_token(user=person, name="laptop")
    token_changes = _entries_for(ApiToken.objects.get(pk=token.pk))[0].changes
    person.set_password("another-long-passphrase")
    person.is_staff = True
    person.save()

    person_changes = _entries_for(person)[-1].changes
    assert ("digest" in token_changes, "token_key" in token_changes, token_changes["name"]) == (
        False,
        False,
        [None, "laptop"],
    )
    assert person_changes == {"is_staff": [False, True]}


def test_a_person_s_contact_details_are_not_audited():
    person = UserFactory.create(first_name="Amina")
    before = len(_entries_for(person))

    person.first_name = "Wanjiru"
    person.email = "wanjiru@example.org"
    person.save()

    assert len(_entries_for(person)) == before


def test_rows_show_choices_by_label_and_related_rows_by_name():
    organisation = OrganisationFactory.create(name="Kisumu")
    person = UserFactory.create(organisation=None)
    person.organisation = organisation
    person.organisation_role = "admin"
    person.save()

    [row] = audit_rows(list(audit_entries(content_type=None).filter(object_pk=str(person.pk), action=1)))

    assert {(c.label, c.old, c.new) for c in row.changes} == {
        ("organisation", "—", "Kisumu"),
        ("organisation role", "Member", "Organisation admin"),
    }


def test_entries_filter_by_actor():
    staff = StaffFactory.create()
    client = Client()
    client.force_login(staff)
    organisation = OrganisationFactory.create()
    client.post(f"/members/{organisation.slug}/edit/", {"name": "Mombasa"})

    assert [e.object_repr for e in audit_entries(actor=staff)] == ["Mombasa"]
    assert Organisation.objects.get(pk=organisation.pk).name == "Mombasa"
    assert User.objects.filter(pk=staff.pk).exists()


def test_changed_times_show_in_the_viewer_s_time_zone():
    application = MembershipApplicationFactory.create()
    application.status = "rejected"
    application.rejection_reason = "Not a city."
    application.decided_at = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    application.save()
    entry = LogEntry.objects.get_for_object(application).latest()

    with timezone.override("Asia/Tokyo"):
        [row] = audit_rows([entry])

    assert [(c.old, c.new) for c in row.changes if c.label == "decided at"] == [("—", "Mar 1, 2026, 21:00")]
