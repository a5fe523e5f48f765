"""Best-case pages: the public list with filters and search, submitting and editing ("my best cases"),
staff reviewing a case from their to-do page."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.enums import Category, Region
from common.realtime import wait_for_background
from notifications.models import Notification
from solutions.enums import BestCaseStatus
from solutions.models import BestCase
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

STORY = {
    "title": "Accra warns its residents of floods",
    "problem": "Streets flooded every rainy season.",
    "approach": "River gauges and SMS alerts.",
    "results": "No deaths in two seasons.",
}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def person_of(organisation, **fields):
    return UserFactory.create(organisation=organisation, **fields)


def published_case(**fields):
    return BestCaseFactory.create(status=BestCaseStatus.PUBLISHED, published_at=timezone.now(), **fields)


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Accra", country="GH", region=Region.AFRICA)


@pytest.fixture
def solution():
    return SolutionFactory.create(
        provider=CorporationFactory.create(name="Acme Flood Tech"), sectors=["water"]
    )


# --- The public list ---------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_filtered_and_searched_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    city = OrganisationFactory.create(name="Zürich", region=Region.EUROPE)
    for _ in range(item_count):
        published_case(city=city, solution=SolutionFactory.create(sectors=["water"]))

    # the chosen city, count, page (cities, solutions and providers joined), the city filter's choices
    with django_assert_num_queries(5):  # as before, plus the page's translations
        response = client.get(
            "/best-cases/", {"q": "zurich", "sector": "water", "region": "europe", "city": city.pk}
        )

    assert len(response.context["page"]) == item_count


def test_the_list_filters_and_searches_from_the_page(client, city, solution):
    published_case(title="Accra stays dry", city=city, solution=solution)
    published_case(title="Lisbon trams", city=OrganisationFactory.create(name="Lisboa", region=Region.EUROPE))

    by_region = client.get("/best-cases/", {"region": "africa"})
    by_word = client.get("/best-cases/", {"q": "ACME"})  # the provider's name
    by_city = client.get("/best-cases/", {"city": city.pk, "sector": "water"})

    assert [c.title for c in by_region.context["page"]] == ["Accra stays dry"]
    assert [c.title for c in by_word.context["page"]] == ["Accra stays dry"]
    assert [c.title for c in by_city.context["page"]] == ["Accra stays dry"]


def test_filters_are_kept_in_the_pagination_links(client, city, solution):
    for number in range(21):
        published_case(title=f"Accra case {number}", city=city, solution=solution)

    response = client.get("/best-cases/", {"q": "accra", "sector": "water"})

    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?q=accra&amp;sector=water&amp;page=2"' in response.content.decode()


def test_an_invalid_filter_is_a_form_error_not_a_500(client):
    published_case(title="Told")

    response = client.get("/best-cases/", {"sector": "nonsense", "city": "x"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["city", "sector"]
    assert [c.title for c in response.context["page"]] == ["Told"]


def test_a_filter_that_finds_nothing_says_so(client):
    published_case(title="Told")

    response = client.get("/best-cases/", {"q": "nothing like it"})

    assert "No published best case matches these filters." in response.content.decode()


# --- Submitting and "my best cases" ------------------------------------------------------------


def test_a_city_person_submits_a_case_for_review(city, solution):
    amina = person_of(city)
    client = client_of(amina)

    form = client.get("/best-cases/new/").context["form"]
    response = client.post("/best-cases/new/", {"solution": solution.pk, **STORY})

    assert sorted(form.fields) == ["approach", "problem", "results", "solution", "title"]  # their own city
    assert response.status_code == 302
    assert response["Location"] == "/my/best-cases/"
    case = BestCase.objects.get()
    assert (case.city, case.solution, case.status, case.created_by) == (
        city,
        solution,
        BestCaseStatus.SUBMITTED,
        amina,
    )
    assert client.get("/best-cases/").context["page"].paginator.count == 0


def test_a_provider_person_names_the_city(city, solution):
    client = client_of(person_of(solution.provider))

    response = client.post("/best-cases/new/", {"solution": solution.pk, "city": city.pk, **STORY})

    assert response.status_code == 302
    assert BestCase.objects.get().city == city


def test_a_form_with_mistakes_shows_field_errors(city, solution):
    client = client_of(person_of(city))

    response = client.post("/best-cases/new/", {"solution": "", **(STORY | {"title": "x", "results": ""})})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["results", "solution", "title"]
    assert BestCase.objects.count() == 0


def test_a_provider_cannot_submit_for_another_providers_solution(city, solution):
    client = client_of(person_of(CorporationFactory.create()))

    response = client.post("/best-cases/new/", {"solution": solution.pk, "city": city.pk, **STORY})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["solution"]


@pytest.mark.parametrize("who", ["institution", "no organisation"])
def test_only_member_cities_and_providers_may_submit(who):
    organisation = (
        OrganisationFactory.create(category=Category.INSTITUTION, population=None, gdp_per_capita_ppp=None)
        if who == "institution"
        else None
    )

    response = client_of(UserFactory.create(organisation=organisation)).get("/best-cases/new/")

    assert response.status_code == 403


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/best-cases/new/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("item_count", [1, 3])
def test_my_best_cases_query_count_is_constant(django_assert_num_queries, item_count, city):
    client = client_of(person_of(city))
    for _ in range(item_count):
        BestCaseFactory.create(city=city)
    BestCaseFactory.create()  # another city's

    # session, user, organisation, count, page (cities, solutions and providers joined)
    with django_assert_num_queries(5):
        response = client.get("/my/best-cases/")

    assert [row["actions"] for row in response.context["rows"]] == [{"edit"}] * item_count


def test_my_best_cases_show_the_state_and_the_reason_a_case_was_sent_back(city):
    BestCaseFactory.create(city=city, title="Waiting")
    BestCaseFactory.create(
        city=city, title="Needs figures", status=BestCaseStatus.RETURNED, return_reason="Add figures."
    )
    published_case(city=city, title="Out")

    content = client_of(person_of(city)).get("/my/best-cases/").content.decode()

    assert (
        content.count("Under review"),
        content.count("Sent back for changes"),
        "Add figures." in content,
    ) == (
        1,
        1,
        True,
    )
    assert content.count(">Edit<") == 2  # not the published one


def test_the_author_edits_a_case_sent_back_and_it_is_under_review_again(city, solution):
    amina = person_of(city)
    case = BestCaseFactory.create(
        city=city, solution=solution, status=BestCaseStatus.RETURNED, return_reason="Add figures."
    )

    response = client_of(amina).post(f"/best-cases/{case.pk}/edit/", STORY | {"results": "Deaths fell to 0."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.results, case.status, case.return_reason) == (
        "Deaths fell to 0.",
        BestCaseStatus.SUBMITTED,
        "",
    )


def test_another_organisation_cannot_open_or_edit_my_submission(city, solution):
    case = BestCaseFactory.create(city=city, solution=solution)
    stranger = client_of(person_of(OrganisationFactory.create()))

    assert stranger.get(f"/best-cases/{case.pk}/edit/").status_code == 404
    assert stranger.post(f"/best-cases/{case.pk}/edit/", STORY).status_code == 404
    case.refresh_from_db()
    assert case.title != STORY["title"]


def test_a_published_case_cannot_be_edited_by_its_authors(city, solution):
    case = published_case(city=city, solution=solution)

    assert client_of(person_of(city)).get(f"/best-cases/{case.pk}/edit/").status_code == 403


# --- Staff review ------------------------------------------------------------------------------


def test_the_todo_page_links_each_submitted_case_to_its_review(city, solution):
    case = BestCaseFactory.create(city=city, solution=solution)

    content = client_of(StaffFactory.create()).get("/staff/").content.decode()

    assert f'href="/staff/best-cases/{case.pk}/"' in content


def test_staff_publish_from_the_review_page_and_the_case_is_public(
    city, solution, django_capture_on_commit_callbacks
):
    amina = person_of(city)
    case = BestCaseFactory.create(city=city, solution=solution, title="Accra stays dry", created_by=amina)
    staff = client_of(StaffFactory.create())

    page = staff.get(f"/staff/best-cases/{case.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/staff/best-cases/{case.pk}/", {"decision": "publish"})
    assert wait_for_background()

    assert page.context["choices"] == {"publish", "send_back"}
    assert response["Location"] == f"/best-cases/{case.pk}/"
    assert [c.title for c in Client().get("/best-cases/").context["page"]] == ["Accra stays dry"]
    assert Notification.objects.get().recipient == amina
    assert [m.to for m in mail.outbox] == [[amina.email]]


def test_staff_send_back_needs_a_reason_shown_as_a_field_error(city, solution):
    case = BestCaseFactory.create(city=city, solution=solution)

    response = client_of(StaffFactory.create()).post(
        f"/staff/best-cases/{case.pk}/", {"decision": "send_back", "reason": ""}
    )

    assert response.status_code == 200
    assert list(response.context["send_back_form"].errors) == ["reason"]
    case.refresh_from_db()
    assert case.status == BestCaseStatus.SUBMITTED


def test_staff_send_back_with_a_reason_and_the_submitter_is_told(city, solution):
    amina = person_of(city)
    case = BestCaseFactory.create(city=city, solution=solution, created_by=amina)

    response = client_of(StaffFactory.create()).post(
        f"/staff/best-cases/{case.pk}/", {"decision": "send_back", "reason": "Add figures."}
    )

    assert response["Location"] == "/staff/"
    case.refresh_from_db()
    assert (case.status, case.return_reason) == (BestCaseStatus.RETURNED, "Add figures.")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.body) == (amina, "best_case.returned", "Add figures.")


@pytest.mark.parametrize("who", ["author", "other city"])
def test_non_staff_cannot_open_the_review_or_publish(city, solution, who):
    case = BestCaseFactory.create(city=city, solution=solution)
    person = person_of(city if who == "author" else OrganisationFactory.create())
    client = client_of(person)

    expected = 403 if who == "author" else 404  # others cannot see an unpublished case at all
    assert client.get(f"/staff/best-cases/{case.pk}/").status_code == expected
    assert client.post(f"/staff/best-cases/{case.pk}/", {"decision": "publish"}).status_code == expected
    case.refresh_from_db()
    assert case.status == BestCaseStatus.SUBMITTED


def test_a_decided_case_offers_no_decision_and_a_late_publish_is_a_message(city, solution):
    case = published_case(city=city, solution=solution)
    staff = client_of(StaffFactory.create())

    page = staff.get(f"/staff/best-cases/{case.pk}/")
    response = staff.post(f"/staff/best-cases/{case.pk}/", {"decision": "publish"}, follow=True)

    assert page.context["choices"] == set()
    assert [str(m) for m in response.context["messages"]] == [
        "This best case is no longer under review: its status is “Published”."
    ]
