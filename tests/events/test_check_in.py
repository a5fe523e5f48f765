"""The check-in desk (events/selectors/day.py, events/services/day.py): finding people by name or
organisation whatever the accents and case, the check-in codes an agenda may show, and checking a
person in with a scanned code: staff only, this event only, twice is harmless, the dashboard hears it."""

import pytest
from django.core.exceptions import PermissionDenied

from common.exceptions import ApplicationError
from events.check_in_tokens import check_in_token
from events.enums import EventPhase
from events.models import Event, EventRepresentative
from events.selectors.day import check_in_codes_for, check_in_list
from events.services.day import check_in_with_code
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.events import EventFactory, EventRepresentativeFactory, registered

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]


@pytest.fixture
def event(db):
    return EventFactory.create(phase=EventPhase.AGENDA_PUBLISHED)


@pytest.fixture
def jose(event):
    organisation = CorporationFactory.create(name="São Paulo Águas")
    return registered(event, organisation, first_name="José", last_name="Gonçalves", username="jgoncalves")[1]


def code_of(representative: EventRepresentative) -> str:
    return check_in_token(event_id=representative.registration.event_id, representative_id=representative.pk)


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["jose", "JOSÉ", "gonca", "sao paulo", "ÁGUAS", "jose aguas", "jgonc"])
def test_the_check_in_list_finds_a_person_whatever_the_accents_and_case(event, jose, query):
    registered(event, OrganisationFactory.create(name="Nairobi"), first_name="Amina", last_name="Odhiambo")

    assert list(check_in_list(event, query)) == [jose]


def test_every_word_of_the_search_must_match(event, jose):
    registered(event, OrganisationFactory.create(name="Nairobi"), first_name="José", last_name="Odhiambo")

    assert list(check_in_list(event, "jose paulo")) == [jose]


def test_an_empty_search_lists_everyone_of_this_event_only(event, jose):
    amina = registered(event, OrganisationFactory.create(name="Nairobi"), first_name="Amina")[1]
    registered(EventFactory.create(), first_name="Elsewhere")

    assert list(check_in_list(event, "  ")) == [amina, jose]  # by organisation: Nairobi, São Paulo


def test_the_search_runs_in_one_query(event, jose, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert [r.registration.organisation.name for r in check_in_list(event, "josé")] == ["São Paulo Águas"]


# --- Codes on agendas -----------------------------------------------------------------------


def test_a_representative_sees_their_own_code_only(event, jose):
    colleague = EventRepresentativeFactory.create(
        registration=jose.registration, user=UserFactory.create(organisation=jose.registration.organisation)
    )

    codes = check_in_codes_for(jose.user, jose.registration)

    assert [(code.representative, code.token) for code in codes] == [(jose, code_of(jose))]
    assert colleague.pk not in [code.representative.pk for code in codes]


def test_staff_see_every_representatives_code_and_a_colleague_who_is_not_attending_sees_none(event, jose):
    second = EventRepresentativeFactory.create(
        registration=jose.registration,
        user=UserFactory.create(organisation=jose.registration.organisation, last_name="Zé"),
    )
    not_attending = UserFactory.create(organisation=jose.registration.organisation)

    for_staff = check_in_codes_for(StaffFactory.create(), jose.registration)
    for_colleague = check_in_codes_for(not_attending, jose.registration)

    assert sorted(code.representative.pk for code in for_staff) == sorted([jose.pk, second.pk])
    assert for_colleague == []


# --- Checking in with a code ----------------------------------------------------------------


def test_staff_check_a_person_in_with_their_code(event, jose, django_capture_on_commit_callbacks):
    staff = StaffFactory.create()

    with django_capture_on_commit_callbacks() as callbacks:
        done = check_in_with_code(event=event, token=code_of(jose), actor=staff)

    jose.refresh_from_db()
    assert (done.representative.pk, done.already_checked_in) == (jose.pk, False)
    assert (jose.checked_in_by, jose.checked_in_at is not None) == (staff, True)
    assert len(callbacks) == 1  # the dashboard's "event.checked_in"


def test_scanning_a_person_twice_is_harmless_and_says_already(
    event, jose, django_capture_on_commit_callbacks
):
    staff, other_staff = StaffFactory.create(), StaffFactory.create()
    check_in_with_code(event=event, token=code_of(jose), actor=staff)
    jose.refresh_from_db()
    first_time = jose.checked_in_at

    with django_capture_on_commit_callbacks() as callbacks:
        again = check_in_with_code(event=event, token=code_of(jose), actor=other_staff)

    jose.refresh_from_db()
    assert (again.already_checked_in, again.representative.checked_in_at) == (True, first_time)
    assert (jose.checked_in_at, jose.checked_in_by) == (first_time, staff)
    assert callbacks == []


def test_a_participant_cannot_check_anyone_in_with_a_code(event, jose):
    other = registered(event, OrganisationFactory.create())[1]

    with pytest.raises(PermissionDenied):
        check_in_with_code(event=event, token=code_of(jose), actor=other.user)
    with pytest.raises(PermissionDenied):
        check_in_with_code(event=event, token=code_of(jose), actor=jose.user)

    jose.refresh_from_db()
    assert jose.checked_in_at is None


def test_a_code_of_another_event_is_refused(event, jose):
    other_event = EventFactory.create(phase=EventPhase.AGENDA_PUBLISHED)

    with pytest.raises(ApplicationError, match="for another event"):
        check_in_with_code(event=other_event, token=code_of(jose), actor=StaffFactory.create())


def test_a_forged_code_is_refused(event, jose):
    forged = code_of(jose).replace(f".{jose.pk}:", f".{jose.pk + 1}:")

    with pytest.raises(ApplicationError, match="damaged or forged"):
        check_in_with_code(event=event, token=forged, actor=StaffFactory.create())


def test_the_code_of_someone_no_longer_registered_is_refused(event, jose):
    token = code_of(jose)
    jose.delete()

    with pytest.raises(ApplicationError, match="no longer registered"):
        check_in_with_code(event=event, token=token, actor=StaffFactory.create())


def test_a_code_is_refused_before_the_agenda_is_out(event, jose):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    event.refresh_from_db()

    with pytest.raises(ApplicationError, match="Check-in: possible only while"):
        check_in_with_code(event=event, token=code_of(jose), actor=StaffFactory.create())
