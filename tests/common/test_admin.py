import pytest
from django.contrib import admin

from events.models import Event, EventMeetingRequest, EventRegistration
from projects.models import Proposal
from tests.factories.accounts import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.mark.parametrize("model", [Event, EventRegistration, EventMeetingRequest, Proposal])
def test_the_admin_never_deletes_rows_the_services_keep_history_for(model, rf):
    request = rf.get("/admin/")
    request.user = StaffFactory.create(is_superuser=True)

    assert admin.site._registry[model].has_delete_permission(request) is False
