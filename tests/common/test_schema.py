"""The OpenAPI schema (common/schema.py): every operation declares the errors it can give, in the
`Error` shape; what it says about authentication, pagination and times is what the API does."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = [pytest.mark.unit]

ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def is_page(operation):
    """A list answered one page at a time by the API's paginator (a page past the end is a 404)."""
    answer = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
    return answer.get("schema", {}).get("$ref", "").startswith("#/components/schemas/Paginated")


def test_every_error_answer_has_the_error_shape(schema):
    wrong = [
        (method, path, code)
        for path, method, operation in operations(schema)
        for code, response in operation["responses"].items()
        if code >= "400" and response["content"]["application/json"]["schema"] != {"$ref": ERROR_REF}
    ]

    assert wrong == []


def test_ids_in_paths_and_paginated_lists_declare_the_404(schema):
    missing = [
        (method, path)
        for path, method, operation in operations(schema)
        if ("{" in path or is_page(operation)) and "404" not in operation["responses"]
    ]

    assert missing == []


def test_operations_that_authenticate_declare_the_401_and_bodies_the_400(schema):
    missing = [
        (method, path)
        for path, method, operation in operations(schema)
        if ("401" not in operation["responses"] and any(operation.get("security", [])))
        or ("requestBody" in operation and "400" not in operation["responses"])
    ]

    assert missing == []


def test_lists_paginated_by_hand_show_the_page(schema):
    answer = schema["paths"]["/api/v1/events/"]["get"]["responses"]["200"]["content"]["application/json"]

    assert answer["schema"] == {"$ref": "#/components/schemas/PaginatedEventList"}


def test_reads_open_to_anyone_mark_authentication_optional(schema):
    plans = schema["paths"]["/api/v1/plans/"]

    assert ({} in plans["get"]["security"], {} in plans["post"]["security"]) == (True, False)


def test_times_of_day_are_not_json_schemas_offset_times(schema):
    assert '"format": "time"' not in json.dumps(schema)
