"""Recording catalogue activity (searches, recommendations followed) for the staff reports."""

import pytest
from django.contrib.auth.models import AnonymousUser

from solutions import activity
from solutions.enums import ActivityKind
from solutions.models import ActivityRecord
from tests.factories.accounts import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_record_activity_logs_a_members_search_with_their_organisation():
    person = UserFactory.create(organisation=OrganisationFactory.create())

    activity.record_search(user=person, query="  flood   sensors ")

    record = ActivityRecord.objects.get()
    assert (record.kind, record.user, record.organisation, record.query) == (
        ActivityKind.SEARCH,
        person,
        person.organisation,
        "flood sensors",
    )


def test_reading_on_through_the_results_is_not_another_search():
    person = UserFactory.create(organisation=OrganisationFactory.create())

    activity.record_search(user=person, query="flood", page=1)
    activity.record_search(user=person, query="flood", page=2)

    assert ActivityRecord.objects.count() == 1


def test_record_activity_skips_anonymous_visitors():
    assert activity.record_search(user=AnonymousUser(), query="parking") is None
    assert ActivityRecord.objects.count() == 0


def test_record_activity_never_raises_and_leaves_the_transaction_usable():
    person = UserFactory.create()

    result = activity.record_activity(kind="not-a-kind", user=person)

    assert result is None
    assert ActivityRecord.objects.count() == 0  # the outer transaction still answers queries


def test_recommendation_followed_only_with_via_recommendation():
    person = UserFactory.create()

    activity.record_recommendation_followed(user=person, via="", solution_id=7)
    activity.record_recommendation_followed(user=person, via="recommendation", solution_id=7)

    assert list(ActivityRecord.objects.values_list("kind", "reference")) == [
        (ActivityKind.RECOMMENDATION_FOLLOWED, "solution:7")
    ]
