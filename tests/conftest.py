import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test.client import ClientMixin
from django.utils import translation
from rest_framework.test import APIClient

from accounts.auth import second_factor_required
from matchmaking.index import forget_loaded_index
from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory
from tests.second_factor import give_second_factor


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """The matching index is a per-process cache; each test starts from its own database state."""
    forget_loaded_index()
    yield
    forget_loaded_index()


@pytest.fixture(autouse=True)
def _site_language_between_tests():
    """A page fetched with the test client activates its reader's language in this thread and
    leaves it active (Django deactivates nothing after a request): the next test starts in the
    site's language again, whichever language the last page spoke."""
    yield
    translation.deactivate()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory.create()


@pytest.fixture
def org_admin(db):
    return OrganisationAdminFactory.create()


@pytest.fixture
def staff(db):
    return StaffFactory.create()


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Throttle counters live in the cache (Redis when configured, under this run's own key prefix,
    config/settings/test.py): each test starts with none. Only this run's keys are deleted; other
    runs sharing the Redis server keep theirs."""
    clear_this_runs_cache()


def clear_this_runs_cache() -> None:
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = list(client.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """`client.force_login(staff or organisation admin)` opens a session that has given its second
    factor, as the pages would after the code: tests of other pages need not walk through it. Tests
    of the second factor itself log in with the password (`client.post("/accounts/login/")`)."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if second_factor_required(user):
            give_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
