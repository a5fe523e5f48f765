"""Smart city plan pages: the list (filters, pagination, query count), a plan's page with its goals
linked to their needs, the editor (goals as a formset kept in step with needs), and permissions."""

import factory
import pytest
from django.test import Client

from cities.enums import NeedStatus, PlanVisibility
from cities.models import Need, SmartCityPlan
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.activator import PlanDocumentFactory, PlanGoalFactory, SmartCityPlanFactory
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kigali", country="RW")


@pytest.fixture
def city_person(city):
    return UserFactory.create(organisation=city)


def logged_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def plan_form(goals=(), **changes):
    data = {
        "title": "Kigali Smart City Masterplan",
        "summary": "A connected, inclusive and green Kigali.",
        "sectors": ["mobility"],
        "starts_on": "2025-01-01",
        "ends_on": "2035-12-31",
        "visibility": "public",
        "documents": "Masterplan 2035 https://example.org/masterplan.pdf",
        "goals-TOTAL_FORMS": str(len(goals) + 1),
        "goals-INITIAL_FORMS": str(sum(1 for g in goals if g.get("id"))),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "30",
    }
    for i, goal in enumerate(goals):
        data |= {f"goals-{i}-{name}": value for name, value in goal.items()}
    return data | changes


def test_plans_pages_render(city):
    plan = SmartCityPlanFactory.create(city=city)

    assert [Client().get(url).status_code for url in ("/plans/", f"/plans/{plan.slug}/")] == [200, 200]


@pytest.mark.parametrize("item_count", [1, 3])
def test_plans_list_query_count_is_constant(django_assert_num_queries, item_count):
    for plan in SmartCityPlanFactory.create_batch(item_count):
        PlanGoalFactory.create_batch(2, plan=plan, need=factory.SubFactory(NeedFactory, city=plan.city))
        PlanDocumentFactory.create(plan=plan)

    with django_assert_num_queries(5):  # count, page (cities joined), goals, documents, translations
        response = Client().get("/plans/")

    assert len(response.context["page"]) == item_count


@pytest.mark.portable
def test_plans_list_filters_and_mine(city, city_person):
    SmartCityPlanFactory.create(title="Kigali mobility", city=city, sectors=["mobility"])
    SmartCityPlanFactory.create(title="Accra water", sectors=["water"])
    SmartCityPlanFactory.create(title="Members only", visibility=PlanVisibility.MEMBERS)

    def titles(client, **params):
        return sorted(p.title for p in client.get("/plans/", params).context["page"])

    assert titles(Client()) == ["Accra water", "Kigali mobility"]
    assert titles(Client(), sector="water") == ["Accra water"]
    assert titles(logged_in(city_person)) == ["Accra water", "Kigali mobility", "Members only"]
    assert titles(logged_in(city_person), mine="on") == ["Kigali mobility"]
    assert titles(logged_in(StaffFactory.create()), mine="on") == []


def test_plan_page_links_goals_to_their_needs(city, city_person):
    client = logged_in(city_person)
    client.post(
        "/plans/new/", plan_form([{"title": "Electric buses", "description": "On every trunk line."}])
    )
    plan = SmartCityPlan.objects.get()

    html = client.get(f"/plans/{plan.slug}/").content.decode()

    need = Need.objects.get()
    assert f'href="/needs/{need.slug}/"' in html
    assert 'href="https://example.org/masterplan.pdf"' in html


def test_sharing_a_plan_from_the_editor_publishes_goals_as_needs(city, city_person):
    response = logged_in(city_person).post(
        "/plans/new/",
        plan_form([
            {"title": "Electric buses", "description": "On every trunk line."},
            {"title": "Open data", "description": "Publish datasets.", "sectors": ["governance"]},
        ]),
    )  # fmt: skip

    plan = SmartCityPlan.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/plans/{plan.slug}/")
    assert (plan.city, [(d.title, d.url) for d in plan.documents.all()]) == (
        city,
        [("Masterplan 2035", "https://example.org/masterplan.pdf")],
    )
    assert list(Need.objects.filter(city=city).order_by("title").values_list("title", "sectors")) == [
        ("Electric buses", ["mobility"]),
        ("Open data", ["governance"]),
    ]


def test_editor_keeps_goals_in_step_with_needs(city, city_person):
    client = logged_in(city_person)
    client.post(
        "/plans/new/",
        plan_form([{"title": "Buses", "description": "More."}, {"title": "Bikes", "description": "Lanes."}]),
    )
    plan = SmartCityPlan.objects.get()
    buses, bikes = plan.goals.order_by("order")
    assert buses.need_id is not None
    assert bikes.need_id is not None

    response = client.post(
        f"/plans/{plan.slug}/edit/",
        plan_form([
            {"id": buses.pk, "title": "Electric buses", "description": "More, electric."},
            {"id": bikes.pk, "title": "Bikes", "description": "Lanes.", "DELETE": "on"},
        ]),
    )  # fmt: skip

    assert response.status_code == 302
    assert Need.objects.get(pk=buses.need_id).title == "Electric buses"
    assert Need.objects.get(pk=bikes.need_id).status == NeedStatus.CLOSED
    assert list(plan.goals.values_list("title", flat=True)) == ["Electric buses"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2020-01-01"}, "ends_on"),
        ({"documents": "Masterplan not-a-link"}, "documents"),
        ({"title": ""}, "title"),
    ],
)
def test_editor_reports_bad_input_on_the_field(city_person, changes, field):
    response = logged_in(city_person).post("/plans/new/", plan_form(**changes))

    assert (response.status_code, list(response.context["form"].errors)) == (200, [field])
    assert SmartCityPlan.objects.count() == 0


def test_a_half_filled_goal_is_reported_on_the_goal(city_person):
    response = logged_in(city_person).post("/plans/new/", plan_form([{"title": "Buses"}]))

    assert response.context["goals"].errors[0] == {"description": ["This field is required."]}
    assert SmartCityPlan.objects.count() == 0


def test_withdrawing_a_plan_closes_its_needs(city, city_person):
    client = logged_in(city_person)
    client.post("/plans/new/", plan_form([{"title": "Buses", "description": "More."}]))
    plan = SmartCityPlan.objects.get()

    response = client.post(f"/plans/{plan.slug}/delete/")

    assert (response.status_code, response["Location"]) == (302, "/plans/?mine=on")
    assert (SmartCityPlan.objects.count(), Need.objects.get().status) == (0, NeedStatus.CLOSED)


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("other city", 403), ("provider", 403), ("owner", 200), ("staff", 200)],
)
def test_who_may_open_the_editor(city, city_person, who, status):
    plan = SmartCityPlanFactory.create(city=city)
    user = {
        "anonymous": None,
        "other city": UserFactory.create(organisation=OrganisationFactory.create()),
        "provider": UserFactory.create(organisation=CorporationFactory.create()),
        "owner": city_person,
        "staff": StaffFactory.create(),
    }[who]

    assert logged_in(user).get(f"/plans/{plan.slug}/edit/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("provider", 403), ("owner", 200), ("staff", 200)]
)
def test_who_may_share_a_plan(city_person, who, status):
    user = {
        "anonymous": None,
        "provider": UserFactory.create(organisation=CorporationFactory.create()),
        "owner": city_person,
        "staff": StaffFactory.create(),
    }[who]

    assert logged_in(user).get("/plans/new/").status_code == status


def test_staff_share_a_plan_for_a_chosen_city(city):
    response = logged_in(StaffFactory.create()).post("/plans/new/", plan_form(city=city.pk))

    assert (response.status_code, SmartCityPlan.objects.get().city) == (302, city)


def test_withdrawing_is_for_the_citys_people_and_staff(city):
    plan = SmartCityPlanFactory.create(city=city)

    response = logged_in(UserFactory.create(organisation=OrganisationFactory.create())).post(
        f"/plans/{plan.slug}/delete/"
    )

    assert (response.status_code, SmartCityPlan.objects.count()) == (403, 1)


def test_members_only_plan_is_404_for_the_public(city):
    plan = SmartCityPlanFactory.create(city=city, visibility=PlanVisibility.MEMBERS)

    assert Client().get(f"/plans/{plan.slug}/").status_code == 404
