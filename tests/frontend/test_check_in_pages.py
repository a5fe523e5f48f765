"""The check-in desk on the event dashboard and the check-in code on agendas: the search (`?q=`,
accents and case ignored, a page at a time, also as the fragment check_in.js fetches), the scan
endpoint (staff only; a forged, foreign or repeated code answers a sentence, never a 500), and the QR
code on the agenda page and its print version encoding the person's own check-in code."""

import json

import pytest
import segno
from django.test import Client

from events.check_in_tokens import check_in_token
from events.enums import EventPhase
from events.models import EventRepresentative
from frontend.qr_codes import qr_code_svg
from frontend.views.events.day import CHECK_IN_PAGE_SIZE
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.events import EventFactory, EventRepresentativeFactory, registered

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def event(db):
    return EventFactory.create(phase=EventPhase.AGENDA_PUBLISHED)


@pytest.fixture
def jose(event):
    organisation = CorporationFactory.create(name="São Paulo Águas")
    return registered(event, organisation, first_name="José", last_name="Gonçalves")[1]


def code_of(representative: EventRepresentative) -> str:
    return check_in_token(event_id=representative.registration.event_id, representative_id=representative.pk)


def dashboard(event, query=""):
    return f"/events/{event.slug}/dashboard/{query}"


def scan(client: Client, event, token: str):
    return client.post(f"/events/{event.slug}/check-in/", {"token": token})


# --- Search ---------------------------------------------------------------------------------


def test_the_dashboard_search_finds_a_person_typed_without_accents(event, jose, staff):
    registered(event, OrganisationFactory.create(name="Nairobi"), first_name="Amina", last_name="Odhiambo")

    response = logged_in(staff).get(dashboard(event, "?q=JOSE+goncalves"))

    assert list(response.context["representatives"]) == [jose]
    assert response.context["query"] == "JOSE goncalves"
    content = response.content.decode()
    assert "José Gonçalves" in content
    assert "Amina" not in content
    assert 'value="JOSE goncalves"' in content


def test_the_search_fragment_is_the_list_alone(event, jose, staff):
    response = logged_in(staff).get(dashboard(event, "?q=sao&fragment=check-in"))

    content = response.content.decode()
    assert list(response.context["representatives"]) == [jose]
    assert content.lstrip().startswith("<div data-check-in-results")
    assert "<html" not in content


def test_the_check_in_list_comes_a_page_at_a_time(event, staff):
    registration = registered(event, OrganisationFactory.create(name="Nairobi"))[0]
    for _ in range(CHECK_IN_PAGE_SIZE + 1):
        EventRepresentativeFactory.create(
            registration=registration, user=UserFactory.create(organisation=registration.organisation)
        )

    first = logged_in(staff).get(dashboard(event, "?q=nairobi"))
    second = logged_in(staff).get(dashboard(event, "?q=nairobi&page=2"))

    assert (len(first.context["representatives"]), len(second.context["representatives"])) == (
        CHECK_IN_PAGE_SIZE,
        2,
    )
    assert 'href="?q=nairobi&amp;page=2"' in first.content.decode()


def test_checking_in_from_a_search_comes_back_to_the_same_search(event, jose, staff):
    response = logged_in(staff).post(
        dashboard(event, "?q=jose"), {"action": "check-in", "representative": jose.pk}
    )

    jose.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, dashboard(event, "?q=jose"))
    assert jose.checked_in_by == staff


def test_the_dashboard_offers_the_scanner_while_check_in_is_open(event, jose, staff):
    content = logged_in(staff).get(dashboard(event)).content.decode()

    assert "Scan a QR code" in content
    assert f'data-check-in-url="/events/{event.slug}/check-in/"' in content
    assert "frontend/vendor/jsqr-1.4.0/jsQR.js" in content


# --- Scanning -------------------------------------------------------------------------------


def test_staff_check_a_person_in_by_code_then_again_is_already(event, jose, staff):
    client = logged_in(staff)

    first = scan(client, event, code_of(jose))
    second = scan(client, event, code_of(jose))

    jose.refresh_from_db()
    assert first.status_code == 200
    assert first.json() == {
        "ok": True,
        "representative": jose.pk,
        "name": "José Gonçalves",
        "organisation": "São Paulo Águas",
        "already_checked_in": False,
        "message": "José Gonçalves (São Paulo Águas): checked in.",
    }
    assert (second.status_code, second.json()["already_checked_in"]) == (200, True)
    assert second.json()["message"] == "José Gonçalves (São Paulo Águas) was already checked in."
    assert jose.checked_in_by == staff


@pytest.mark.parametrize(
    ("make_token", "expected"),
    [
        (lambda rep: code_of(rep)[:-3], "This check-in code is damaged or forged."),
        (lambda rep: code_of(rep).replace(f".{rep.pk}:", f".{rep.pk + 1}:"), "damaged or forged"),
        (lambda rep: "https://example.org/menu", "This is not a check-in code."),
        (lambda rep: "", "This is not a check-in code."),
        (
            lambda rep: check_in_token(event_id=rep.registration.event_id + 1000, representative_id=rep.pk),
            "another event",
        ),
    ],
)
def test_a_bad_code_answers_a_sentence_never_a_server_error(event, jose, staff, make_token, expected):
    response = scan(logged_in(staff), event, make_token(jose))

    jose.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert expected in response.json()["message"]
    assert jose.checked_in_at is None


def test_a_code_of_another_event_is_refused_at_this_one(event, jose, staff):
    other_event = EventFactory.create(phase=EventPhase.AGENDA_PUBLISHED)
    stranger = registered(other_event)[1]

    response = scan(logged_in(staff), event, code_of(stranger))

    stranger.refresh_from_db()
    assert (response.status_code, stranger.checked_in_at) == (400, None)
    assert response.json()["message"] == f"This check-in code is for another event, not {event}."


def test_a_participant_cannot_check_someone_in_with_their_code(event, jose):
    participant = registered(event, OrganisationFactory.create())[1].user

    response = scan(logged_in(participant), event, code_of(jose))

    jose.refresh_from_db()
    assert (response.status_code, response.json()["ok"], jose.checked_in_at) == (403, False, None)


def test_a_visitor_is_sent_to_log_in_and_a_get_is_refused(event, jose, staff):
    anonymous = Client().post(f"/events/{event.slug}/check-in/", {"token": code_of(jose)})
    get = logged_in(staff).get(f"/events/{event.slug}/check-in/")

    jose.refresh_from_db()
    assert (anonymous.status_code, get.status_code, jose.checked_in_at) == (302, 405, None)


def test_a_code_before_the_agenda_is_out_says_when_check_in_opens(jose, staff):
    event = jose.registration.event
    event.phase = EventPhase.SCHEDULING
    event.save(update_fields=["phase"])

    response = scan(logged_in(staff), event, code_of(jose))

    assert response.status_code == 400
    assert response.json()["message"].startswith("Check-in: possible only while the event's phase is")


# --- The code on the agenda -----------------------------------------------------------------


def svg_of(representative: EventRepresentative) -> str:
    return str(qr_code_svg(code_of(representative), title=f"Check-in code of {representative.user}"))


def test_a_registered_person_finds_their_qr_code_on_the_agenda_and_its_print(event, jose):
    client = logged_in(jose.user)

    page = client.get(f"/events/{event.slug}/agenda/").content.decode()
    printed = client.get(f"/events/{event.slug}/agenda/print/").content.decode()

    assert svg_of(jose) in page
    assert svg_of(jose) in printed
    assert '<svg role="img" viewBox=' in page
    assert "<title>Check-in code of José Gonçalves</title>" in page


def test_the_qr_code_encodes_the_persons_check_in_code():
    token = check_in_token(event_id=3, representative_id=9)

    svg = str(qr_code_svg(token, title="Check-in code"))

    # The same code drawn by segno directly, with its white quiet zone: what a scanner reads.
    expected = segno.make(token, error="m")
    assert expected.svg_inline(
        omitsize=True, svgclass="qr-code", lineclass=None, title="Check-in code", light="#fff"
    ) in svg.replace('<svg role="img" ', "<svg ")


def test_a_colleague_does_not_see_another_persons_code_but_staff_see_all(event, jose, staff):
    colleague = EventRepresentativeFactory.create(
        registration=jose.registration,
        user=UserFactory.create(
            organisation=jose.registration.organisation, first_name="Ana", last_name="Lima"
        ),
    )

    as_colleague = logged_in(colleague.user).get(f"/events/{event.slug}/agenda/").content.decode()
    as_staff = (
        logged_in(staff)
        .get(f"/events/{event.slug}/agenda/?registration={jose.registration_id}")
        .content.decode()
    )

    assert (svg_of(colleague) in as_colleague, svg_of(jose) in as_colleague) == (True, False)
    assert (svg_of(colleague) in as_staff, svg_of(jose) in as_staff) == (True, True)


def test_the_agenda_ics_carries_no_code(event, jose):
    ics = logged_in(jose.user).get(f"/events/{event.slug}/agenda.ics").content.decode()

    assert code_of(jose) not in ics
    assert json.dumps(code_of(jose)) not in ics
