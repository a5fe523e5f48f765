"""Every answer carries a strict Content-Security-Policy, and the pages it covers run under it."""

import pytest

from tests.frontend.test_templates import inline_code_in

pytestmark = [pytest.mark.integration]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/", "/solutions/", "/accounts/login/", "/api/docs/", "/api/v1/solutions/"])
def test_answers_carry_a_strict_content_security_policy(client, db, path):
    response = client.get(path)

    directives = _directives(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_api_docs_page_runs_without_inline_code(client, db):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    assert inline_code_in(page.content.decode()) == []
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")
