import pytest
from rest_framework.test import APIClient

from matchmaking.index import forget_loaded_index
from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """The matching index is a per-process cache; each test starts from its own database state."""
    forget_loaded_index()
    yield
    forget_loaded_index()


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
