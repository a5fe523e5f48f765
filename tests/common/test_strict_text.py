"""Text fields of the API refuse JSON numbers (common/strict_text.py)."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

pytestmark = [pytest.mark.unit]


class _Named(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField(required=False)


@pytest.mark.parametrize("value", [952, 9.5])
def test_a_number_where_text_is_expected_is_invalid(value):
    named = _Named(data={"name": value})

    assert (named.is_valid(), [str(m) for m in named.errors["name"]]) == (False, ["Not a valid string."])


def test_text_still_passes():
    named = _Named(data={"name": "952", "email": "a@example.org"})

    assert (named.is_valid(), named.validated_data) == (True, {"name": "952", "email": "a@example.org"})


@pytest.mark.django_db
@pytest.mark.integration
def test_signing_up_with_a_number_for_a_name_is_a_400():
    body = {"first_name": 952, "email": "new@example.org"}

    response = APIClient().post("/api/v1/auth/signup/", body, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["first_name"])
