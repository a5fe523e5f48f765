"""Throttles of expensive API calls (common.throttling.ScopeThrottle): 429 with Retry-After, counted
per person or address in the shared cache; a cache that cannot be reached lets requests through."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_search_is_throttled_per_address_with_retry_after(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "2/min"}
    client, elsewhere = APIClient(), APIClient(REMOTE_ADDR="10.0.0.7")

    answers = [client.get("/api/v1/solutions/search/", {"q": "flood"}) for _ in range(3)]
    other_address = elsewhere.get("/api/v1/solutions/search/", {"q": "flood"})

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json()["type"] == "throttled"
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert other_address.status_code == 200


def test_matching_is_throttled_per_person(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "matching": "1/min"}
    client = APIClient()
    client.force_authenticate(UserFactory.create())
    body = {"text": "flooded roads after heavy rain"}

    answers = [client.post("/api/v1/match/solutions/", body, format="json").status_code for _ in range(2)]

    assert answers == [200, 429]


def test_an_unreachable_cache_lets_requests_through(settings, monkeypatch):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/min"}

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", unreachable)
    client = APIClient()

    answers = [client.get("/api/v1/solutions/search/", {"q": "flood"}).status_code for _ in range(2)]

    assert answers == [200, 200]
