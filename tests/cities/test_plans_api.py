"""Plans API: visibility, CRUD permissions for every role, goals kept as needs, 400s with field
messages and a constant number of queries for the list."""

import factory
import pytest

from cities.enums import NeedStatus, PlanVisibility
from cities.models import Need, SmartCityPlan
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import PlanDocumentFactory, PlanGoalFactory, SmartCityPlanFactory
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PLANS = "/api/v1/plans/"


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kigali", country="RW")


@pytest.fixture
def roles(city):
    return {
        "anonymous": None,
        "owner": UserFactory.create(organisation=city),
        "other city": UserFactory.create(organisation=OrganisationFactory.create(name="Accra")),
        "provider": UserFactory.create(organisation=CorporationFactory.create()),
        "staff": StaffFactory.create(),
    }


def as_role(api_client, roles, who):
    if roles[who] is not None:
        api_client.force_authenticate(roles[who])
    return api_client


def payload(city, **changes):
    return {
        "city": city.pk,
        "title": "Kigali Smart City Masterplan",
        "summary": "A connected, inclusive and green Kigali.",
        "sectors": ["mobility"],
        "starts_on": "2025-01-01",
        "ends_on": "2035-12-31",
        "goals": [{"title": "Electric buses", "description": "Replace diesel buses on trunk lines."}],
        "documents": [{"title": "Masterplan", "url": "https://example.org/plan.pdf"}],
    } | changes


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("other city", 403), ("provider", 403), ("owner", 201), ("staff", 201)],
)
def test_create_plan_permissions(api_client, roles, city, who, status):
    response = as_role(api_client, roles, who).post(PLANS, payload(city), format="json")

    assert response.status_code == status
    assert Need.objects.count() == (1 if status == 201 else 0)


def test_created_plan_shows_its_goals_needs_and_documents(api_client, roles, city):
    api_client.force_authenticate(roles["owner"])

    body = api_client.post(PLANS, payload(city), format="json").json()

    need = Need.objects.get()
    assert [(g["title"], g["need"]) for g in body["goals"]] == [
        ("Electric buses", {"id": need.pk, "slug": need.slug})
    ]
    assert body["documents"] == [{"title": "Masterplan", "url": "https://example.org/plan.pdf"}]
    assert (body["city_name"], body["visibility"]) == ("Kigali", "public")


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"ends_on": "2020-01-01"}, ["ends_on"]),
        ({"sectors": ["space"], "visibility": "secret"}, ["sectors", "visibility"]),
        # Fields of list items are named by their path (the Error shape: field to messages).
        ({"goals": [{"title": "x"}]}, ["goals.0.description", "goals.0.title"]),
        ({"documents": [{"url": "nope"}]}, ["documents.0.url"]),
        ({"starts_on": "soon"}, ["starts_on"]),
    ],
)
def test_bad_input_is_400_with_field_messages(api_client, roles, city, changes, fields):
    api_client.force_authenticate(roles["owner"])

    response = api_client.post(PLANS, payload(city, **changes), format="json")

    assert (response.status_code, response.json()["type"], sorted(response.json()["errors"])) == (
        400,
        "validation_error",
        fields,
    )
    assert SmartCityPlan.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("other city", 403), ("provider", 403), ("owner", 200), ("staff", 200)],
)
def test_update_plan_permissions(api_client, roles, city, who, status):
    plan = SmartCityPlanFactory.create(city=city)

    response = as_role(api_client, roles, who).patch(
        f"{PLANS}{plan.pk}/", {"title": "Renamed plan"}, format="json"
    )

    assert response.status_code == status


def test_patching_goals_keeps_a_goal_by_id_and_closes_a_dropped_ones_need(api_client, roles, city):
    api_client.force_authenticate(roles["owner"])
    created = api_client.post(
        PLANS,
        payload(
            city,
            goals=[{"title": "Buses", "description": "More."}, {"title": "Bikes", "description": "Lanes."}],
        ),
        format="json",
    ).json()
    buses, bikes = created["goals"]

    body = api_client.patch(
        f"{PLANS}{created['id']}/",
        {"goals": [{"id": buses["id"], "title": "Electric buses", "description": "More, electric."}]},
        format="json",
    ).json()

    assert [(g["id"], g["title"], g["need"]["id"]) for g in body["goals"]] == [
        (buses["id"], "Electric buses", buses["need"]["id"])
    ]
    assert Need.objects.get(pk=buses["need"]["id"]).title == "Electric buses"
    assert Need.objects.get(pk=bikes["need"]["id"]).status == NeedStatus.CLOSED


def test_a_plan_cannot_move_to_another_city(api_client, roles, city):
    plan = SmartCityPlanFactory.create(city=city)
    api_client.force_authenticate(roles["staff"])

    response = api_client.patch(
        f"{PLANS}{plan.pk}/", {"city": OrganisationFactory.create().pk}, format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["city"])


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("other city", 403), ("provider", 403), ("owner", 204), ("staff", 204)],
)
def test_delete_plan_permissions(api_client, roles, city, who, status):
    plan = SmartCityPlanFactory.create(city=city)

    response = as_role(api_client, roles, who).delete(f"{PLANS}{plan.pk}/")

    assert response.status_code == status
    assert SmartCityPlan.objects.filter(pk=plan.pk).exists() is (status != 204)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", ["Public plan"]),
        ("provider", ["Members plan", "Public plan"]),
        ("owner", ["Members plan", "Public plan"]),
        ("staff", ["Members plan", "Public plan"]),
    ],
)
def test_members_only_plans_are_for_members(api_client, roles, city, who, visible):
    SmartCityPlanFactory.create(title="Public plan")
    members = SmartCityPlanFactory.create(title="Members plan", visibility=PlanVisibility.MEMBERS)

    client = as_role(api_client, roles, who)
    titles = sorted(p["title"] for p in client.get(PLANS).json()["results"])
    detail = client.get(f"{PLANS}{members.pk}/").status_code

    assert (titles, detail) == (visible, 200 if "Members plan" in visible else 404)


def test_list_filters_by_sector_region_and_city(api_client, city):
    SmartCityPlanFactory.create(title="Kigali mobility", city=city, sectors=["mobility"])
    SmartCityPlanFactory.create(title="Kigali water", city=city, sectors=["water"])
    SmartCityPlanFactory.create(
        title="Paris mobility", city=OrganisationFactory.create(region="europe", country="FR")
    )

    def titles(**params):
        return sorted(p["title"] for p in api_client.get(PLANS, params).json()["results"])

    assert titles(sector="mobility", region="africa") == ["Kigali mobility"]
    assert titles(city=city.pk) == ["Kigali mobility", "Kigali water"]
    assert api_client.get(PLANS, {"sector": "space"}).status_code == 400


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    for plan in SmartCityPlanFactory.create_batch(item_count):
        PlanGoalFactory.create_batch(2, plan=plan, need=factory.SubFactory(NeedFactory, city=plan.city))
        PlanDocumentFactory.create(plan=plan)

    with django_assert_num_queries(4):  # count, page (cities joined), goals, documents
        response = api_client.get(PLANS)

    assert response.json()["count"] == item_count
