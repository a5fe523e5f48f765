"""Join requests, roles and removal (accounts/services/joining.py)."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.enums import JoinRequestStatus, OrganisationRole
from accounts.models import JoinRequest
from accounts.services.joining import (
    appoint_admin,
    approve_join_request,
    change_role,
    decline_join_request,
    remove_person,
    request_to_join,
    withdraw_join_request,
)
from common.exceptions import ApplicationError, ConflictError
from tests.factories.accounts import (
    CorporationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Nairobi")


@pytest.fixture
def admin(city):
    return OrganisationAdminFactory.create(organisation=city)


@pytest.mark.django_db
def test_request_to_join_then_admin_approves_and_person_is_mailed(
    city, admin, django_capture_on_commit_callbacks
):
    person = UserFactory.create()
    join_request = request_to_join(person=person, organisation=city)

    with django_capture_on_commit_callbacks(execute=True):
        approve_join_request(join_request=join_request, actor=admin)

    person.refresh_from_db()
    join_request.refresh_from_db()
    assert (person.organisation, person.organisation_role) == (city, OrganisationRole.MEMBER)
    assert (join_request.status, join_request.decided_by) == (JoinRequestStatus.APPROVED, admin)
    assert mail.outbox[-1].to == [person.email]
    assert "http://127.0.0.1:8000/accounts/profile/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_decline_keeps_reason_and_mails_it(city, admin, django_capture_on_commit_callbacks):
    join_request = request_to_join(person=UserFactory.create(), organisation=city)

    with django_capture_on_commit_callbacks(execute=True):
        decline_join_request(join_request=join_request, actor=admin, reason="We do not know you.")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert "We do not know you." in mail.outbox[-1].body


@pytest.mark.django_db
def test_second_pending_request_is_refused(city):
    person = UserFactory.create()
    request_to_join(person=person, organisation=city)

    with pytest.raises(ValidationError):
        request_to_join(person=person, organisation=CorporationFactory.create())


@pytest.mark.django_db
def test_person_of_an_organisation_cannot_ask_to_join_another(city):
    person = UserFactory.create(organisation=CorporationFactory.create())

    with pytest.raises(ValidationError):
        request_to_join(person=person, organisation=city)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous-like", "other_organisation", "member", "the_person"])
def test_only_admins_decide_member_requests(city, admin, who):
    person = UserFactory.create()
    join_request = request_to_join(person=person, organisation=city)
    actor = {
        "anonymous-like": UserFactory.create(),
        "other_organisation": OrganisationAdminFactory.create(),
        "member": UserFactory.create(organisation=city),
        "the_person": person,
    }[who]

    with pytest.raises(PermissionDenied):
        approve_join_request(join_request=join_request, actor=actor)


@pytest.mark.django_db
def test_staff_decide_only_while_the_organisation_has_no_admin(city):
    join_request = request_to_join(person=UserFactory.create(), organisation=city)
    staff = StaffFactory.create()
    admin = OrganisationAdminFactory.create(organisation=city)

    with pytest.raises(PermissionDenied):
        approve_join_request(join_request=join_request, actor=staff)

    admin.organisation_role = OrganisationRole.MEMBER
    admin.save()
    approve_join_request(join_request=join_request, actor=staff)
    assert JoinRequest.objects.get().status == JoinRequestStatus.APPROVED


@pytest.mark.django_db
def test_as_admin_request_only_staff_decide(city):
    member = UserFactory.create(organisation=city)
    join_request = request_to_join(person=member, organisation=city, as_admin=True)

    with pytest.raises(PermissionDenied):
        approve_join_request(join_request=join_request, actor=member)
    approve_join_request(join_request=join_request, actor=StaffFactory.create())

    member.refresh_from_db()
    assert member.organisation_role == OrganisationRole.ADMIN


@pytest.mark.django_db
def test_as_admin_request_refused_when_organisation_has_an_admin(city, admin):
    with pytest.raises(ValidationError):
        request_to_join(person=UserFactory.create(), organisation=city, as_admin=True)


@pytest.mark.django_db
def test_decision_taken_already_is_a_conflict(city, admin):
    join_request = request_to_join(person=UserFactory.create(), organisation=city)
    approve_join_request(join_request=join_request, actor=admin)

    with pytest.raises(ConflictError):
        decline_join_request(join_request=join_request, actor=admin)


@pytest.mark.django_db
def test_withdraw_only_by_the_person(city):
    person = UserFactory.create()
    join_request = request_to_join(person=person, organisation=city)

    with pytest.raises(PermissionDenied):
        withdraw_join_request(join_request=join_request, actor=UserFactory.create())
    withdraw_join_request(join_request=join_request, actor=person)

    assert JoinRequest.objects.get().status == JoinRequestStatus.WITHDRAWN


@pytest.mark.django_db
def test_staff_appoint_admin_from_a_pending_request(city):
    person = UserFactory.create()
    request_to_join(person=person, organisation=city)

    with pytest.raises(PermissionDenied):
        appoint_admin(organisation=city, person=person, actor=UserFactory.create())
    appoint_admin(organisation=city, person=person, actor=StaffFactory.create())

    person.refresh_from_db()
    assert (person.organisation, person.organisation_role) == (city, OrganisationRole.ADMIN)
    assert JoinRequest.objects.get().status == JoinRequestStatus.APPROVED


@pytest.mark.django_db
def test_staff_cannot_appoint_a_stranger(city):
    with pytest.raises(ValidationError):
        appoint_admin(organisation=city, person=UserFactory.create(), actor=StaffFactory.create())


@pytest.mark.django_db
def test_last_admin_can_neither_demote_nor_remove_themselves(city, admin):
    with pytest.raises(ApplicationError):
        change_role(organisation=city, person=admin, role=OrganisationRole.MEMBER, actor=admin)
    with pytest.raises(ApplicationError):
        remove_person(organisation=city, person=admin, actor=admin)

    second = UserFactory.create(organisation=city)
    change_role(organisation=city, person=second, role=OrganisationRole.ADMIN, actor=admin)
    change_role(organisation=city, person=admin, role=OrganisationRole.MEMBER, actor=admin)
    admin.refresh_from_db()
    assert admin.organisation_role == OrganisationRole.MEMBER


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "other_admin", "member"])
def test_roles_and_removal_need_the_organisations_admin(city, admin, who):
    member = UserFactory.create(organisation=city)
    actor = {
        "stranger": UserFactory.create(),
        "other_admin": OrganisationAdminFactory.create(),
        "member": UserFactory.create(organisation=city),
    }[who]

    with pytest.raises(PermissionDenied):
        change_role(organisation=city, person=member, role=OrganisationRole.ADMIN, actor=actor)
    with pytest.raises(PermissionDenied):
        remove_person(organisation=city, person=member, actor=actor)


@pytest.mark.django_db
def test_admin_removes_a_member(city, admin):
    member = UserFactory.create(organisation=city)

    remove_person(organisation=city, person=member, actor=admin)

    member.refresh_from_db()
    assert member.organisation is None


@pytest.mark.django_db(transaction=True)
def test_two_admins_approving_at_once_exactly_one_wins():
    assert connection.vendor == "postgresql"
    for _ in range(5):
        city = OrganisationFactory.create()
        first, second = OrganisationAdminFactory.create_batch(2, organisation=city)
        join_request = request_to_join(person=UserFactory.create(), organisation=city)
        barrier = threading.Barrier(2)
        results: list[object] = [None, None]

        def run(index, actor, join_request=join_request, barrier=barrier, results=results):
            try:
                barrier.wait(timeout=30)
                results[index] = approve_join_request(join_request=join_request, actor=actor)
            except Exception as exc:
                results[index] = exc
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate((first, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(type(r).__name__ for r in results) == ["ConflictError", "JoinRequest"]
        assert JoinRequest.objects.get(pk=join_request.pk).status == JoinRequestStatus.APPROVED
