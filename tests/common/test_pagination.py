"""The API's page-number pagination (common/pagination.py), through a real list endpoint."""

import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("page_size", ["abc", "0", "-3"])
def test_a_page_size_that_is_no_whole_number_of_at_least_one_is_a_400(page_size):
    response = APIClient().get("/api/v1/organisations/", {"page_size": page_size})

    assert (response.status_code, response.json()["type"], list(response.json()["errors"])) == (
        400,
        "validation_error",
        ["page_size"],
    )


def test_a_larger_page_size_gets_the_maximum_and_empty_values_are_not_given():
    OrganisationFactory.create_batch(3)

    capped = APIClient().get("/api/v1/organisations/", {"page_size": "5000"})
    empty = APIClient().get("/api/v1/organisations/", {"page": "", "page_size": ""})

    assert (capped.status_code, empty.status_code, empty.json()["count"]) == (200, 200, 3)


def test_a_page_past_the_end_is_the_404_error_shape():
    response = APIClient().get("/api/v1/organisations/", {"page": "9"})

    assert (response.status_code, response.json()) == (
        404,
        {"type": "not_found", "detail": "Invalid page.", "errors": {}},
    )
