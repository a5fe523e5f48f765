"""What a client may claim about the connection, and what the answers promise."""

import pytest
from django.test import RequestFactory

pytestmark = [pytest.mark.unit]


def test_a_client_claiming_https_in_x_forwarded_proto_is_not_believed_without_a_proxy():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert request.is_secure() is False
