"""City-needs pages: the board, need pages, "my needs" and its forms, the city page's open needs."""

import pytest
from django.test import Client

from accounts.enums import Region
from cities.enums import NeedStatus, NeedVisibility
from cities.models import Need
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Nairobi")


@pytest.fixture
def city_person(city):
    return UserFactory.create(organisation=city)


def need_form_data(**changes):
    data = {
        "title": "Shorter permit queues",
        "description": "Residents wait weeks for building permits; we want it done in days.",
        "sectors": ["governance"],
        "budget_min_usd": "10000",
        "budget_max_usd": "50000",
        "timeline": "short",
        "visibility": "public",
        "status": "open",
    }
    return data | changes


def test_needs_pages_render(client):
    need = NeedFactory.create()

    assert [client.get(url).status_code for url in ("/needs/", f"/needs/{need.slug}/")] == [200, 200]


@pytest.mark.parametrize("item_count", [1, 3])
def test_needs_board_query_count_is_constant(client, django_assert_num_queries, item_count):
    NeedFactory.create_batch(item_count)

    with django_assert_num_queries(3):  # count, page (cities joined), translations
        response = client.get("/needs/")

    assert len(response.context["page"]) == item_count


@pytest.mark.portable
def test_needs_board_shows_open_needs_by_default(client):
    NeedFactory.create(title="Open one")
    NeedFactory.create(title="Done one", status=NeedStatus.CLOSED)

    default = client.get("/needs/")
    any_status = client.get("/needs/", {"status": ""})

    assert [n.title for n in default.context["page"]] == ["Open one"]
    assert default.context["form"]["status"].value() == "open"
    assert sorted(n.title for n in any_status.context["page"]) == ["Done one", "Open one"]


def test_needs_board_filters_by_words_sector_and_region(client):
    europe = OrganisationFactory.create(region=Region.EUROPE, country="FR")
    NeedFactory.create(title="Permit queues", sectors=["governance"])
    NeedFactory.create(title="Permit queues in Lyon", sectors=["governance"], city=europe)
    NeedFactory.create(title="Bus queues", sectors=["mobility"])

    response = client.get("/needs/", {"q": "queues", "sector": "governance", "region": "africa"})

    assert [n.title for n in response.context["page"]] == ["Permit queues"]


def test_needs_board_bad_filter_shows_message_not_500(client):
    response = client.get("/needs/", {"region": "atlantis"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["region"]


def test_members_only_need_is_hidden_from_the_public(client):
    need = NeedFactory.create(visibility=NeedVisibility.MEMBERS)

    anonymous = client.get(f"/needs/{need.slug}/").status_code
    client.force_login(UserFactory.create(organisation=CorporationFactory.create()))
    member = client.get(f"/needs/{need.slug}/").status_code

    assert (anonymous, member) == (404, 200)


def test_city_page_lists_its_open_needs(client, city):
    NeedFactory.create(city=city, title="Open one")
    NeedFactory.create(city=city, title="Closed one", status=NeedStatus.CLOSED)

    response = client.get(f"/members/{city.slug}/")

    assert [n.title for n in response.context["needs"]] == ["Open one"]
    assert response.context["solutions"] is None


def test_my_needs_lists_every_need_of_own_city(client, city, city_person):
    NeedFactory.create(city=city, title="Open one")
    NeedFactory.create(
        city=city, title="Hidden one", status=NeedStatus.CLOSED, visibility=NeedVisibility.MEMBERS
    )
    NeedFactory.create(title="Someone else's")
    client.force_login(city_person)

    response = client.get("/my/needs/")

    assert sorted(n.title for n in response.context["page"]) == ["Hidden one", "Open one"]
    assert response.context["can_create"] is True


@pytest.mark.parametrize("item_count", [1, 3])
def test_my_needs_query_count_is_constant(client, django_assert_num_queries, city, city_person, item_count):
    NeedFactory.create_batch(item_count, city=city)
    client.force_login(city_person)

    with django_assert_num_queries(6):  # session, user, organisation, count, page, join-request banner
        response = client.get("/my/needs/")

    assert len(response.context["page"]) == item_count


def test_new_need_is_posted_for_own_city(client, city, city_person):
    client.force_login(city_person)

    form = client.get("/my/needs/new/").context["form"]
    response = client.post("/my/needs/new/", need_form_data(city=OrganisationFactory.create().pk))

    need = Need.objects.get()
    assert list(form.fields) == [
        "title", "description", "sectors", "budget_min_usd", "budget_max_usd", "timeline", "visibility",
    ]  # fmt: skip
    assert response["Location"] == f"/needs/{need.slug}/"
    assert (need.city, need.status, need.budget_max_usd) == (city, NeedStatus.OPEN, 50000)


def test_new_need_staff_choose_the_city(client):
    city = OrganisationFactory.create()
    client.force_login(StaffFactory.create())

    client.post("/my/needs/new/", need_form_data(city=city.pk))

    assert Need.objects.get().city == city


def test_new_need_shows_the_services_budget_message(client, city_person):
    client.force_login(city_person)

    response = client.post("/my/needs/new/", need_form_data(budget_min_usd="9000", budget_max_usd="10"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "budget_max_usd": ["The maximum budget must not be below the minimum."]
    }


def test_new_need_is_forbidden_to_corporation_people(client):
    client.force_login(UserFactory.create(organisation=CorporationFactory.create()))

    assert client.get("/my/needs/new/").status_code == 403


def test_edit_need_changes_status(client, city, city_person):
    need = NeedFactory.create(city=city)
    client.force_login(city_person)

    response = client.post(f"/needs/{need.slug}/edit/", need_form_data(status="matched"))

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.title) == (NeedStatus.MATCHED, "Shorter permit queues")


def test_other_city_gets_403_on_edit(client, city_person):
    need = NeedFactory.create()
    client.force_login(city_person)

    get_status = client.get(f"/needs/{need.slug}/edit/").status_code
    post_status = client.post(f"/needs/{need.slug}/edit/", need_form_data()).status_code

    assert (get_status, post_status) == (403, 403)


def test_nav_links_to_my_needs_for_city_people(client, city_person):
    client.force_login(city_person)

    content = client.get("/").content.decode()

    assert ('href="/my/needs/"' in content, 'href="/my/solutions/"' in content) == (True, False)
