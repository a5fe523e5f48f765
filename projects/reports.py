"""Read-only selectors for the staff reports. Each returns a `ReportTable`: the page draws its chart
from it and shows it as a table, and its CSV export writes the same rows. Each costs a fixed number
of queries however much data there is (noted per report)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from accounts.enums import Category, Region
from accounts.selectors import member_organisations
from common.reports import ReportTable
from projects.enums import Stage
from projects.models import Proposal
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from solutions.enums import ActivityKind
from solutions.models import ActivityRecord

logger = logging.getLogger(__name__)

ACTIVITY_MONTHS = 12


def members_by_region_and_category() -> ReportTable:
    """Members per region (rows) and category (columns), with totals. One query."""
    counts: dict[tuple[str, str], int] = {
        (region, category): n
        for region, category, n in member_organisations()
        .order_by()
        .values_list("region", "category")
        .annotate(n=Count("id"))
        .values_list("region", "category", "n")
    }
    categories = Category.values
    rows: list[list[Any]] = []
    for region, label in Region.choices:
        numbers = [counts.get((region, category), 0) for category in categories]
        rows.append([label, *numbers, sum(numbers)])
    totals = [sum(row[i + 1] for row in rows) for i in range(len(categories))]
    return ReportTable(
        name="members",
        title=gettext("Members by region and category"),
        header=[gettext("Region"), *(str(label) for label in Category.labels), gettext("Total")],
        rows=rows,
        footer=[gettext("All regions"), *totals, sum(totals)],
    )


def _month_starts(now: datetime, months: int) -> list[date]:
    year, month = now.year, now.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _by_month(pairs: Iterable[tuple[datetime | date | None, int]]) -> dict[date, int]:
    result: dict[date, int] = defaultdict(int)
    for month, n in pairs:
        if month is not None:
            result[month.date() if isinstance(month, datetime) else month] += n
    return result


def _monthly(queryset: QuerySet[Any], field: str, *group_by: str) -> QuerySet[Any]:
    """(*group_by, month, count) rows of `queryset`, the month of `field` taken in UTC."""
    return (
        queryset.order_by()
        .annotate(month=TruncMonth(field, tzinfo=UTC))
        .values_list(*group_by, "month")
        .annotate(n=Count("id"))
    )


def matching_activity_by_month(*, months: int = ACTIVITY_MONTHS, now: datetime | None = None) -> ReportTable:
    """Per calendar month (UTC) of the last `months`: searches and recommendations followed (by
    members, from the activity log), meetings requested (when asked for) and held (when they took
    place). Three queries."""
    starts = _month_starts((now or timezone.now()).astimezone(UTC), months)
    since = datetime.combine(starts[0], datetime.min.time(), tzinfo=UTC)
    by_kind: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for kind, month, n in _monthly(
        ActivityRecord.objects.filter(created_at__gte=since), "created_at", "kind"
    ):
        by_kind[kind].append((month, n))
    searches = _by_month(by_kind[ActivityKind.SEARCH])
    followed = _by_month(by_kind[ActivityKind.RECOMMENDATION_FOLLOWED])
    requested = _by_month(_monthly(Meeting.objects.filter(created_at__gte=since), "created_at"))
    held = _by_month(_monthly(Meeting.objects.filter(status=MeetingStatus.HELD, start__gte=since), "start"))
    rows: list[list[Any]] = [
        [
            start.strftime("%Y-%m"),
            searches.get(start, 0),
            followed.get(start, 0),
            requested.get(start, 0),
            held.get(start, 0),
        ]
        for start in starts
    ]
    return ReportTable(
        name="activity",
        title=gettext("Matching activity per month"),
        header=[
            gettext("Month"),
            gettext("Searches"),
            gettext("Recommendations followed"),
            gettext("Meetings requested"),
            gettext("Meetings held"),
        ],
        rows=rows,
        footer=[gettext("Total"), *(sum(row[i] for row in rows) for i in range(1, 5))],
        notes=[
            gettext("Searches and recommendations followed count logged-in members only."),
            gettext(
                "Meetings are counted in the month they were requested, and in the month they took place."
            ),
        ],
    )


def pipeline_by_stage() -> ReportTable:
    """Proposals per stage, and their budgets summed per currency (never added across currencies).
    One query."""
    counts: dict[str, int] = defaultdict(int)
    budgets: dict[tuple[str, str], Decimal] = {}
    currencies: set[str] = set()
    for stage, currency, n, total in (
        Proposal.objects.order_by()
        .values_list("stage", "budget_currency")
        .annotate(n=Count("id"), total=Sum("budget_amount"))
    ):
        counts[stage] += n
        if total is not None:
            budgets[stage, currency] = total
            currencies.add(currency)
    ordered = sorted(currencies)
    rows: list[list[Any]] = [
        [label, counts[stage], *(budgets.get((stage, c), Decimal(0)) for c in ordered)]
        for stage, label in Stage.choices
    ]
    footer = [
        gettext("All stages"),
        sum(counts.values()),
        *(sum(row[2 + i] for row in rows) for i in range(len(ordered))),
    ]
    return ReportTable(
        name="pipeline",
        title=gettext("Pipeline by stage"),
        header=[
            gettext("Stage"),
            gettext("Proposals"),
            *(gettext("Budget (%(currency)s)") % {"currency": c} for c in ordered),
        ],
        rows=rows,
        footer=footer,
    )
