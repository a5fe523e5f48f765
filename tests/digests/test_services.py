"""The weekly digest (digests/services.py, selectors.py, emails.py): who gets what, once per week,
nothing when nothing is new, matching once per organisation."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.enums import ApplicationStatus
from accounts.models import MembershipApplication, Organisation, User
from cities.models import Need
from digests.services import DIGEST_KIND, digest_key, send_weekly_digests
from digests.tasks import send_weekly_digests as send_weekly_digests_task
from matchmaking.index import current_index
from notifications.services import set_email_preferences
from outbox.models import OutboxMessage
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # a Monday, ISO week 2026-W50


def _city(name="Kampala", *, need="Stop the market flooding"):
    city = OrganisationFactory.create(name=name, region="africa")
    NeedFactory.create(
        title=need,
        description="Every rainy season the river floods the central market and traders lose their stock.",
        sectors=["water"],
        city=city,
    )
    return city


def _flood_solution(*, published_at, provider=None):
    return SolutionFactory.create(
        title="Flood early warning",
        summary="River gauges and SMS alerts",
        description="Water level sensors on rivers warn residents before flooding reaches the market.",
        sectors=["water"],
        published_at=published_at,
        **({"provider": provider} if provider else {}),
    )


def _bodies():
    return {message.key: message for message in OutboxMessage.objects.all()}


def test_a_city_person_gets_new_matching_solutions_with_reasons_in_their_time_zone():
    city = _city()
    person = UserFactory.create(organisation=city, time_zone="Pacific/Auckland")
    new = _flood_solution(published_at=NOW - timedelta(days=2))
    SolutionFactory.create(
        title="Flood maps", description="Old flood maps", published_at=NOW - timedelta(days=30)
    )

    assert send_weekly_digests(now=NOW) == 1

    message = _bodies()[digest_key(person, NOW)]
    assert digest_key(person, NOW) == f"digest:{person.pk}:2026-W50"
    assert message.to == [person.email]
    assert new.title in message.body
    assert "Flood maps" not in message.body
    assert "Stop the market flooding" in message.body
    reasons = next(line for line in message.body.splitlines() if "matched on:" in line)
    assert "flooding" in reasons
    assert "shared sectors: water" in reasons
    # 30 November 05:00 UTC is 30 November 18:00 in Auckland; 7 December 05:00 UTC is 7 December 18:00.
    assert "November 30, 2026 to December 7, 2026" in message.body


def test_a_provider_person_gets_new_needs_matching_their_solutions():
    provider = CorporationFactory.create(name="Gauge Co")
    person = UserFactory.create(organisation=provider)
    _flood_solution(published_at=NOW - timedelta(days=60), provider=provider)
    _city()

    assert send_weekly_digests(now=NOW) == 1

    body = _bodies()[digest_key(person, NOW)].body
    assert "Stop the market flooding (Kampala), for your solution Flood early warning" in body


def test_old_needs_are_not_news_for_providers():
    provider = CorporationFactory.create()
    UserFactory.create(organisation=provider)
    _flood_solution(published_at=NOW - timedelta(days=60), provider=provider)
    city = _city()
    city.needs.update(created_at=NOW - timedelta(days=8))

    assert send_weekly_digests(now=NOW) == 0


def test_staff_get_the_weeks_figures_and_nothing_in_a_quiet_week():
    staff = StaffFactory.create()
    assert send_weekly_digests(now=NOW) == 0

    this_week, last_month = NOW - timedelta(days=1), NOW - timedelta(days=30)
    received = [MembershipApplicationFactory.create() for _ in range(3)]
    MembershipApplication.objects.filter(pk__in=[a.pk for a in received[:2]]).update(created_at=this_week)
    MembershipApplication.objects.filter(pk=received[2].pk).update(
        created_at=last_month,
        status=ApplicationStatus.APPROVED,
        decided_at=this_week,
        organisation=CorporationFactory.create(),
    )
    OutboxMessage.objects.all().delete()  # the applications' own notices

    assert send_weekly_digests(now=NOW) == 1
    body = _bodies()[digest_key(staff, NOW)].body
    assert "Membership applications received: 2" in body
    assert "New member organisations: 1" in body
    assert "Meetings requested: 0" in body


def test_nothing_is_sent_twice_in_a_week_nor_to_who_turned_it_off():
    city = _city()
    keen = UserFactory.create(organisation=city)
    off = UserFactory.create(organisation=city)
    set_email_preferences(person=off, choices={DIGEST_KIND: False})
    _flood_solution(published_at=NOW - timedelta(days=1))

    assert send_weekly_digests(now=NOW) == 1
    assert send_weekly_digests(now=NOW + timedelta(hours=3)) == 0
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == [digest_key(keen, NOW)]


def test_the_beat_task_sends_this_weeks_digests_once():
    person = UserFactory.create(organisation=_city())
    _flood_solution(published_at=timezone.now() - timedelta(days=1))

    assert send_weekly_digests_task.delay().get() == 1
    assert send_weekly_digests_task.delay().get() == 0
    assert OutboxMessage.objects.get().to == [person.email]


def _queries_for(cities: int, people: int) -> int:
    for n in range(cities):
        city = _city(f"City {n}")
        for _ in range(people):
            UserFactory.create(organisation=city)
    with CaptureQueriesContext(connection) as queries:
        send_weekly_digests(now=NOW)
    OutboxMessage.objects.all().delete()
    return len(queries)


def _remove_cities() -> None:
    Need.objects.all().delete()
    User.objects.filter(organisation__isnull=False).delete()
    Organisation.objects.filter(solutions__isnull=True).delete()


def test_matching_runs_per_organisation_not_per_person():
    _flood_solution(published_at=NOW - timedelta(days=1))
    current_index()  # this process's index, loaded once outside the measure
    # The needs' sentence vectors, encoded and stored once (keyed by their text) outside the measure.
    _queries_for(3, 1)
    _remove_cities()
    one_city_one_person = _queries_for(1, 1)

    # Same city count, more people: the same matching; only the e-mails grow (one INSERT for all).
    _remove_cities()
    one_city_three_people = _queries_for(1, 3)
    _remove_cities()
    three_cities = _queries_for(3, 1)

    assert one_city_three_people == one_city_one_person
    # Each more city costs the same few queries (one ranking for its one open need, with the need's
    # stored sentence vector), whatever its size.
    per_city = (three_cities - one_city_one_person) / 2
    assert per_city <= 11
    assert one_city_one_person - per_city <= 6  # people, preferences, written keys, the INSERT
