"""Catalogue pages: browse and search, solution pages, "my solutions" and its forms, best cases."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from accounts.enums import Category
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import Solution
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client()


def person_of(organisation):
    return UserFactory.create(organisation=organisation)


def published_case(**fields):
    return BestCaseFactory.create(status=BestCaseStatus.PUBLISHED, published_at=timezone.now(), **fields)


def solution_form_data(**changes):
    data = {
        "title": "Flood early warning",
        "summary": "Warns residents before rivers burst their banks.",
        "description": "River sensors and SMS alerts, run with the city's emergency office.",
        "sectors": ["water", "safety"],
        "esg_dimensions": ["environmental", "social"],
        "maturity": "deployed",
        "regions_served": ["africa"],
        "languages": "en, FR",
        "pricing_model": "subscription",
        "tags": "Flood, sensors, flood",
        "references": "Nairobi, KE\nSomewhere Small",
    }
    return data | changes


# --- Pages render -------------------------------------------------------------------------------


def test_catalogue_pages_render(client):
    solution = SolutionFactory.create()
    case = published_case(solution=solution)

    urls = ["/solutions/", "/solutions/?q=useful", f"/solutions/{solution.slug}/", "/best-cases/"]
    urls.append(f"/best-cases/{case.pk}/")

    assert [client.get(url).status_code for url in urls] == [200] * 5


# --- Browse -------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_catalogue_browse_query_count_is_constant(client, django_assert_num_queries, item_count):
    SolutionFactory.create_batch(item_count)

    with django_assert_num_queries(4):  # provider filter, count, page (providers joined), translations
        response = client.get("/solutions/")

    assert len(response.context["page"]) == item_count


@pytest.mark.portable
def test_catalogue_browse_lists_only_published_solutions_of_the_facets(client):
    SolutionFactory.create(title="Bus lanes", sectors=["mobility"])
    SolutionFactory.create(title="Water meters", sectors=["water"])
    SolutionFactory.create(title="Draft trams", sectors=["mobility"], status=SolutionStatus.DRAFT)
    SolutionFactory.create(title="Old taxis", sectors=["mobility"], status=SolutionStatus.ARCHIVED)

    response = client.get("/solutions/", {"sector": "mobility"})

    assert [s.title for s in response.context["page"]] == ["Bus lanes"]


def test_catalogue_browse_filters_by_provider(client):
    acme = CorporationFactory.create(name="Acme")
    SolutionFactory.create(title="Acme sensors", provider=acme)
    SolutionFactory.create(title="Other sensors")

    response = client.get("/solutions/", {"provider": acme.pk})

    assert [s.title for s in response.context["page"]] == ["Acme sensors"]


def test_catalogue_browse_paginates(client):
    SolutionFactory.create_batch(25)

    response = client.get("/solutions/", {"page": 2})

    assert (response.context["page"].number, len(response.context["page"])) == (2, 5)


def test_catalogue_bad_facet_shows_message_not_500(client):
    SolutionFactory.create()

    response = client.get("/solutions/", {"sector": "atlantis"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["sector"]
    assert response.context["total"] == 1


def test_catalogue_browse_empty_message(client):
    response = client.get("/solutions/", {"sector": "water"})

    assert "No published solution matches these filters." in response.content.decode()


def test_an_empty_catalogue_says_so_and_how_to_fill_it(client):
    SolutionFactory.create(status=SolutionStatus.DRAFT)

    content = client.get("/solutions/").content.decode()

    assert "The catalogue is empty" in content
    assert 'href="/my/solutions/"' in content
    assert "matches these filters" not in content


def test_pages_link_a_favicon_that_exists(client):
    content = client.get("/solutions/").content.decode()

    assert '<link rel="icon" href="/static/frontend/favicon.svg"' in content
    assert finders.find("frontend/favicon.svg") is not None


# --- Search -------------------------------------------------------------------------------------


def test_catalogue_search_highlights_phrase_and_counts_facets(client):
    SolutionFactory.create(
        title="Flood early warning", sectors=["water", "safety"], regions_served=["africa"]
    )
    SolutionFactory.create(title="Early flood maps", sectors=["water"])
    SolutionFactory.create(title="Parking sensors", sectors=["mobility"])

    response = client.get("/solutions/", {"q": '"flood early warning"', "sector": "water"})

    assert response.context["total"] == 1
    hit = response.context["results"].hits[0]
    assert hit.title_html == "<mark>Flood</mark> <mark>early</mark> <mark>warning</mark>"
    sector_labels = dict(response.context["form"].fields["sector"].choices)
    assert (sector_labels["water"], sector_labels["safety"], sector_labels["mobility"]) == (
        "Water (1)",
        "Safety (1)",
        "Mobility (0)",
    )
    assert "<mark>Flood</mark>" in response.content.decode()


def test_catalogue_search_escapes_document_text(client):
    SolutionFactory.create(title="Flood <script>alert(1)</script> alerts")

    content = client.get("/solutions/", {"q": "flood"}).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_catalogue_search_shows_syntax_help_and_empty_message(client):
    SolutionFactory.create(title="Parking sensors")

    response = client.get("/solutions/", {"q": "volcano"})

    content = response.content.decode()
    assert response.context["total"] == 0
    assert "No published solution matches" in content
    assert "quotes for phrases" in content


def test_catalogue_search_paginates_with_page_numbers(client):
    SolutionFactory.create_batch(45, summary="Smart lighting for streets.")

    response = client.get("/solutions/", {"q": "lighting", "page": 3})

    assert (response.context["total"], response.context["page"].number) == (45, 3)
    assert len(response.context["results"].hits) == 5
    assert response.context["page_range"] == [1, 2, 3]
    assert 'href="?q=lighting&amp;page=1"' in response.content.decode()


def test_catalogue_search_page_past_the_end_shows_the_last_page(client):
    SolutionFactory.create_batch(3, summary="Smart lighting for streets.")

    response = client.get("/solutions/", {"q": "lighting", "page": 9})

    assert (response.context["page"].number, len(response.context["results"].hits)) == (1, 3)


# --- Solution page ------------------------------------------------------------------------------


def test_solution_page_shows_provider_references_and_published_best_cases(client):
    nairobi = OrganisationFactory.create(name="Nairobi", country="KE")
    solution = SolutionFactory.create(tags=["flood"], languages=["en", "sw"], pricing_model="subscription")
    solution.references.create(city_name="Nairobi", country="KE", organisation=nairobi)
    solution.references.create(city_name="Elsewhere", country="FR")
    published_case(solution=solution, city=nairobi, title="Nairobi stays dry")
    BestCaseFactory.create(solution=solution, city=nairobi, title="Draft story")

    response = client.get(f"/solutions/{solution.slug}/")

    content = response.content.decode()
    assert f'href="/members/{solution.provider.slug}/"' in content
    assert f'<a href="/members/{nairobi.slug}/">Nairobi</a>, Kenya' in content
    assert "Elsewhere, France" in content
    assert "Swahili" in content
    assert [case.title for case in response.context["best_cases"]] == ["Nairobi stays dry"]
    assert response.context["can_edit"] is False
    assert "/publish/" not in content


def test_solution_page_shows_edit_buttons_to_its_provider(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)
    client.force_login(person_of(solution.provider))

    content = client.get(f"/solutions/{solution.slug}/").content.decode()

    assert f'action="/solutions/{solution.slug}/publish/"' in content
    assert f'action="/solutions/{solution.slug}/archive/"' in content
    assert f'href="/solutions/{solution.slug}/edit/"' in content


def test_draft_of_another_organisation_is_404(client):
    draft = SolutionFactory.create(status=SolutionStatus.DRAFT)

    anonymous = client.get(f"/solutions/{draft.slug}/").status_code
    client.force_login(person_of(CorporationFactory.create()))
    other = client.get(f"/solutions/{draft.slug}/").status_code
    other_edit = client.get(f"/solutions/{draft.slug}/edit/").status_code

    assert (anonymous, other, other_edit) == (404, 404, 404)


def test_own_draft_is_visible(client):
    draft = SolutionFactory.create(status=SolutionStatus.DRAFT)
    client.force_login(person_of(draft.provider))

    assert client.get(f"/solutions/{draft.slug}/").status_code == 200


# --- Provider page ------------------------------------------------------------------------------


def test_provider_page_lists_published_solutions_to_the_public(client):
    provider = CorporationFactory.create()
    SolutionFactory.create(provider=provider, title="Bus lanes")
    SolutionFactory.create(provider=provider, title="Secret trams", status=SolutionStatus.DRAFT)

    response = client.get(f"/members/{provider.slug}/")

    assert [s.title for s in response.context["solutions"]] == ["Bus lanes"]
    assert response.context["needs"] is None


def test_provider_page_shows_drafts_to_its_people(client):
    provider = CorporationFactory.create()
    SolutionFactory.create(provider=provider, title="Bus lanes")
    SolutionFactory.create(provider=provider, title="Secret trams", status=SolutionStatus.DRAFT)
    client.force_login(person_of(provider))

    response = client.get(f"/members/{provider.slug}/")

    assert [s.title for s in response.context["solutions"]] == ["Bus lanes", "Secret trams"]


# --- My solutions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/my/solutions/", "/my/solutions/new/", "/my/needs/", "/my/needs/new/", "/solutions/any/edit/"],
)
def test_my_pages_need_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_solutions_lists_every_status_of_own_organisation(client):
    provider = CorporationFactory.create()
    SolutionFactory.create(provider=provider, title="A published")
    SolutionFactory.create(provider=provider, title="B draft", status=SolutionStatus.DRAFT)
    SolutionFactory.create(provider=provider, title="C archived", status=SolutionStatus.ARCHIVED)
    SolutionFactory.create(title="D someone else's")
    client.force_login(person_of(provider))

    response = client.get("/my/solutions/")

    assert [s.title for s in response.context["page"]] == ["A published", "B draft", "C archived"]
    assert response.context["can_create"] is True


@pytest.mark.parametrize("item_count", [1, 3])
def test_my_solutions_query_count_is_constant(client, django_assert_num_queries, item_count):
    provider = CorporationFactory.create()
    SolutionFactory.create_batch(item_count, provider=provider, status=SolutionStatus.DRAFT)
    client.force_login(person_of(provider))

    # session, user, organisation, may-create check, count, page, pending join request (banner)
    with django_assert_num_queries(7):
        response = client.get("/my/solutions/")

    assert len(response.context["page"]) == item_count


def test_new_solution_for_own_organisation_creates_a_draft_with_references(client):
    provider = CorporationFactory.create()
    nairobi = OrganisationFactory.create(name="Nairobi", country="KE")
    client.force_login(person_of(provider))

    form = client.get("/my/solutions/new/").context["form"]
    response = client.post("/my/solutions/new/", solution_form_data())

    assert "provider" not in form.fields  # one possible provider: nothing to choose
    solution = Solution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/solutions/{solution.slug}/"
    assert (solution.provider, solution.status) == (provider, SolutionStatus.DRAFT)
    assert (solution.sectors, solution.tags, solution.languages) == (
        ["water", "safety"],
        ["flood", "sensors"],
        ["en", "fr"],
    )
    assert [(r.city_name, r.country, r.organisation) for r in solution.references.all()] == [
        ("Nairobi", "KE", nairobi),
        ("Somewhere Small", "", None),
    ]
    assert "is saved as a draft" in client.get(response["Location"]).content.decode()


def test_new_solution_staff_choose_the_provider(client):
    CorporationFactory.create()
    provider = CorporationFactory.create()
    client.force_login(StaffFactory.create())

    form = client.get("/my/solutions/new/").context["form"]
    client.post("/my/solutions/new/", solution_form_data(provider=provider.pk))

    assert "provider" in form.fields
    assert Solution.objects.get().provider == provider


def test_new_solution_shows_field_errors(client):
    client.force_login(person_of(CorporationFactory.create()))

    response = client.post(
        "/my/solutions/new/",
        solution_form_data(title="", languages="en, english", references="Paris, France", sectors=["x"]),
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["languages", "references", "sectors", "title"]
    assert Solution.objects.count() == 0


def test_new_solution_is_forbidden_to_city_people(client):
    client.force_login(person_of(OrganisationFactory.create(category=Category.LOCAL_GOVERNMENT)))

    assert client.get("/my/solutions/new/").status_code == 403
    assert client.post("/my/solutions/new/", solution_form_data()).status_code == 403


def test_edit_solution_saves_content_and_references(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)
    solution.references.create(city_name="Old town")
    client.force_login(person_of(solution.provider))

    initial = client.get(f"/solutions/{solution.slug}/edit/").context["form"].initial
    response = client.post(
        f"/solutions/{solution.slug}/edit/", solution_form_data(title="Better title", references="Accra, GH")
    )

    assert initial["references"] == [{"city_name": "Old town", "country": ""}]
    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.title == "Better title"
    assert [r.city_name for r in solution.references.all()] == ["Accra"]


def test_other_organisation_gets_403_on_edit_publish_archive(client):
    solution = SolutionFactory.create()
    client.force_login(person_of(CorporationFactory.create()))

    statuses = [
        client.get(f"/solutions/{solution.slug}/edit/").status_code,
        client.post(f"/solutions/{solution.slug}/edit/", solution_form_data()).status_code,
        client.post(f"/solutions/{solution.slug}/publish/").status_code,
        client.post(f"/solutions/{solution.slug}/archive/").status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    solution.refresh_from_db()
    assert (solution.title, solution.status) == (solution.title, SolutionStatus.PUBLISHED)


def test_publish_and_archive_are_post_only(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)
    client.force_login(person_of(solution.provider))

    statuses = [
        client.get(f"/solutions/{solution.slug}/{action}/").status_code for action in ("publish", "archive")
    ]

    assert statuses == [405, 405]


def test_publish_needs_the_csrf_token(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person_of(solution.provider))

    assert strict.post(f"/solutions/{solution.slug}/publish/").status_code == 403


def test_publish_puts_the_solution_in_the_catalogue(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)
    client.force_login(person_of(solution.provider))

    response = client.post(f"/solutions/{solution.slug}/publish/", follow=True)

    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED
    assert [str(m) for m in response.context["messages"]] == [
        f"“{solution.title}” is published: everyone can find it in the catalogue."
    ]


def test_publish_of_an_incomplete_solution_says_what_is_missing(client):
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT, sectors=[], description="")
    client.force_login(person_of(solution.provider))

    response = client.post(f"/solutions/{solution.slug}/publish/", follow=True)

    assert response.redirect_chain == [(f"/solutions/{solution.slug}/edit/", 302)]
    assert sorted(str(m) for m in response.context["messages"]) == [
        "Not published yet: Choose at least one sector before publishing.",
        "Not published yet: Describe the solution (at least 20 characters) before publishing.",
    ]
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.DRAFT


def test_archive_takes_the_solution_out_of_the_catalogue(client):
    solution = SolutionFactory.create()
    client.force_login(person_of(solution.provider))

    client.post(f"/solutions/{solution.slug}/archive/")

    solution.refresh_from_db()
    assert solution.status == SolutionStatus.ARCHIVED
    assert list(Client().get("/solutions/").context["page"]) == []


def test_nav_links_to_my_solutions_for_corporation_people(client):
    client.force_login(person_of(CorporationFactory.create()))

    content = client.get("/").content.decode()

    assert ('href="/my/solutions/"' in content, 'href="/my/needs/"' in content) == (True, False)


# --- Best cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_best_cases_query_count_is_constant(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        published_case()

    # count, page (cities, solutions and providers joined), the city filter's choices
    with django_assert_num_queries(4):  # as before, plus the page's translations
        response = client.get("/best-cases/")

    assert len(response.context["page"]) == item_count


def test_best_cases_lists_only_published(client):
    published_case(title="Told")
    BestCaseFactory.create(title="Being written")

    response = client.get("/best-cases/")

    assert [case.title for case in response.context["page"]] == ["Told"]


def test_draft_best_case_is_404_to_the_public(client):
    draft = BestCaseFactory.create()

    assert client.get(f"/best-cases/{draft.pk}/").status_code == 404
