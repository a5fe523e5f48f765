"""Agendas and exports: the viewer's agenda as a page, for print and as one `.ics` (the page and the
print carry the viewer's check-in QR code), and for staff the printable table signs and the whole
schedule as CSV."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.ids import parse_id
from events.enums import PUBLISHED_PHASES
from events.models import Event
from events.selectors.day import check_in_codes_for
from events.selectors.schedule import agenda_of, other_side, schedule_of, table_signs
from events.selectors.setup import viewer_registration
from frontend.http import AuthenticatedHttpRequest
from frontend.qr_codes import qr_code_svg
from frontend.spreadsheets import csv_response
from frontend.views.events.lookups import event_for_page, staff_event
from scheduling import calendar

# --- Agendas --------------------------------------------------------------------------------


def _agenda_context(
    request: AuthenticatedHttpRequest, event: Event, *, with_codes: bool = True
) -> dict[str, Any]:
    registration = viewer_registration(request.user, event, parse_id(request.GET.get("registration")))
    entries = [{"meeting": m, "with": other_side(m, registration)} for m in agenda_of(registration)]
    codes = check_in_codes_for(request.user, registration) if with_codes else []
    return {
        "check_in_codes": [
            {
                "person": code.representative.user,
                "svg": qr_code_svg(
                    code.token, title=_("Check-in code of %(user)s") % {"user": code.representative.user}
                ),
            }
            for code in codes
        ],
        "event": event,
        "registration": registration,
        "entries": entries,
        "published": event.phase in PUBLISHED_PHASES,
        "viewer_time_zone": getattr(request.user, "time_zone", "") or "UTC",
    }


@login_required
def event_agenda(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The viewer's organisation's agenda, times in the viewer's and the event's time zone."""
    return render(request, "frontend/events/agenda.html", _agenda_context(request, event_for_page(slug)))


@login_required
def event_agenda_print(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "frontend/events/agenda_print.html", _agenda_context(request, event_for_page(slug))
    )


@login_required
def event_agenda_ics(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The agenda's published meetings as one `.ics` (same UIDs and SEQUENCE as every other copy)."""
    context = _agenda_context(request, event_for_page(slug), with_codes=False)
    meetings = [
        entry["meeting"].meeting for entry in context["entries"] if entry["meeting"].meeting is not None
    ]
    event = context["event"]
    locations = (
        {
            entry["meeting"].meeting_id: f"{event.venue}, table {entry['meeting'].table}"
            for entry in context["entries"]
        }
        if event.venue
        else None
    )
    content = calendar.feed_ics(meetings, name=str(event), locations=locations)
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{context["event"].slug}-agenda.ics"'
    return response


# --- Exports (staff) -------------------------------------------------------------------------------

SCHEDULE_CSV_HEADER = (
    "slot", "session", "date", "start", "end", "time_zone",
    "table", "requester", "receiver", "pinned", "status",
)  # fmt: skip


@login_required
def event_schedule_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff: the whole schedule as CSV (times in the event's time zone)."""
    event = staff_event(request, slug)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    header = [
        "slot",
        "session",
        "date",
        "start",
        "end",
        "time_zone",
        "table",
        "requester",
        "receiver",
        "pinned",
    ]
    header.append("status")
    rows = []
    for meeting in schedule_of(event):
        slot = meeting.slot
        start, end = (slot.start.astimezone(zone), slot.end.astimezone(zone)) if slot else (None, None)
        rows.append(
            [
                slot.index + 1 if slot else "",
                slot.session.name if slot else "",
                f"{start:%Y-%m-%d}" if start else "",
                f"{start:%H:%M}" if start else "",
                f"{end:%H:%M}" if end else "",
                event.time_zone,
                meeting.table or "",
                meeting.requester.organisation.name,
                meeting.receiver.organisation.name,
                "yes" if meeting.pinned else "no",
                meeting.get_status_display() if slot else "unplaced",
            ]
        )
    return csv_response(f"{event.slug}-schedule.csv", SCHEDULE_CSV_HEADER, rows)


@login_required
def event_table_signs(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff: one printable sign per table with its meetings."""
    event = staff_event(request, slug)
    return render(request, "frontend/events/table_signs.html", {"event": event, "tables": table_signs(event)})
