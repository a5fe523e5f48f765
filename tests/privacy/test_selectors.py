"""A person's data download (privacy/selectors.py): their own data, never credentials, a fixed
number of queries."""

import json

import pytest
from auditlog.context import set_actor
from django.core.serializers.json import DjangoJSONEncoder

from accounts.services.second_factor import new_backup_codes
from accounts.services.tokens import create_api_token
from privacy.selectors import personal_data_of
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, UserFactory
from tests.factories.notifications import NotificationFactory
from tests.factories.projects import HeldMeetingFactory
from tests.scheduling.factories import AvailabilityRuleFactory, PersonParticipantFactory
from tests.second_factor import authenticator_app_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _person_with_everything():
    person = OrganisationAdminFactory.create(first_name="Amina", email="amina@example.org")
    HeldMeetingFactory.create(requested_by=person, organiser__organisation=person.organisation)
    NotificationFactory.create(recipient=person, title="A meeting request")
    AvailabilityRuleFactory.create(participant=PersonParticipantFactory.create(user=person))
    create_api_token(user=person, name="laptop")
    authenticator_app_of(person)
    new_backup_codes(user=person)
    organisation = OrganisationFactory.create()
    with set_actor(person):
        organisation.website = "https://example.org"
        organisation.save()
    return person


def test_the_download_holds_the_person_s_own_data():
    person = _person_with_everything()
    UserFactory.create()  # someone else, who must not appear
    NotificationFactory.create(title="Someone else's")

    data = personal_data_of(person=person)

    assert (data["profile"]["first_name"], data["profile"]["email"]) == ("Amina", "amina@example.org")
    assert (data["membership"]["organisation"]["name"], data["membership"]["role"]) == (
        str(person.organisation),
        "admin",
    )
    assert [(m["requested_by_you"], m["status"]) for m in data["meetings"]] == [(True, "held")]
    assert [n["title"] for n in data["notifications"]] == ["A meeting request"]
    assert [(r["weekday"], str(r["start"])) for r in data["availability"]["weekly"]] == [
        ("Monday", "09:00:00")
    ]
    assert [t["name"] for t in data["api_tokens"]] == ["laptop"]
    assert sorted(d["kind"] for d in data["second_factor_devices"]) == ["StaticDevice", "TOTPDevice"]
    assert [(c["action"], c["changes"]["website"]) for c in data["changes_you_made"]] == [
        ("changed", ["—", "https://example.org"])
    ]


def test_the_download_holds_no_credentials():
    person = _person_with_everything()
    device = authenticator_app_of(person)
    token_digest = person.auth_token_set.get().digest

    text = json.dumps(personal_data_of(person=person), cls=DjangoJSONEncoder)

    assert [secret in text for secret in (person.password, token_digest, device.key, "digest", "key")] == [
        False,
        False,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize("items", [1, 3])
def test_the_download_takes_a_fixed_number_of_queries(items, django_assert_num_queries):
    person = _person_with_everything()
    for _ in range(items - 1):
        HeldMeetingFactory.create(requested_by=person, organiser__organisation=person.organisation)
        NotificationFactory.create(recipient=person)
        create_api_token(user=person, name="script")
    person.refresh_from_db()

    # organisation, join requests, applications, meetings, participant + rules + exceptions,
    # notifications, e-mail choices, tokens, two kinds of device, audit entries
    # One query per kind of second-factor device (app, backup codes, passkey) among the 14.
    with django_assert_num_queries(14):
        personal_data_of(person=person)
