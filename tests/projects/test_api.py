"""The pipeline API: status codes per role, the error shape, workflow endpoints and query counts."""

import pytest

from projects.enums import ProposalKind, Stage
from projects.models import Proposal
from scheduling.enums import MeetingStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import HeldMeetingFactory, ProposalFactory, people_around

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PROPOSALS = "/api/v1/proposals/"
SEES = {"city": True, "provider": True, "other_provider": False, "other_city": False, "staff": True}


@pytest.fixture
def proposal():
    return ProposalFactory.create(title="River flood warnings")


@pytest.fixture
def people(proposal):
    return people_around(proposal)


def as_person(api_client, person):
    if person is not None:
        api_client.force_authenticate(person)
    return api_client


def payload(city_organisation, provider_organisations, /, **overrides):
    return {
        "city": city_organisation.pk,
        "providers": [p.pk for p in provider_organisations],
        "title": "Smart street lights",
        "scope": "Dimmable LED lights with motion sensors on the main avenues.",
        "budget_amount": "500000.00",
        "budget_currency": "EUR",
        "funding_sought": "200000.00",
        "start_date": "2030-01-01",
        "end_date": "2031-06-30",
        "kind": "direct",
        **overrides,
    }


# --- Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "sees"), SEES.items())
def test_list_shows_only_proposals_one_is_party_to(api_client, proposal, people, role, sees):
    ProposalFactory.create(title="Someone else's")

    body = as_person(api_client, people[role]).get(PROPOSALS).json()

    titles = sorted(item["title"] for item in body["results"])
    if role == "staff":
        assert titles == ["River flood warnings", "Someone else's"]
    else:
        assert titles == (["River flood warnings"] if sees else [])


def test_list_needs_login(api_client, proposal):
    response = api_client.get(PROPOSALS)

    assert (response.status_code, response.json()["type"]) == (401, "not_authenticated")


@pytest.mark.parametrize(
    ("role", "status"), [*((r, 200 if s else 404) for r, s in SEES.items()), ("anonymous", 401)]
)
def test_retrieve_per_role(api_client, proposal, people, role, status):
    response = as_person(api_client, people[role]).get(f"{PROPOSALS}{proposal.pk}/")

    assert response.status_code == status


def test_detail_carries_parties_history_and_next_stages(api_client, proposal, people):
    body = as_person(api_client, people["city"]).get(f"{PROPOSALS}{proposal.pk}/").json()

    assert body["city_detail"] == {"id": proposal.city_id, "name": proposal.city.name}
    assert [p["id"] for p in body["provider_details"]] == [proposal.providers.get().pk]
    assert body["next_stages"] == [
        "feasibility_study",
        "funding_application",
        "partnership_agreed",
        "dropped",
    ]
    assert (body["history"], body["notes"], body["key_dates"]) == ([], [], [])


def test_list_filters_by_stage(api_client, people):
    staff = people["staff"]
    ProposalFactory.create(stage=Stage.DONE)

    body = as_person(api_client, staff).get(PROPOSALS, {"stage": "done"}).json()

    assert [item["stage"] for item in body["results"]] == ["done"]


def test_bad_filter_is_a_400_with_the_field(api_client, people):
    response = as_person(api_client, people["staff"]).get(PROPOSALS, {"stage": "signed"})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["stage"])


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    staff = StaffFactory.create()
    ProposalFactory.create_batch(item_count)
    api_client.force_authenticate(staff)

    with django_assert_num_queries(3):  # count, page (city and owner joined), providers
        response = api_client.get(PROPOSALS)

    assert response.json()["count"] == item_count


# --- Creating and editing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("outsider", 403), ("city", 201), ("provider", 201), ("staff", 201)],
)
def test_create_permissions(api_client, who, status):
    city, provider = OrganisationFactory.create(), CorporationFactory.create()
    person = {
        "anonymous": None,
        "outsider": UserFactory.create(organisation=CorporationFactory.create()),
        "city": UserFactory.create(organisation=city),
        "provider": UserFactory.create(organisation=provider),
        "staff": StaffFactory.create(),
    }[who]

    response = as_person(api_client, person).post(PROPOSALS, payload(city, [provider]), format="json")

    assert response.status_code == status
    if status == 201:
        assert person is not None
        body = response.json()
        assert (body["stage"], body["owner"], [h["to_stage"] for h in body["history"]]) == (
            "proposal",
            person.pk,
            ["proposal"],
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"funding_sought": "900000.00"}, "funding_sought"),
        ({"budget_currency": "euro"}, "budget_currency"),
        ({"end_date": "2029-01-01"}, "end_date"),
        ({"kind": "grant"}, "kind"),
        ({"title": ""}, "title"),
        ({"city": 0}, "city"),
        ({"providers": [0]}, "providers"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_client, overrides, field):
    city, provider = OrganisationFactory.create(), CorporationFactory.create()
    api_client.force_authenticate(StaffFactory.create())

    response = api_client.post(PROPOSALS, payload(city, [provider], **overrides), format="json")

    body = response.json()
    assert (response.status_code, body["type"], list(body["errors"])) == (400, "validation_error", [field])
    assert Proposal.objects.count() == 0


def test_create_from_a_held_meeting_fills_in_city_and_provider(api_client):
    city, provider = OrganisationFactory.create(), CorporationFactory.create()
    meeting = HeldMeetingFactory.create(organiser__organisation=city, invitee__organisation=provider)
    api_client.force_authenticate(StaffFactory.create())

    body = api_client.post(
        PROPOSALS, {"meeting": meeting.pk, "title": "Flood gauges", "scope": "Three rivers."}, format="json"
    ).json()

    assert (body["city"], body["providers"], body["meeting"]) == (city.pk, [provider.pk], meeting.pk)


def test_create_without_city_or_meeting_is_a_400_on_city(api_client):
    api_client.force_authenticate(StaffFactory.create())

    response = api_client.post(PROPOSALS, {"title": "Street lights", "scope": "LEDs."}, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["city"])


def test_create_from_a_meeting_not_held_is_a_400(api_client):
    meeting = HeldMeetingFactory.create(status=MeetingStatus.CONFIRMED)
    api_client.force_authenticate(StaffFactory.create())

    response = api_client.post(
        PROPOSALS, {"meeting": meeting.pk, "title": "X project", "scope": "Y"}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["meeting"])


@pytest.mark.parametrize(
    ("role", "status"), [*((r, 200 if s else 404) for r, s in SEES.items()), ("anonymous", 401)]
)
def test_update_per_role(api_client, proposal, people, role, status):
    response = as_person(api_client, people[role]).patch(
        f"{PROPOSALS}{proposal.pk}/", {"title": "Renamed project"}, format="json"
    )

    proposal.refresh_from_db()
    assert response.status_code == status
    assert proposal.title == ("Renamed project" if status == 200 else "River flood warnings")


def test_update_cannot_move_the_city_and_ignores_the_stage(api_client, proposal, people):
    client = as_person(api_client, people["staff"])

    moved = client.patch(
        f"{PROPOSALS}{proposal.pk}/", {"city": OrganisationFactory.create().pk}, format="json"
    )
    staged = client.patch(f"{PROPOSALS}{proposal.pk}/", {"stage": "done"}, format="json")

    assert (moved.status_code, list(moved.json()["errors"])) == (400, ["city"])
    assert (staged.status_code, staged.json()["stage"]) == (200, "proposal")


def test_put_replaces_the_content(api_client, proposal, people):
    data = payload(proposal.city, list(proposal.providers.all()), title="Replaced")

    response = as_person(api_client, people["city"]).put(f"{PROPOSALS}{proposal.pk}/", data, format="json")

    assert (response.status_code, response.json()["title"], response.json()["budget_currency"]) == (
        200,
        "Replaced",
        "EUR",
    )


# --- Stage, notes, key dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [*((r, 200 if s else 404) for r, s in SEES.items()), ("anonymous", 401)]
)
def test_stage_move_per_role(api_client, proposal, people, role, status):
    response = as_person(api_client, people[role]).post(
        f"{PROPOSALS}{proposal.pk}/stage/", {"stage": "partnership_agreed", "note": "Signed"}, format="json"
    )

    assert response.status_code == status
    if status == 200:
        assert response.json()["history"][-1]["to_stage"] == "partnership_agreed"


def test_stage_move_outside_the_table_is_a_400_on_stage(api_client, proposal, people):
    response = as_person(api_client, people["city"]).post(
        f"{PROPOSALS}{proposal.pk}/stage/", {"stage": "done"}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["stage"])


def test_unknown_stage_is_a_400(api_client, proposal, people):
    response = as_person(api_client, people["city"]).post(
        f"{PROPOSALS}{proposal.pk}/stage/", {"stage": "signed"}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["stage"])


def test_only_staff_accept_an_application(api_client):
    proposal = ProposalFactory.create(kind=ProposalKind.FEASIBILITY_APPLICATION)
    people = people_around(proposal)
    url = f"{PROPOSALS}{proposal.pk}/stage/"

    by_city = as_person(api_client, people["city"]).post(url, {"stage": "feasibility_study"}, format="json")
    by_staff = as_person(api_client, people["staff"]).post(url, {"stage": "feasibility_study"}, format="json")

    assert (by_city.status_code, by_city.json()["type"]) == (403, "permission_denied")
    assert (by_staff.status_code, by_staff.json()["stage"]) == (200, "feasibility_study")


def test_add_note_and_key_date(api_client, proposal, people):
    client = as_person(api_client, people["provider"])

    note = client.post(f"{PROPOSALS}{proposal.pk}/notes/", {"text": "Site visit on Monday."}, format="json")
    key_date = client.post(
        f"{PROPOSALS}{proposal.pk}/key-dates/", {"label": "Council vote", "date": "2030-03-01"}, format="json"
    )
    detail = client.get(f"{PROPOSALS}{proposal.pk}/").json()

    assert (note.status_code, key_date.status_code) == (201, 201)
    assert [n["text"] for n in detail["notes"]] == ["Site visit on Monday."]
    assert [(d["label"], d["date"]) for d in detail["key_dates"]] == [("Council vote", "2030-03-01")]


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [("notes", {"text": ""}, "text"), ("key-dates", {"label": "Vote", "date": "soon"}, "date")],
)
def test_bad_note_or_key_date_is_a_400(api_client, proposal, people, path, data, field):
    response = as_person(api_client, people["city"]).post(
        f"{PROPOSALS}{proposal.pk}/{path}/", data, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, [field])


@pytest.mark.parametrize("path", ["notes", "key-dates"])
def test_outsider_gets_404_on_notes_and_key_dates(api_client, proposal, people, path):
    response = as_person(api_client, people["other_city"]).post(
        f"{PROPOSALS}{proposal.pk}/{path}/",
        {"text": "Hi", "label": "Vote", "date": "2030-01-01"},
        format="json",
    )

    assert response.status_code == 404
