"""City needs API: permissions for every write, visibility and query counts."""

import pytest

from cities.enums import NeedStatus, NeedVisibility
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NEEDS = "/api/v1/needs/"


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala", country="UG", region="africa")


@pytest.fixture
def actors(city):
    return {
        "anonymous": None,
        "other": UserFactory.create(organisation=OrganisationFactory.create(name="Accra")),
        "owner": UserFactory.create(organisation=city),
        "staff": StaffFactory.create(),
    }


def as_actor(api_client, actors, who):
    if actors[who] is not None:
        api_client.force_authenticate(actors[who])
    return api_client


def payload(city):
    return {
        "city": city.pk,
        "title": "Reduce flooding in the market district",
        "description": "Every rainy season the central market floods and traders lose stock.",
        "sectors": ["water", "safety"],
        "budget_min_usd": 50_000,
        "budget_max_usd": 250_000,
        "timeline": "short",
    }


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 201), ("staff", 201)]
)
def test_create_need_permissions(api_client, actors, city, who, status):
    response = as_actor(api_client, actors, who).post(NEEDS, payload(city), format="json")

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_update_need_permissions(api_client, actors, city, who, status):
    need = NeedFactory.create(city=city)

    response = as_actor(api_client, actors, who).patch(
        f"{NEEDS}{need.pk}/", {"status": NeedStatus.MATCHED}, format="json"
    )

    assert response.status_code == status
    need.refresh_from_db()
    assert need.status == (NeedStatus.MATCHED if status == 200 else NeedStatus.OPEN)


def test_budget_range_must_be_ordered(api_client, actors, city):
    bad = {**payload(city), "budget_min_usd": 900_000, "budget_max_usd": 1000, "timeline": "someday"}

    response = as_actor(api_client, actors, "owner").post(NEEDS, bad, format="json")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["timeline"]
    response = as_actor(api_client, actors, "owner").post(NEEDS, {**bad, "timeline": "long"}, format="json")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["budget_max_usd"])


def test_provider_cannot_post_a_need_for_itself(api_client):
    provider = CorporationFactory.create()
    api_client.force_authenticate(UserFactory.create(organisation=provider))

    response = api_client.post(NEEDS, payload(provider), format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["city"])


def test_members_only_needs_are_hidden_from_anonymous_and_unaffiliated(api_client, actors, city):
    NeedFactory.create(city=city, title="Public need")
    NeedFactory.create(
        city=OrganisationFactory.create(), title="Members need", visibility=NeedVisibility.MEMBERS
    )
    unaffiliated = UserFactory.create()

    seen = {}
    for who, user in [("anonymous", None), ("unaffiliated", unaffiliated), ("member", actors["other"])]:
        api_client.force_authenticate(user)
        seen[who] = sorted(n["title"] for n in api_client.get(NEEDS).json()["results"])

    assert seen == {
        "anonymous": ["Public need"],
        "unaffiliated": ["Public need"],
        "member": ["Members need", "Public need"],
    }


def test_needs_board_filters(api_client):
    NeedFactory.create(
        title="Flooded market", sectors=["water"], city=OrganisationFactory.create(region="africa")
    )
    NeedFactory.create(
        title="Old buses", sectors=["mobility"], city=OrganisationFactory.create(region="europe")
    )
    NeedFactory.create(title="Closed need", status=NeedStatus.CLOSED)

    def titles(**params):
        return [n["title"] for n in api_client.get(NEEDS, params).json()["results"]]

    assert titles(sector="water") == ["Flooded market"]
    assert titles(region="europe") == ["Old buses"]
    assert titles(q="buses") == ["Old buses"]
    assert titles(status="closed") == ["Closed need"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_need_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    NeedFactory.create_batch(item_count)

    with django_assert_num_queries(3):  # count, page (with city), translations
        response = api_client.get(NEEDS)

    assert response.json()["count"] == item_count


def test_a_two_megabyte_description_is_a_400_with_a_field_message(api_client, actors, city):
    huge = {**payload(city), "description": "flooding " * 233_017}  # about 2 MB

    response = as_actor(api_client, actors, "owner").post(NEEDS, huge, format="json")

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"description": ["Ensure this field has no more than 10000 characters."]},
    )
