import re

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories.accounts import OrganisationAdminFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.portable
@pytest.mark.parametrize(
    "url", ["/", "/members/", "/fees/", "/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"]
)
def test_public_pages_render(client, url):
    OrganisationFactory.create(name="Nairobi")

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("item_count", [1, 3])
def test_directory_query_count_is_constant(client, django_assert_num_queries, item_count):
    OrganisationFactory.create_batch(item_count)

    with django_assert_num_queries(3):  # countries for the filter, count, page
        response = client.get("/members/")

    assert response.status_code == 200


@pytest.mark.portable
def test_directory_filters_region_and_country(client):
    OrganisationFactory.create(name="Nairobi", country="KE", region="africa")
    OrganisationFactory.create(name="Accra", country="GH", region="africa")
    OrganisationFactory.create(name="Paris", country="FR", region="europe")

    response = client.get("/members/", {"region": "africa", "country": "KE"})

    assert [o.name for o in response.context["page"]] == ["Nairobi"]


@pytest.mark.portable
@pytest.mark.parametrize(
    ("query", "expected"),
    [("zurich", ["Zürich Energie"]), ("ZÜRICH", ["Zürich Energie"]), ("éNERGIE", ["Zürich Energie"])],
)
def test_directory_search_ignores_accents_and_case(client, query, expected):
    OrganisationFactory.create(name="Zürich Energie", country="CH")
    OrganisationFactory.create(name="Accra", country="GH")

    response = client.get("/members/", {"q": query})

    assert [o.name for o in response.context["page"]] == expected


@pytest.mark.portable
def test_directory_search_finds_members_by_country_name(client):
    OrganisationFactory.create(name="Abidjan", country="CI")
    OrganisationFactory.create(name="Nairobi", country="KE")

    response = client.get("/members/", {"q": "cote d'ivoire"})

    assert [o.name for o in response.context["page"]] == ["Abidjan"]


def test_directory_paginates(client):
    OrganisationFactory.create_batch(30)

    response = client.get("/members/", {"page": 2})

    assert (response.context["page"].number, len(response.context["page"])) == (2, 5)


def test_directory_bad_filter_shows_message_not_500(client):
    response = client.get("/members/", {"region": "atlantis"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["region"]


def test_fee_calculator_computes(client):
    response = client.get(
        "/fees/", {"category": "local_government", "gdp_per_capita_ppp": "5000", "population": "300000"}
    )

    assert response.context["quote"].amount_usd == 1000


def test_fee_calculator_names_missing_fields(client):
    response = client.get("/fees/", {"category": "corporation"})

    assert list(response.context["form"].errors) == ["employee_count"]


def test_fee_calculator_prints_amounts_as_the_brochure_does(client):
    response = client.get(
        "/fees/", {"category": "local_government", "gdp_per_capita_ppp": "25000", "population": "8000000"}
    )

    assert response.context["quote"].amount_usd == 8500
    assert "<strong>USD 8,500</strong>" in response.content.decode()


def test_fee_calculator_marks_each_input_with_the_categories_it_serves(client):
    content = client.get("/fees/").content.decode()

    assert "data-fee-calculator" in content
    assert 'data-fee-category=""' in content
    assert content.count('data-fee-for="local_government"') == 2  # GDP per capita, population
    assert content.count('data-fee-for="corporation institution"') == 1  # employees
    assert '<script src="/static/frontend/fee_calculator.js" defer></script>' in content
    assert finders.find("frontend/fee_calculator.js") is not None


def test_signup_link_makes_the_account_logs_in_and_requests_organisation(
    client, django_capture_on_commit_callbacks
):
    city = OrganisationFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/accounts/signup/",
            {"email": "wanjiru@example.org", "asks_to_join": city.pk, "time_zone": "Africa/Nairobi"},
        )
    link = re.search(r"https?://[^/\s]+(/accounts/signup/[^/\s]+/)", str(mail.outbox[0].body))
    assert link is not None
    finish_page = client.get(link[1])
    finished = client.post(
        link[1],
        {"username": "wanjiru", "password": "a-long-passphrase", "password_again": "a-long-passphrase"},
    )

    assert (sent.status_code, finish_page.status_code, finished.status_code) == (200, 200, 302)
    assert "Check your inbox" in sent.content.decode()
    assert "at least 8 characters" in finish_page.content.decode()  # the enforced rules, shown
    user = User.objects.get(username="wanjiru")
    request = user.join_requests.get()
    assert (request.organisation, request.status, user.organisation, user.time_zone, user.email_verified) == (
        city,
        "pending",
        None,
        "Africa/Nairobi",
        True,
    )
    assert client.get("/").context["user"] == user


def test_signup_shows_field_errors(client):
    response = client.post("/accounts/signup/", {"email": "not-an-address", "time_zone": "Mars/Base"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["email", "time_zone"]
    assert mail.outbox == []


def test_finishing_a_signup_shows_field_errors(client, django_capture_on_commit_callbacks):
    UserFactory.create(username="taken")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"email": "new@example.org", "time_zone": "UTC"})
    link = re.search(r"https?://[^/\s]+(/accounts/signup/[^/\s]+/)", str(mail.outbox[0].body))
    assert link is not None

    response = client.post(
        link[1], {"username": "taken", "password": "12345678", "password_again": "12345678"}
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["password", "username"]
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_forged_signup_link_is_refused(client):
    response = client.get("/accounts/signup/not-a-token/")

    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()


def test_password_reset_sends_email(client, django_capture_on_commit_callbacks):
    UserFactory.create(email="reset@example.org")

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        client.post("/accounts/password-reset/", {"email": "reset@example.org"})

    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_profile_edit(client):
    user = UserFactory.create()
    client.force_login(user)

    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Ama",
            "last_name": "Mensah",
            "email": user.email,
            "job_title": "CTO",
            "time_zone": "Africa/Accra",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.time_zone) == ("Ama", "Africa/Accra")


def test_admin_edits_own_organisation_page(client):
    admin = OrganisationAdminFactory.create()
    assert admin.organisation is not None
    client.force_login(admin)

    response = client.post(
        f"/members/{admin.organisation.slug}/edit/",
        {
            "name": admin.organisation.name,
            "population": "1200000",
            "gdp_per_capita_ppp": "9000",
            "website": "",
            "description": "Capital",
        },
    )

    assert response.status_code == 302
    assert client.get(f"/members/{admin.organisation.slug}/").context["fee"].amount_usd == 3500


def test_other_organisation_edit_page_is_forbidden(client):
    client.force_login(OrganisationAdminFactory.create())
    other = OrganisationFactory.create()

    assert client.get(f"/members/{other.slug}/edit/").status_code == 403
    assert client.post(f"/members/{other.slug}/edit/", {"name": "Mine now"}).status_code == 403


def test_edit_page_needs_login(client):
    organisation = OrganisationFactory.create()

    response = client.get(f"/members/{organisation.slug}/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_organisation_is_404(client):
    assert client.get("/members/nowhere/").status_code == 404
