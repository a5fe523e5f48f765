"""The people API (accounts/api/people.py): permissions, 409 on a decision taken, query counts."""

import pytest
from rest_framework.test import APIClient

from accounts.enums import JoinRequestStatus
from accounts.models import JoinRequest
from accounts.services.invitations import invite_colleague
from accounts.services.joining import request_to_join
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin():
    return OrganisationAdminFactory.create(organisation=OrganisationFactory.create())


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def actor(who, admin):
    return {
        "anonymous": None,
        "stranger": UserFactory.create(),
        "other_admin": OrganisationAdminFactory.create(),
        "member": UserFactory.create(organisation=admin.organisation),
        "admin": admin,
        "staff": StaffFactory.create(),
    }[who]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("stranger", 403),
        ("other_admin", 403),
        ("member", 403),
        ("admin", 200),
        ("staff", 403),
    ],
)
def test_approve_permissions(admin, who, status):
    join_request = request_to_join(person=UserFactory.create(), organisation=admin.organisation)

    response = client_for(actor(who, admin)).post(f"/api/v1/join-requests/{join_request.pk}/approve/")

    assert response.status_code == status
    expected = JoinRequestStatus.APPROVED if status == 200 else JoinRequestStatus.PENDING
    assert JoinRequest.objects.get().status == expected


def test_decision_taken_already_is_409(admin):
    join_request = request_to_join(person=UserFactory.create(), organisation=admin.organisation)
    client = client_for(admin)
    client.post(f"/api/v1/join-requests/{join_request.pk}/approve/")

    response = client.post(f"/api/v1/join-requests/{join_request.pk}/decline/", {"reason": "late"})

    assert (response.status_code, response.json()["type"]) == (409, "conflict")


def test_ask_to_join_validation_is_a_field_error(admin):
    person = UserFactory.create(organisation=OrganisationFactory.create())

    response = client_for(person).post("/api/v1/join-requests/", {"organisation": admin.organisation.pk})

    assert response.status_code == 400
    assert "organisation" in response.json()["errors"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 401),
        ("stranger", 403),
        ("other_admin", 403),
        ("member", 403),
        ("admin", 201),
        ("staff", 403),
    ],
)
def test_invite_permissions(admin, who, status):
    response = client_for(actor(who, admin)).post(
        f"/api/v1/organisations/{admin.organisation.pk}/invitations/", {"email": "x@example.org"}
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("stranger", 403), ("other_admin", 403), ("member", 403), ("admin", 200)],
)
def test_role_change_permissions(admin, who, status):
    member = UserFactory.create(organisation=admin.organisation)

    response = client_for(actor(who, admin)).patch(
        f"/api/v1/organisations/{admin.organisation.pk}/people/{member.pk}/", {"role": "admin"}
    )

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("admin", 403), ("staff", 200)])
def test_appoint_admin_is_staff_only(admin, who, status):
    city = OrganisationFactory.create()
    person = UserFactory.create()
    request_to_join(person=person, organisation=city)

    response = client_for(actor(who, admin)).post(
        f"/api/v1/organisations/{city.pk}/admins/", {"person": person.pk}
    )

    assert response.status_code == status


def test_invitation_signup_and_failures(admin):
    issued = invite_colleague(organisation=admin.organisation, email="w@example.org", invited_by=admin)
    body = {"token": issued.token, "username": "w", "password": "a-long-passphrase"}

    assert APIClient().post("/api/v1/auth/signup/invitation/", {**body, "token": "forged"}).status_code == 404
    created = APIClient().post("/api/v1/auth/signup/invitation/", body)
    again = APIClient().post("/api/v1/auth/signup/invitation/", {**body, "username": "w2"})

    assert (created.status_code, created.json()["organisation"]) == (201, admin.organisation.pk)
    assert again.status_code == 410


@pytest.mark.parametrize("item_count", [1, 3])
def test_lists_query_count_is_constant(admin, django_assert_num_queries, item_count):
    for n in range(item_count):
        request_to_join(person=UserFactory.create(), organisation=admin.organisation)
        UserFactory.create(organisation=admin.organisation)
        invite_colleague(organisation=admin.organisation, email=f"x{n}@example.org", invited_by=admin)
    client = client_for(admin)
    base = f"/api/v1/organisations/{admin.organisation.pk}"

    with django_assert_num_queries(3):  # organisation, count, page
        requests = client.get(f"{base}/join-requests/")
    with django_assert_num_queries(3):
        people = client.get(f"{base}/people/")
    with django_assert_num_queries(3):
        invitations = client.get(f"{base}/invitations/")

    assert requests.json()["count"] == item_count
    assert people.json()["count"] == item_count + 1
    assert invitations.json()["count"] == item_count


def test_inviting_answers_an_address_with_an_account_as_a_new_one(admin):
    UserFactory.create(email="taken@example.org", organisation=OrganisationFactory.create())
    client = client_for(admin)

    def answer_for(address: str) -> tuple[int, list[str], str]:
        response = client.post(
            f"/api/v1/organisations/{admin.organisation.pk}/invitations/", {"email": address}
        )
        return response.status_code, sorted(response.json()), response.json()["email"]

    assert answer_for("taken@example.org")[:2] == answer_for("free@example.org")[:2]
    assert answer_for("other@example.org")[0] == 201
