import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import OrganisationAdminFactory, StaffFactory, UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def org_admin(db):
    return OrganisationAdminFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()
