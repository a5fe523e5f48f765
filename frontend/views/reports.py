"""Staff reports: members, matching activity, the pipeline and the Activator, each a chart drawn on the
server (CSS bars or inline SVG, no script) above its data table, and each exportable as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cities.reports import activator_stages
from common.reports import ReportTable
from frontend.http import AuthenticatedHttpRequest
from frontend.spreadsheets import csv_response
from projects.reports import matching_activity_by_month, members_by_region_and_category, pipeline_by_stage

# The activity chart's drawing area (SVG user units) and its four series.
SVG_WIDTH, SVG_HEIGHT, SVG_TOP, SVG_BOTTOM = 720, 240, 12, 28
ACTIVITY_SERIES = ("series-searches", "series-recommendations", "series-requested", "series-held")


# Every staff report, by the name its CSV is downloaded under.
REPORTS: dict[str, Callable[[], ReportTable]] = {
    "members": members_by_region_and_category,
    "activity": matching_activity_by_month,
    "pipeline": pipeline_by_stage,
    "activator": activator_stages,
}


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied(_("The reports are for association staff."))


def _percent(value: float, largest: float) -> float:
    return round(100 * float(value) / float(largest), 1) if largest else 0.0


def bar_chart(table: ReportTable, column: int = 1) -> list[dict[str, Any]]:
    """One bar per row: label, value and width in percent of the largest value."""
    largest = max((row[column] for row in table.rows), default=0)
    return [
        {"label": row[0], "value": row[column], "percent": _percent(row[column], largest)}
        for row in table.rows
    ]


def stacked_chart(table: ReportTable) -> list[dict[str, Any]]:
    """One stacked bar per row over the middle columns (e.g. categories), scaled to the largest total."""
    largest = max((row[-1] for row in table.rows), default=0)
    names = table.header[1:-1]
    return [
        {"label": row[0], "total": row[-1], "segments": _segments(names, row[1:-1], largest)}
        for row in table.rows
    ]


def _segments(names: list[str], values: list[Any], largest: float) -> list[dict[str, Any]]:
    """A stacked bar's segments; `offset` (percent) is where each starts, after the ones before it."""
    segments, offset = [], 0.0
    for index, (name, value) in enumerate(zip(names, values, strict=True)):
        percent = _percent(value, largest)
        segments.append({"name": name, "value": value, "percent": percent, "index": index, "offset": offset})
        offset = round(offset + percent, 1)
    return segments


def grouped_svg_chart(table: ReportTable) -> dict[str, Any]:
    """Grouped bars (one group per row, one bar per numeric column) as SVG rectangles."""
    series = table.header[1:]
    largest = max((value for row in table.rows for value in row[1:]), default=0)
    group_width = SVG_WIDTH / max(len(table.rows), 1)
    bar_width = (group_width - 8) / max(len(series), 1)
    plot_height = SVG_HEIGHT - SVG_TOP - SVG_BOTTOM
    groups = []
    for index, row in enumerate(table.rows):
        x0 = index * group_width + 4
        bars = []
        for position, (name, value) in enumerate(zip(series, row[1:], strict=True)):
            height = plot_height * value / largest if largest else 0
            bars.append(
                {
                    "x": round(x0 + position * bar_width, 1),
                    "y": round(SVG_TOP + plot_height - height, 1),
                    "width": round(bar_width - 1, 1),
                    "height": round(height, 1),
                    "name": name,
                    "value": value,
                    "css": ACTIVITY_SERIES[position % len(ACTIVITY_SERIES)],
                }
            )
        groups.append({"label": row[0], "label_x": round(x0 + (group_width - 8) / 2, 1), "bars": bars})
    return {
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "axis_y": SVG_HEIGHT - SVG_BOTTOM,
        "label_y": SVG_HEIGHT - 10,
        "largest": largest,
        "groups": groups,
        "legend": [
            {"name": name, "css": ACTIVITY_SERIES[i % len(ACTIVITY_SERIES)]} for i, name in enumerate(series)
        ],
    }


@login_required
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every report on one page; a fixed number of queries whatever the amount of data."""
    _require_staff(request)
    members = REPORTS["members"]()
    activity = REPORTS["activity"]()
    pipeline = REPORTS["pipeline"]()
    activator = REPORTS["activator"]()
    return render(
        request,
        "frontend/reports/index.html",
        {
            "members": members,
            "members_chart": stacked_chart(members),
            "activity": activity,
            "activity_chart": grouped_svg_chart(activity),
            "pipeline": pipeline,
            "pipeline_chart": bar_chart(pipeline),
            "activator": activator,
            "activator_chart": bar_chart(activator),
        },
    )


@login_required
def report_csv(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    """One report's table (with its totals row) as CSV."""
    _require_staff(request)
    if name not in REPORTS:
        raise Http404("No such report.")
    table = REPORTS[name]()
    return csv_response(f"{name}.csv", table.header, table.all_rows)
