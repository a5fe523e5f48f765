"""Request bodies the API refuses in its JSON error shape (common/parsers.py, common/exceptions.py)."""

import json

import pytest
from django.test import Client

from common.parsers import json_depth_exceeds
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def client():
    # The test client would re-raise a view's exception; a server answers it.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("depth", [40, 1000, 100_000])
def test_json_nested_too_deep_is_a_400_in_the_error_shape(depth):
    body = "[" * depth + "]" * depth

    response = client().post("/api/v1/auth/signup/", body, content_type="application/json")

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json()["type"] == "parse_error"


def test_json_within_the_depth_limit_is_parsed():
    body = {"username": "", "email": "nope", "password": "x", "first_name": [[[["deep"]]]]}

    response = client().post("/api/v1/auth/signup/", json.dumps(body), content_type="application/json")

    assert (response.status_code, response.json()["type"]) == (400, "validation_error")


def test_body_over_the_upload_limit_is_a_413_in_the_error_shape(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    user = UserFactory.create()
    logged_in = client()
    logged_in.force_login(user)
    body = json.dumps({"first_name": "x" * 2000})

    response = logged_in.patch("/api/v1/me/", body, content_type="application/json")

    assert (response.status_code, response["Content-Type"]) == (413, "application/json")
    assert response.json() == {
        "type": "request_too_large",
        "detail": "The request body is too large.",
        "errors": {},
    }


@pytest.mark.unit
@pytest.mark.parametrize(
    ("data", "limit", "exceeds"),
    [
        ({"a": [1, {"b": 2}]}, 3, False),
        ({"a": [1, {"b": []}]}, 3, True),
        ("text", 0, False),
        ([[[]]], 3, False),
        ([[[[]]]], 3, True),
    ],
)
def test_json_depth(data, limit, exceeds):
    assert json_depth_exceeds(data, limit) is exceeds
