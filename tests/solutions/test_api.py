"""Catalogue API: permissions for every write (anonymous, other organisation, owner, staff),
validation, visibility and query counts."""

import pytest

from accounts.enums import DEMO_SOURCE, OrganisationRole
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import Solution
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SOLUTIONS = "/api/v1/solutions/"
BEST_CASES = "/api/v1/best-cases/"


def person_of(organisation, role=OrganisationRole.MEMBER):
    return UserFactory.create(organisation=organisation, organisation_role=role)


@pytest.fixture
def provider():
    return CorporationFactory.create(name="Acme Mobility")


@pytest.fixture
def actors(provider):
    """Who tries each write: nobody, someone of another provider, the owner, staff."""
    return {
        "anonymous": None,
        "other": person_of(CorporationFactory.create()),
        "owner": person_of(provider),
        "staff": StaffFactory.create(),
    }


def as_actor(api_client, actors, who):
    if actors[who] is not None:
        api_client.force_authenticate(actors[who])
    return api_client


def new_solution_payload(provider):
    return {
        "provider": provider.pk,
        "title": "Bike sharing",
        "summary": "Docked and dockless bikes",
        "description": "A city-wide bike sharing scheme with an app and open data.",
        "sectors": ["mobility"],
        "tags": ["Bikes", " bikes ", "micromobility"],
        "references": [{"city_name": "Seoul", "country": "KR"}, {"city_name": "Atlantis"}],
    }


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 201), ("staff", 201)]
)
def test_create_solution_permissions(api_client, actors, provider, who, status):
    seoul = OrganisationFactory.create(name="Seoul", country="KR", region="asia_pacific")

    response = as_actor(api_client, actors, who).post(
        SOLUTIONS, new_solution_payload(provider), format="json"
    )

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["status"], body["tags"]) == ("draft", ["bikes", "micromobility"])
        assert body["references"] == [
            {"city_name": "Atlantis", "country": "", "organisation": None},
            {"city_name": "Seoul", "country": "KR", "organisation": seoul.pk},
        ]


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_update_published_solution_permissions(api_client, actors, provider, who, status):
    solution = SolutionFactory.create(provider=provider)

    response = as_actor(api_client, actors, who).patch(
        f"{SOLUTIONS}{solution.pk}/", {"title": "Renamed"}, format="json"
    )

    assert response.status_code == status
    solution.refresh_from_db()
    assert solution.title == ("Renamed" if status == 200 else solution.title)


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 404), ("owner", 200), ("staff", 200)]
)
def test_publish_draft_permissions(api_client, actors, provider, who, status):
    draft = SolutionFactory.create(provider=provider, status=SolutionStatus.DRAFT)

    response = as_actor(api_client, actors, who).post(f"{SOLUTIONS}{draft.pk}/publish/")

    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.status == (SolutionStatus.PUBLISHED if status == 200 else SolutionStatus.DRAFT)


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 200), ("staff", 200)]
)
def test_archive_permissions(api_client, actors, provider, who, status):
    solution = SolutionFactory.create(provider=provider)

    response = as_actor(api_client, actors, who).post(f"{SOLUTIONS}{solution.pk}/archive/")

    assert response.status_code == status


def test_publish_incomplete_draft_is_a_400_naming_fields(api_client, actors, provider):
    draft = SolutionFactory.create(
        provider=provider, status=SolutionStatus.DRAFT, sectors=[], description="short"
    )

    response = as_actor(api_client, actors, "owner").post(f"{SOLUTIONS}{draft.pk}/publish/")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["description", "sectors"]


def test_bad_solution_input_is_a_400_per_field(api_client, actors, provider):
    payload = {
        **new_solution_payload(provider),
        "title": "",
        "sectors": ["teleportation"],
        "maturity": "vintage",
    }

    response = as_actor(api_client, actors, "owner").post(SOLUTIONS, payload, format="json")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["maturity", "sectors", "title"]


def test_city_cannot_list_a_solution(api_client):
    city_person = person_of(OrganisationFactory.create())
    api_client.force_authenticate(city_person)

    response = api_client.post(SOLUTIONS, new_solution_payload(city_person.organisation), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["provider"]


def test_solution_cannot_move_to_another_provider(api_client, actors, provider):
    solution = SolutionFactory.create(provider=provider)

    response = as_actor(api_client, actors, "staff").patch(
        f"{SOLUTIONS}{solution.pk}/", {"provider": CorporationFactory.create().pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["provider"]


def test_drafts_are_visible_only_to_owner_and_staff(api_client, actors, provider):
    SolutionFactory.create(provider=provider, title="Published")
    SolutionFactory.create(provider=provider, title="Draft", status=SolutionStatus.DRAFT)

    seen = {}
    for who in ("anonymous", "other", "owner", "staff"):
        api_client.force_authenticate(actors[who])
        seen[who] = [s["title"] for s in api_client.get(SOLUTIONS).json()["results"]]

    assert seen == {
        "anonymous": ["Published"],
        "other": ["Published"],
        "owner": ["Draft", "Published"],
        "staff": ["Draft", "Published"],
    }


def test_list_filters_and_rejects_unknown_values(api_client):
    SolutionFactory.create(title="Buses", sectors=["mobility"], regions_served=["africa"])
    SolutionFactory.create(title="Pipes", sectors=["water"], regions_served=["europe"])

    assert [s["title"] for s in api_client.get(SOLUTIONS, {"sector": "mobility"}).json()["results"]] == [
        "Buses"
    ]
    assert [s["title"] for s in api_client.get(SOLUTIONS, {"region": "europe"}).json()["results"]] == [
        "Pipes"
    ]
    response = api_client.get(SOLUTIONS, {"sector": "magic"})
    assert (response.status_code, list(response.json()["errors"])) == (400, ["sector"])


@pytest.mark.parametrize("item_count", [1, 3])
def test_solution_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    SolutionFactory.create_batch(item_count)

    with django_assert_num_queries(4):  # count, page (with provider), references, translations
        response = api_client.get(SOLUTIONS)

    assert response.json()["count"] == item_count


def test_search_endpoint(api_client):
    SolutionFactory.create(
        title="Flood early warning", description="River gauges alert residents.", sectors=["water"]
    )
    SolutionFactory.create(title="Smart parking", description="Sensors find free bays.", sectors=["mobility"])

    body = api_client.get(f"{SOLUTIONS}search/", {"q": '"early warning"', "sector": "water"}).json()

    assert (body["count"], [r["title"] for r in body["results"]]) == (1, ["Flood early warning"])
    assert body["results"][0]["title_highlighted"] == "Flood <mark>early</mark> <mark>warning</mark>"
    assert body["facets"]["sector"] == {"water": 1}


def test_search_endpoint_validates(api_client):
    response = api_client.get(f"{SOLUTIONS}search/", {"sector": "magic", "page_size": 1000})

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["page_size", "q", "sector"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_search_endpoint_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    for n in range(item_count):
        SolutionFactory.create(title=f"Parking {n}")

    with django_assert_num_queries(3):  # term statistics, search, rows
        response = api_client.get(f"{SOLUTIONS}search/", {"q": "parking"})

    assert response.json()["count"] == item_count


# --- Best cases ------------------------------------------------------------------------------


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Accra", country="GH")


def best_case_payload(city, solution):
    return {
        "city": city.pk,
        "solution": solution.pk,
        "title": "Fewer floods in Accra",
        "problem": "Streets flooded every rainy season.",
        "approach": "River gauges and SMS alerts.",
        "results": "No deaths in two seasons.",
    }


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("owner", 201), ("city", 201), ("staff", 201)]
)
def test_create_best_case_permissions(api_client, actors, provider, city, who, status):
    actors["city"] = person_of(city)
    solution = SolutionFactory.create(provider=provider)

    response = as_actor(api_client, actors, who).post(
        BEST_CASES, best_case_payload(city, solution), format="json"
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 404), ("owner", 200), ("city", 200), ("staff", 200)]
)
def test_update_draft_best_case_permissions(api_client, actors, provider, city, who, status):
    actors["city"] = person_of(city)
    case = BestCaseFactory.create(city=city, solution=SolutionFactory.create(provider=provider))

    response = as_actor(api_client, actors, who).patch(
        f"{BEST_CASES}{case.pk}/", {"title": "Better"}, format="json"
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 404), ("owner", 403), ("city", 403), ("staff", 200)]
)
def test_only_staff_publish_best_cases(api_client, actors, provider, city, who, status):
    actors["city"] = person_of(city)
    case = BestCaseFactory.create(city=city, solution=SolutionFactory.create(provider=provider))

    response = as_actor(api_client, actors, who).post(f"{BEST_CASES}{case.pk}/publish/")

    assert response.status_code == status
    case.refresh_from_db()
    assert case.status == (BestCaseStatus.PUBLISHED if status == 200 else BestCaseStatus.SUBMITTED)


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 404), ("owner", 403), ("city", 403), ("staff", 200)]
)
def test_only_staff_send_best_cases_back(api_client, actors, provider, city, who, status):
    actors["city"] = person_of(city)
    case = BestCaseFactory.create(city=city, solution=SolutionFactory.create(provider=provider))

    response = as_actor(api_client, actors, who).post(
        f"{BEST_CASES}{case.pk}/send-back/", {"reason": "Add figures."}, format="json"
    )

    assert response.status_code == status
    case.refresh_from_db()
    assert case.status == (BestCaseStatus.RETURNED if status == 200 else BestCaseStatus.SUBMITTED)


def test_sending_a_best_case_back_without_a_reason_is_a_400(api_client, actors, provider, city):
    case = BestCaseFactory.create(city=city, solution=SolutionFactory.create(provider=provider))

    response = as_actor(api_client, actors, "staff").post(
        f"{BEST_CASES}{case.pk}/send-back/", {"reason": "  "}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]


def test_a_second_decision_on_a_best_case_is_a_409(api_client, actors, provider, city):
    case = BestCaseFactory.create(city=city, solution=SolutionFactory.create(provider=provider))
    client = as_actor(api_client, actors, "staff")
    client.post(f"{BEST_CASES}{case.pk}/publish/")

    response = client.post(f"{BEST_CASES}{case.pk}/send-back/", {"reason": "Too late."}, format="json")

    assert (response.status_code, response.json()["status"]) == (409, "published")


def test_published_best_case_is_frozen_for_its_authors(api_client, actors, provider, city):
    case = BestCaseFactory.create(
        city=city, solution=SolutionFactory.create(provider=provider), status=BestCaseStatus.PUBLISHED
    )

    response = as_actor(api_client, actors, "owner").patch(
        f"{BEST_CASES}{case.pk}/", {"title": "x"}, format="json"
    )

    assert response.status_code == 403


def test_best_case_cannot_cite_an_invisible_draft(api_client, actors, city):
    draft = SolutionFactory.create(status=SolutionStatus.DRAFT)
    actors["city"] = person_of(city)

    response = as_actor(api_client, actors, "city").post(
        BEST_CASES, best_case_payload(city, draft), format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["solution"])


@pytest.mark.parametrize("item_count", [1, 3])
def test_best_case_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    BestCaseFactory.create_batch(item_count, status=BestCaseStatus.PUBLISHED)

    with django_assert_num_queries(2):
        response = api_client.get(BEST_CASES)

    assert response.json()["count"] == item_count


def test_solution_model_str():
    assert str(Solution(title="X")) == "X"


def test_a_demo_provider_is_not_offered_as_a_solutions_provider(api_client, actors):
    demo = CorporationFactory.create(source=DEMO_SOURCE)

    response = as_actor(api_client, actors, "staff").post(
        SOLUTIONS, new_solution_payload(demo), format="json"
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["provider"])
