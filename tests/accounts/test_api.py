import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories.accounts import (
    CorporationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ORGS = "/api/v1/organisations/"


@pytest.mark.parametrize("item_count", [1, 3])
def test_organisation_list_query_count_is_constant(api_client, django_assert_num_queries, item_count):
    OrganisationFactory.create_batch(item_count)

    with django_assert_num_queries(2):  # count + page
        response = api_client.get(ORGS)

    assert response.status_code == 200
    assert response.json()["count"] == item_count


def test_organisation_list_filters_by_region_country_category_and_name(api_client):
    OrganisationFactory.create(name="Nairobi", country="KE", region="africa")
    OrganisationFactory.create(name="Accra", country="GH", region="africa")
    CorporationFactory.create(name="Nairobi Tech", country="KE", region="africa")

    response = api_client.get(
        ORGS, {"region": "africa", "country": "ke", "category": "local_government", "q": "nai"}
    )

    assert [o["name"] for o in response.json()["results"]] == ["Nairobi"]


def test_organisation_list_paginates(api_client):
    OrganisationFactory.create_batch(30)

    body = api_client.get(ORGS, {"page_size": 10, "page": 2}).json()

    assert (body["count"], len(body["results"])) == (30, 10)
    assert body["next"].endswith("page=3&page_size=10")


def test_organisation_list_bad_filter_is_a_400_with_field_messages(api_client):
    response = api_client.get(ORGS, {"region": "atlantis"})

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], list(body["errors"])) == ("validation_error", ["region"])


def test_unknown_page_is_a_404_in_the_error_shape(api_client):
    response = api_client.get(ORGS, {"page": 99})

    assert response.status_code == 404
    assert response.json() == {"type": "not_found", "detail": "Invalid page.", "errors": {}}


def test_anonymous_cannot_edit(api_client):
    organisation = OrganisationFactory.create()

    response = api_client.patch(f"{ORGS}{organisation.pk}/", {"description": "x"}, format="json")

    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


def test_admin_of_other_organisation_cannot_edit(api_client):
    api_client.force_authenticate(OrganisationAdminFactory.create())
    organisation = OrganisationFactory.create()

    response = api_client.patch(f"{ORGS}{organisation.pk}/", {"description": "x"}, format="json")

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.description == ""


def test_plain_member_cannot_edit_own_organisation(api_client):
    member = UserFactory.create(organisation=OrganisationFactory.create())
    api_client.force_authenticate(member)

    response = api_client.patch(f"{ORGS}{member.organisation_id}/", {"description": "x"}, format="json")

    assert response.status_code == 403


def test_admin_edits_own_organisation(api_client):
    admin = OrganisationAdminFactory.create()
    api_client.force_authenticate(admin)

    response = api_client.patch(
        f"{ORGS}{admin.organisation_id}/",
        {"population": 2_500_000, "gdp_per_capita_ppp": "5000"},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["population"], response.json()["gdp_per_capita_ppp"]) == (2_500_000, "5000.00")


def test_edit_with_bad_values_is_a_400_per_field(api_client):
    admin = OrganisationAdminFactory.create()
    api_client.force_authenticate(admin)

    response = api_client.patch(
        f"{ORGS}{admin.organisation_id}/",
        {"population": -5, "gdp_per_capita_ppp": "lots", "website": "not a url"},
        format="json",
    )

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["gdp_per_capita_ppp", "population", "website"]


def test_model_rule_surfaces_as_400_not_500(api_client, staff):
    api_client.force_authenticate(staff)
    corporation = CorporationFactory.create()

    response = api_client.patch(f"{ORGS}{corporation.pk}/", {"population": 10}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["population"]


def test_only_staff_add_organisations(api_client, org_admin, staff):
    payload = {
        "name": "Lagos",
        "category": "local_government",
        "kind": "city",
        "country": "NG",
        "region": "africa",
    }
    api_client.force_authenticate(org_admin)
    assert api_client.post(ORGS, payload, format="json").status_code == 403

    api_client.force_authenticate(staff)
    response = api_client.post(ORGS, payload, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "lagos-ng"


def test_kind_must_belong_to_category(api_client, staff):
    api_client.force_authenticate(staff)
    payload = {"name": "Acme", "category": "corporation", "kind": "city", "country": "DE", "region": "europe"}

    response = api_client.post(ORGS, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_organisation_fee_endpoint(api_client):
    organisation = OrganisationFactory.create(population=2_500_000, gdp_per_capita_ppp=5000)

    response = api_client.get(f"{ORGS}{organisation.pk}/fee/")

    assert response.json() == {
        "amount_usd": 1900,
        "currency": "USD",
        "category": "local_government",
        "basis": "GDP per capita band USD 4,000 - 5,999, population band 2,000 - 3,999 thousand",
    }


def test_organisation_fee_without_data_is_a_400_naming_the_fields(api_client):
    organisation = OrganisationFactory.create()

    response = api_client.get(f"{ORGS}{organisation.pk}/fee/")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["gdp_per_capita_ppp", "population"]


def test_fee_quote_for_raw_inputs(api_client):
    response = api_client.get("/api/v1/fees/quote/", {"category": "institution", "employee_count": 51})

    assert response.json()["amount_usd"] == 2000


def test_fee_quote_bad_input(api_client):
    response = api_client.get("/api/v1/fees/quote/", {"category": "club", "population": "many"})

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["category", "population"]


def test_me_requires_login(api_client):
    assert api_client.get("/api/v1/me/").status_code == 401


def test_me_patch_validates_time_zone(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.patch("/api/v1/me/", {"time_zone": "Moon/Crater"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["time_zone"]


def test_me_patch_saves(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.patch("/api/v1/me/", {"time_zone": "Asia/Seoul", "job_title": "CIO"}, format="json")

    assert (response.json()["time_zone"], response.json()["job_title"]) == ("Asia/Seoul", "CIO")


def test_signup_then_link_then_token_authentication(api_client, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/auth/signup/", {"email": "kofi@example.org"}, format="json")
    link = re.search(r"https?://[^/\s]+(/accounts/signup/[^/\s]+/)", str(mail.outbox[0].body))
    assert response.status_code == 202
    assert link is not None
    client.post(
        link[1], {"username": "kofi", "password": "a-long-passphrase", "password_again": "a-long-passphrase"}
    )
    token = api_client.post(
        "/api/v1/auth/token/", {"username": "kofi", "password": "a-long-passphrase"}
    ).json()

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")

    assert api_client.get("/api/v1/me/").json()["username"] == "kofi"


def test_signup_bad_input(api_client):
    response = api_client.post(
        "/api/v1/auth/signup/", {"email": "nope", "time_zone": "Mars/Base"}, format="json"
    )

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["email"]


def test_malformed_json_is_a_400(api_client, user):
    api_client.force_authenticate(user)

    response = api_client.generic("PATCH", "/api/v1/me/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["type"] == "parse_error"


def test_openapi_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"})
    docs = api_client.get("/api/docs/")

    assert (schema.status_code, docs.status_code) == (200, 200)
    assert "Error" in schema.json()["components"]["schemas"]
    assert "/api/v1/organisations/{id}/fee/" in schema.json()["paths"]


def test_openapi_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())
