"""The staff report of the City Activator: how many cities are at each stage."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cities.selectors import activator_stage_counts
from common.reports import ReportTable


def activator_stages() -> ReportTable:
    """Cities per Activator stage by their latest survey response, from
    `cities.selectors.activator_stage_counts()` (one query); a note says so when there is no data."""
    title = _("Activator stages across cities")
    header = [_("Stage"), _("Cities")]
    rows = [[f"{item['stage']}. {item['name']}", item["count"]] for item in activator_stage_counts()]
    total = sum(row[1] for row in rows)
    notes = [] if total else [_("No data: no city has taken the Activator survey yet.")]
    return ReportTable("activator", title, header, rows, footer=[_("All stages"), total], notes=notes)
