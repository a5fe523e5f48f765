"""The staff reports' contents on a small known dataset, and their fixed query counts."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from accounts.enums import Category, Kind, Region
from projects import reports
from projects.enums import Stage
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from solutions.enums import ActivityKind
from solutions.models import ActivityRecord
from tests.factories.accounts import CorporationFactory, OrganisationFactory
from tests.factories.projects import ActivityRecordFactory, HeldMeetingFactory, ProposalFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOW = datetime(2030, 3, 15, 12, tzinfo=UTC)


def at(year, month, day=10):
    return datetime(year, month, day, 9, tzinfo=UTC)


@pytest.mark.portable
def test_members_by_region_and_category():
    OrganisationFactory.create_batch(2, region=Region.AFRICA)
    OrganisationFactory.create(region=Region.EUROPE)
    CorporationFactory.create(region=Region.EUROPE)
    OrganisationFactory.create(
        region=Region.ASIA_PACIFIC, category=Category.INSTITUTION, kind=Kind.ACADEMIC, country="KR"
    )

    table = reports.members_by_region_and_category()

    assert table.header == ["Region", "Local government", "Corporation", "Institution", "Total"]
    assert table.rows == [
        ["Africa", 2, 0, 0, 2],
        ["Europe", 1, 1, 0, 2],
        ["Middle East & North Africa", 0, 0, 0, 0],
        ["Americas", 0, 0, 0, 0],
        ["Asia-Pacific", 0, 0, 1, 1],
    ]
    assert table.footer == ["All regions", 3, 1, 1, 5]


def _activity(kind, when, count=1):
    records = ActivityRecordFactory.create_batch(count, kind=kind)
    ActivityRecord.objects.filter(pk__in=[r.pk for r in records]).update(created_at=when)


def _meeting(created, start, status=MeetingStatus.HELD):
    meeting = HeldMeetingFactory.create(start=start, end=start + timedelta(minutes=30), status=status)
    Meeting.objects.filter(pk=meeting.pk).update(created_at=created)


@pytest.mark.portable
def test_matching_activity_by_month_counts_each_series_in_its_month():
    _activity(ActivityKind.SEARCH, at(2030, 3), count=3)
    _activity(ActivityKind.SEARCH, at(2030, 1))
    _activity(ActivityKind.RECOMMENDATION_FOLLOWED, at(2030, 3), count=2)
    _activity(ActivityKind.SEARCH, at(2029, 3, 31))  # before the twelve-month window
    _meeting(created=at(2030, 1), start=at(2030, 2))  # requested in January, held in February
    _meeting(created=at(2030, 3), start=at(2030, 3, 12), status=MeetingStatus.CONFIRMED)

    table = reports.matching_activity_by_month(now=NOW)

    assert table.header == [
        "Month",
        "Searches",
        "Recommendations followed",
        "Meetings requested",
        "Meetings held",
    ]
    assert [row[0] for row in table.rows] == [f"2029-{m:02}" for m in range(4, 13)] + [
        "2030-01",
        "2030-02",
        "2030-03",
    ]
    assert table.rows[-3:] == [["2030-01", 1, 0, 1, 0], ["2030-02", 0, 0, 0, 1], ["2030-03", 3, 2, 1, 0]]
    assert table.rows[0] == ["2029-04", 0, 0, 0, 0]
    assert table.footer == ["Total", 4, 2, 2, 1]


def test_matching_activity_window_crosses_the_year_boundary():
    table = reports.matching_activity_by_month(months=3, now=datetime(2030, 1, 31, 23, tzinfo=UTC))

    assert [row[0] for row in table.rows] == ["2029-11", "2029-12", "2030-01"]


@pytest.mark.portable
def test_pipeline_by_stage_counts_and_sums_budgets_per_currency():
    ProposalFactory.create(stage=Stage.PROPOSAL, budget_amount=Decimal("100000"), budget_currency="USD")
    ProposalFactory.create(stage=Stage.PROPOSAL, budget_amount=Decimal("50000.50"), budget_currency="USD")
    ProposalFactory.create(stage=Stage.PROPOSAL, budget_amount=Decimal("20000"), budget_currency="EUR")
    ProposalFactory.create(stage=Stage.PARTNERSHIP_AGREED, budget_amount=None)
    ProposalFactory.create(stage=Stage.DROPPED, budget_amount=Decimal("1000"), budget_currency="EUR")

    table = reports.pipeline_by_stage()

    assert table.header == ["Stage", "Proposals", "Budget (EUR)", "Budget (USD)"]
    assert table.rows == [
        ["Proposal", 3, Decimal("20000"), Decimal("150000.50")],
        ["Feasibility study", 0, 0, 0],
        ["Funding application", 0, 0, 0],
        ["Partnership agreed", 1, 0, 0],
        ["Implementing", 0, 0, 0],
        ["Done", 0, 0, 0],
        ["Dropped", 1, Decimal("1000"), 0],
    ]
    assert table.footer == ["All stages", 5, Decimal("21000"), Decimal("150000.50")]


@pytest.mark.parametrize("item_count", [1, 3])
def test_each_report_costs_a_fixed_number_of_queries(django_assert_num_queries, item_count):
    for _ in range(item_count):
        ProposalFactory.create(budget_currency="EUR")
        _activity(ActivityKind.SEARCH, NOW - timedelta(days=40))
        _meeting(created=NOW - timedelta(days=40), start=NOW - timedelta(days=30))

    with django_assert_num_queries(1):
        reports.members_by_region_and_category()
    with django_assert_num_queries(3):  # activity log, meetings requested, meetings held
        reports.matching_activity_by_month(now=NOW)
    with django_assert_num_queries(1):
        reports.pipeline_by_stage()
