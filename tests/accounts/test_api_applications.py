import pytest
from django.core import mail

from accounts.enums import ApplicationStatus, OrganisationRole
from accounts.models import MembershipApplication, UnconfirmedApplication, User
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

APPLICATIONS = "/api/v1/membership-applications/"
COMPANY = {
    "organisation_name": "Lumen Grid",
    "category": "corporation",
    "kind": "startup",
    "country": "PT",
    "locality": "Lisbon",
    "region": "europe",
    "employee_count": 60,
}
ACCOUNT = {"email": "rui@example.org", "first_name": "Rui", "last_name": "Costa"}
SENT = {
    "detail": "Check your inbox: we sent an e-mail to the address given. "
    "Open its link to send the application."
}

# Who calls, for the permission tests: each makes the user (or None for anonymous).
OUTSIDERS = {
    "anonymous": lambda: None,
    "person-of-another-organisation": lambda: UserFactory.create(organisation=CorporationFactory.create()),
    "member": UserFactory.create,
    "organisation-admin": OrganisationAdminFactory.create,
}


def decide(api_client, application, decision, actor):
    if actor is not None:
        api_client.force_authenticate(actor)
    body = {"reason": "Not eligible."} if decision == "reject" else {}
    return api_client.post(f"{APPLICATIONS}{application.pk}/{decision}/", body, format="json")


def test_anonymous_application_is_held_until_the_emailed_link_is_opened(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(APPLICATIONS, {**COMPANY, **ACCOUNT}, format="json")

    assert (response.status_code, response.json()) == (202, SENT)
    assert (User.objects.count(), MembershipApplication.objects.count()) == (0, 0)
    assert UnconfirmedApplication.objects.get().email == "rui@example.org"
    assert [(m.to, "/apply/finish/" in m.body) for m in mail.outbox] == [(["rui@example.org"], True)]


def test_anonymous_application_answers_a_taken_address_as_a_free_one(
    api_client, django_capture_on_commit_callbacks
):
    UserFactory.create(email="taken@example.org")

    def answer_for(address: str) -> tuple[int, object]:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(APPLICATIONS, {**COMPANY, **ACCOUNT, "email": address}, format="json")
        return response.status_code, response.json()

    assert answer_for("taken@example.org") == answer_for("free@example.org") == (202, SENT)
    # The owner of the taken address is told, and nothing of theirs is held or submitted.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["taken@example.org"], "Someone applied for membership with your e-mail address"),
        (["free@example.org"], "Confirm your membership application on Solutions Meet Cities"),
    ]
    assert list(UnconfirmedApplication.objects.values_list("email", flat=True)) == ["free@example.org"]
    assert MembershipApplication.objects.count() == 0


def test_anonymous_application_needs_an_address(api_client):
    response = api_client.post(APPLICATIONS, COMPANY, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["email"])


def test_applying_is_throttled_like_sign_up(api_client, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup": "2/hour"}

    codes = [
        api_client.post(APPLICATIONS, {**COMPANY, **ACCOUNT}, format="json").status_code for _ in range(3)
    ]

    assert codes == [202, 202, 429]


def test_signed_in_person_applies_as_the_contact(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.post(APPLICATIONS, COMPANY, format="json")

    assert (response.status_code, response.json()["applicant"]["id"]) == (201, user.pk)


def test_bad_input_names_each_field(api_client):
    response = api_client.post(
        APPLICATIONS,
        {**COMPANY, "kind": "city", "employee_count": None, **ACCOUNT},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "employee_count"}
    assert (MembershipApplication.objects.count(), UnconfirmedApplication.objects.count()) == (0, 0)


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(api_client, staff, django_assert_num_queries, item_count):
    MembershipApplicationFactory.create_batch(item_count)
    api_client.force_authenticate(staff)

    with django_assert_num_queries(2):  # count + page (applicants, deciders, organisations joined)
        response = api_client.get(APPLICATIONS)

    assert (response.status_code, response.json()["count"]) == (200, item_count)


def test_list_shows_an_applicant_only_their_own(api_client):
    own = MembershipApplicationFactory.create()
    MembershipApplicationFactory.create()
    api_client.force_authenticate(own.applicant)

    response = api_client.get(APPLICATIONS)

    assert [row["id"] for row in response.json()["results"]] == [own.pk]


def test_list_filters_by_status(api_client, staff):
    MembershipApplicationFactory.create()
    approved = MembershipApplicationFactory.create()
    decide(api_client, approved, "approve", staff)

    response = api_client.get(APPLICATIONS, {"status": "approved"})

    assert [row["id"] for row in response.json()["results"]] == [approved.pk]


def test_list_needs_a_login(api_client):
    assert api_client.get(APPLICATIONS).status_code == 401


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("person-of-another-organisation", 403), ("member", 403)]
)
def test_detail_is_for_the_applicant_and_staff_only(api_client, who, expected):
    application = MembershipApplicationFactory.create()
    outsider = OUTSIDERS[who]()
    if outsider is not None:
        api_client.force_authenticate(outsider)

    assert api_client.get(f"{APPLICATIONS}{application.pk}/").status_code == expected


def test_detail_for_the_applicant(api_client):
    application = MembershipApplicationFactory.create()
    api_client.force_authenticate(application.applicant)

    assert api_client.get(f"{APPLICATIONS}{application.pk}/").json()["id"] == application.pk


def test_detail_of_a_missing_application_is_404(api_client, staff):
    api_client.force_authenticate(staff)

    assert api_client.get(f"{APPLICATIONS}999999/").status_code == 404


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("person-of-another-organisation", 403),
        ("member", 403),
        ("organisation-admin", 403),
        ("applicant", 403),
    ],
)
def test_only_staff_decide(api_client, decision, who, expected):
    application = MembershipApplicationFactory.create()
    actor = application.applicant if who == "applicant" else OUTSIDERS[who]()

    response = decide(api_client, application, decision, actor)

    application.refresh_from_db()
    assert (response.status_code, application.status) == (expected, ApplicationStatus.PENDING)


def test_staff_approve_with_corrections(api_client, staff):
    application = MembershipApplicationFactory.create()
    api_client.force_authenticate(staff)

    response = api_client.post(
        f"{APPLICATIONS}{application.pk}/approve/", {"organisation_name": "Lumen Grid SA"}, format="json"
    )

    contact = User.objects.select_related("organisation").get(pk=application.applicant_id)
    assert contact.organisation is not None
    assert (response.status_code, response.json()["status"]) == (200, "approved")
    assert (contact.organisation.name, contact.organisation_role) == ("Lumen Grid SA", OrganisationRole.ADMIN)
    assert response.json()["organisation_slug"] == contact.organisation.slug


def test_staff_approve_with_a_bad_correction_gets_400(api_client, staff):
    application = MembershipApplicationFactory.create()
    api_client.force_authenticate(staff)

    response = api_client.post(f"{APPLICATIONS}{application.pk}/approve/", {"kind": "city"}, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["kind"])


def test_reject_without_a_reason_gets_400(api_client, staff):
    application = MembershipApplicationFactory.create()
    api_client.force_authenticate(staff)

    response = api_client.post(f"{APPLICATIONS}{application.pk}/reject/", {"reason": ""}, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["reason"])


@pytest.mark.parametrize("first", ["approve", "reject"])
@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_second_decision_gets_409(api_client, first, second):
    application = MembershipApplicationFactory.create()
    decide(api_client, application, first, StaffFactory.create())

    response = decide(api_client, application, second, StaffFactory.create())

    assert (response.status_code, response.json()["type"]) == (409, "conflict")


def test_decision_on_a_missing_application_is_404(api_client, staff):
    api_client.force_authenticate(staff)

    assert api_client.post(f"{APPLICATIONS}999999/approve/", {}, format="json").status_code == 404


def test_schema_documents_the_application_endpoints(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {
        "/api/v1/membership-applications/",
        "/api/v1/membership-applications/{id}/",
        "/api/v1/membership-applications/{id}/approve/",
        "/api/v1/membership-applications/{id}/reject/",
    } <= set(paths)
