"""The pipeline pages: board, proposal page, proposing from a held meeting or directly, editing, the
stage form; who sees what (each role), and query counts."""

import pytest
from django.test import Client

from projects.enums import ProposalKind, Stage
from projects.models import Proposal, ProposalKeyDate, ProposalNote
from scheduling.enums import MeetingStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import HeldMeetingFactory, ProposalFactory, people_around

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEES = {"city": True, "provider": True, "other_provider": False, "other_city": False, "staff": True}


def logged_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def proposal():
    return ProposalFactory.create(title="River flood warnings")


@pytest.fixture
def people(proposal):
    return people_around(proposal)


def form_data(**overrides):
    return {
        "title": "Flood gauges",
        "scope": "Gauges on three rivers and SMS alerts.",
        "kind": "direct",
        "budget_amount": "250000",
        "budget_currency": "usd",
        "funding_sought": "",
        "start_date": "2030-01-01",
        "end_date": "2030-12-31",
        **overrides,
    }


# --- Who sees what -----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "sees"), SEES.items())
def test_board_lists_only_what_the_viewer_may_see(proposal, people, role, sees):
    ProposalFactory.create(title="Someone else's")

    response = logged_in(people[role]).get("/projects/")

    titles = sorted(p.title for p in response.context["page"])
    if role == "staff":
        assert titles == ["River flood warnings", "Someone else's"]
    else:
        assert titles == (["River flood warnings"] if sees else [])


@pytest.mark.parametrize(("role", "status"), [(r, 200 if s else 404) for r, s in SEES.items()])
def test_proposal_page_per_role(proposal, people, role, status):
    response = logged_in(people[role]).get(f"/projects/{proposal.pk}/")

    assert response.status_code == status


@pytest.mark.parametrize("path", ["/projects/", "/projects/new/", "/projects/{pk}/", "/projects/{pk}/edit/"])
def test_pages_need_login(proposal, path):
    response = Client().get(path.format(pk=proposal.pk))

    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (302, True)


@pytest.mark.parametrize(("role", "status"), [(r, 200 if s else 404) for r, s in SEES.items()])
def test_edit_page_per_role(proposal, people, role, status):
    response = logged_in(people[role]).get(f"/projects/{proposal.pk}/edit/")

    assert response.status_code == status


@pytest.mark.parametrize("path", ["stage", "notes", "key-dates"])
def test_outsider_posts_get_404(proposal, people, path):
    response = logged_in(people["other_provider"]).post(
        f"/projects/{proposal.pk}/{path}/",
        {"stage": "dropped", "text": "Hi", "label": "X", "date": "2030-01-01"},
    )

    proposal.refresh_from_db()
    assert (response.status_code, proposal.stage) == (404, Stage.PROPOSAL)


# --- The board ---------------------------------------------------------------------------------


def test_board_has_a_column_per_stage_with_totals(people):
    ProposalFactory.create(stage=Stage.DONE)
    ProposalFactory.create(stage=Stage.DONE)

    columns = logged_in(people["staff"]).get("/projects/").context["columns"]

    assert [(c["stage"], c["count"], len(c["proposals"])) for c in columns] == [
        ("proposal", 1, 1),
        ("feasibility_study", 0, 0),
        ("funding_application", 0, 0),
        ("partnership_agreed", 0, 0),
        ("implementing", 0, 0),
        ("done", 2, 2),
        ("dropped", 0, 0),
    ]


def test_board_filters_by_stage(people):
    ProposalFactory.create(stage=Stage.DONE, title="Finished")

    response = logged_in(people["staff"]).get("/projects/", {"stage": "done"})

    assert [c["stage"] for c in response.context["columns"]] == ["done"]
    assert [p.title for p in response.context["page"]] == ["Finished"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_board_query_count_is_constant(django_assert_num_queries, item_count):
    city = OrganisationFactory.create()
    ProposalFactory.create_batch(item_count, city=city)
    client = logged_in(UserFactory.create(organisation=city))

    # session, user, stage counts, count, page (city and owner joined), providers, the user's organisation
    with django_assert_num_queries(7):
        response = client.get("/projects/")

    assert len(response.context["page"]) == item_count


def test_nav_links_projects_for_everyone_and_reports_for_staff(people):
    member_page = logged_in(people["city"]).get("/projects/").content.decode()
    staff_page = logged_in(people["staff"]).get("/projects/").content.decode()

    assert ('href="/projects/"' in member_page, 'href="/reports/"' in member_page) == (True, False)
    assert ('href="/projects/"' in staff_page, 'href="/reports/"' in staff_page) == (True, True)


# --- The proposal page and its forms -----------------------------------------------------------


def test_proposal_page_shows_the_stage_and_offers_the_allowed_moves(proposal, people):
    response = logged_in(people["city"]).get(f"/projects/{proposal.pk}/")

    html = response.content.decode()
    assert 'data-testid="project-stage">Proposal<' in html
    assert '<select name="stage"' in html
    assert [value for value, _ in response.context["stage_form"].fields["stage"].choices] == [
        "feasibility_study",
        "funding_application",
        "partnership_agreed",
        "dropped",
    ]


def test_stage_form_moves_the_project_and_keeps_the_history(proposal, people):
    client = logged_in(people["provider"])

    response = client.post(
        f"/projects/{proposal.pk}/stage/", {"stage": "partnership_agreed", "note": "Signed"}
    )

    proposal.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/projects/{proposal.pk}/")
    assert proposal.stage == Stage.PARTNERSHIP_AGREED
    page = client.get(f"/projects/{proposal.pk}/").content.decode()
    assert 'data-testid="project-stage">Partnership agreed<' in page
    assert "Signed" in page


def test_stage_form_refuses_a_move_not_offered(proposal, people):
    response = logged_in(people["city"]).post(f"/projects/{proposal.pk}/stage/", {"stage": "done"})

    proposal.refresh_from_db()
    assert (response.status_code, proposal.stage) == (200, Stage.PROPOSAL)
    assert list(response.context["stage_form"].errors) == ["stage"]


def test_parties_are_not_offered_to_accept_an_application():
    proposal = ProposalFactory.create(kind=ProposalKind.FUNDING_APPLICATION)
    people = people_around(proposal)

    party = logged_in(people["city"]).get(f"/projects/{proposal.pk}/").context["stage_form"]
    staff = logged_in(people["staff"]).get(f"/projects/{proposal.pk}/").context["stage_form"]
    crafted = logged_in(people["city"]).post(
        f"/projects/{proposal.pk}/stage/", {"stage": "funding_application"}
    )

    assert [v for v, _ in party.fields["stage"].choices] == ["dropped"]
    assert [v for v, _ in staff.fields["stage"].choices] == ["funding_application", "dropped"]
    assert (crafted.status_code, list(crafted.context["stage_form"].errors)) == (200, ["stage"])


def test_notes_and_key_dates_are_added(proposal, people):
    client = logged_in(people["city"])

    client.post(f"/projects/{proposal.pk}/notes/", {"text": "Council liked it."})
    client.post(f"/projects/{proposal.pk}/key-dates/", {"label": "Council vote", "date": "2030-03-01"})
    bad = client.post(f"/projects/{proposal.pk}/key-dates/", {"label": "Vote", "date": "soon"})

    assert list(ProposalNote.objects.values_list("text", flat=True)) == ["Council liked it."]
    assert list(ProposalKeyDate.objects.values_list("label", flat=True)) == ["Council vote"]
    assert (bad.status_code, list(bad.context["key_date_form"].errors)) == (200, ["date"])


def test_proposal_page_query_count(django_assert_num_queries, proposal, people):
    client = logged_in(people["city"])

    # session, user, proposal (city, owner, meeting joined), providers, history, notes, key dates,
    # the user's organisation (nav), the city's Activator shares on this proposal
    with django_assert_num_queries(9):
        client.get(f"/projects/{proposal.pk}/")


# --- Proposing ---------------------------------------------------------------------------------


def test_new_from_a_held_meeting_is_filled_in_and_creates_the_proposal():
    city, provider = OrganisationFactory.create(name="Kampala"), CorporationFactory.create(name="Acme")
    meeting = HeldMeetingFactory.create(
        organiser__organisation=city, invitee__organisation=provider, subject="Floods"
    )
    client = logged_in(StaffFactory.create())

    form = client.get(f"/projects/new/?meeting={meeting.pk}").context["form"]
    response = client.post(
        f"/projects/new/?meeting={meeting.pk}", form_data(city=city.pk, providers=[provider.pk])
    )

    proposal = Proposal.objects.get()
    assert (form["city"].initial, form["providers"].initial, form["title"].initial) == (
        city,
        [provider],
        "Floods",
    )
    assert (response.status_code, response["Location"]) == (302, f"/projects/{proposal.pk}/")
    assert (proposal.meeting, proposal.city, proposal.budget_currency) == (meeting, city, "USD")


def test_new_without_meeting_lists_the_viewers_held_meetings():
    city = OrganisationFactory.create()
    held = HeldMeetingFactory.create(organiser__organisation=city)
    HeldMeetingFactory.create()  # someone else's

    response = logged_in(UserFactory.create(organisation=city)).get("/projects/new/")

    assert list(response.context["page"]) == [held]
    assert f"/projects/new/?meeting={held.pk}" in response.content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_new_page_query_count_is_constant(django_assert_num_queries, item_count):
    city = OrganisationFactory.create()
    HeldMeetingFactory.create_batch(item_count, organiser__organisation=city)
    client = logged_in(UserFactory.create(organisation=city))

    # session, user, organisation, city choices, provider choices, count, page, proposed times
    with django_assert_num_queries(8):
        response = client.get("/projects/new/")

    assert len(response.context["page"]) == item_count


def test_new_from_someone_elses_meeting_is_403():
    meeting = HeldMeetingFactory.create()

    response = logged_in(UserFactory.create(organisation=OrganisationFactory.create())).get(
        f"/projects/new/?meeting={meeting.pk}"
    )

    assert response.status_code == 403


def test_new_from_a_meeting_not_held_says_so_and_refuses():
    city = OrganisationFactory.create()
    person = UserFactory.create(organisation=city)
    meeting = HeldMeetingFactory.create(organiser__organisation=city, status=MeetingStatus.CONFIRMED)
    client = logged_in(person)

    response = client.post(f"/projects/new/?meeting={meeting.pk}", form_data(city=city.pk))

    assert response.status_code == 200
    assert "has not been held" in " ".join(str(m) for m in response.context["messages"])
    assert response.context["form"].non_field_errors() == ["A project starts from a meeting that was held."]
    assert Proposal.objects.count() == 0


def test_city_person_proposes_directly_for_their_own_city_only():
    city = OrganisationFactory.create()
    other = OrganisationFactory.create()
    client = logged_in(UserFactory.create(organisation=city))

    choices = list(client.get("/projects/new/").context["form"].fields["city"].queryset)
    refused = client.post("/projects/new/", form_data(city=other.pk))
    created = client.post("/projects/new/", form_data(city=city.pk))

    assert choices == [city]
    assert list(refused.context["form"].errors) == ["city"]
    assert (created.status_code, Proposal.objects.get().city) == (302, city)


def test_invalid_proposal_shows_field_errors():
    city = OrganisationFactory.create()
    client = logged_in(UserFactory.create(organisation=city))

    response = client.post(
        "/projects/new/",
        form_data(city=city.pk, funding_sought="900000", end_date="2029-01-01", budget_currency="US"),
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["budget_currency", "end_date", "funding_sought"]


def test_institution_people_cannot_propose():
    institution = OrganisationFactory.create(category="institution", kind="academic")

    response = logged_in(UserFactory.create(organisation=institution)).get("/projects/new/")

    assert response.status_code == 403


# --- Editing -----------------------------------------------------------------------------------


def test_edit_saves_content_and_owner(proposal, people):
    colleague = UserFactory.create(organisation=proposal.city)
    client = logged_in(people["city"])
    form = client.get(f"/projects/{proposal.pk}/edit/").context["form"]

    response = client.post(
        f"/projects/{proposal.pk}/edit/",
        form_data(
            title="Bigger flood project",
            providers=[p.pk for p in proposal.providers.all()],
            owner=colleague.pk,
        ),
    )

    proposal.refresh_from_db()
    assert ("city" in form.fields, "kind" in form.fields, form["title"].initial) == (
        False,
        False,
        "River flood warnings",
    )
    assert response.status_code == 302
    assert (proposal.title, proposal.owner) == ("Bigger flood project", colleague)


def test_owner_picker_of_a_provider_lists_no_staff_nor_the_citys_people(proposal, people):
    StaffFactory.create(username="staff-sam")
    UserFactory.create(organisation=proposal.city, username="city-clerk")
    provider_person = people["provider"]

    response = logged_in(provider_person).get(f"/projects/{proposal.pk}/edit/")

    listed = {user.username for user in response.context["form"].fields["owner"].queryset}
    assert listed == {provider_person.username, proposal.owner.username}
    assert (b"staff-sam" in response.content, b"city-clerk" in response.content) == (False, False)


def test_edit_refuses_an_owner_outside_the_parties(proposal, people):
    response = logged_in(people["staff"]).post(
        f"/projects/{proposal.pk}/edit/",
        form_data(providers=[p.pk for p in proposal.providers.all()], owner=people["other_city"].pk),
    )

    assert list(response.context["form"].errors) == ["owner"]


# --- Held meetings in "my meetings" ------------------------------------------------------------


def test_held_meeting_offers_to_propose_a_project():
    city = OrganisationFactory.create()
    person = UserFactory.create(organisation=city)
    held = HeldMeetingFactory.create(organiser__organisation=city, requested_by=person)
    confirmed = HeldMeetingFactory.create(organiser__organisation=city, status=MeetingStatus.CONFIRMED)

    html = logged_in(person).get("/my/meetings/").content.decode()

    assert f"/projects/new/?meeting={held.pk}" in html
    assert f"/projects/new/?meeting={confirmed.pk}" not in html
