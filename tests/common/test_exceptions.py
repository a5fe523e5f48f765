import pytest
from django.core.exceptions import ValidationError
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from common.exceptions import ApplicationError, ConflictError, api_exception_handler

pytestmark = [pytest.mark.unit]


def _context():
    return {"request": APIRequestFactory().get("/"), "view": None}


def test_conflict_error_is_a_409_in_the_error_shape():
    response = api_exception_handler(ConflictError("Slot taken.", extra={"free_slots": []}), _context())
    assert response is not None

    assert response.status_code == 409
    assert response.data == {"type": "conflict", "detail": "Slot taken.", "errors": {}, "free_slots": []}


def test_application_error_is_a_400():
    response = api_exception_handler(ApplicationError("Registration is closed."), _context())
    assert response is not None

    assert (response.status_code, response.data["type"]) == (400, "application_error")


def test_django_validation_error_keeps_field_messages():
    response = api_exception_handler(ValidationError({"email": "Taken."}), _context())
    assert response is not None

    assert (response.status_code, response.data["errors"]) == (400, {"email": ["Taken."]})


def test_unexpected_exception_is_left_to_django():
    assert api_exception_handler(RuntimeError("bug"), _context()) is None


def test_errors_of_list_items_and_nested_objects_have_dotted_keys():
    nested = exceptions.ValidationError(
        {"maturity": {"0": ["Not a choice."]}, "slots": [{}, {"start": ["Required."]}], "title": ["Blank."]}
    )

    response = api_exception_handler(nested, _context())
    assert response is not None

    assert response.data["errors"] == {
        "maturity": ["Not a choice."],
        "slots.1.start": ["Required."],
        "title": ["Blank."],
    }
