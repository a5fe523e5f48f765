"""Admin of matchmaking events: a read-mostly view for staff. Sessions, phases, the schedule and the
day go through the event pages (services), which keep slots, meetings and calendars consistent."""

from django.contrib import admin
from django.http import HttpRequest

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from events.models import (
    Event,
    EventMeeting,
    EventMeetingFeedback,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSession,
    ScheduleRun,
)


class EventSessionInline(ReadOnlyInline):
    model = EventSession
    fields = readonly_fields = ("day", "name", "start_time", "slot_count")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "phase", "time_zone", "meeting_minutes", "tables", "published_at"]
    list_filter = ["phase"]
    search_fields = ["name", "slug"]
    # What moves slots or meetings changes only through the services (the event pages).
    readonly_fields = [
        "slug",
        "phase",
        "time_zone",
        "meeting_minutes",
        "tables",
        "published_at",
        "created_by",
    ]
    inlines = [EventSessionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # Deleting would cascade to its event meetings and strand their published calendar meetings.
    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False


class EventRepresentativeInline(ReadOnlyInline):
    model = EventRepresentative
    fields = readonly_fields = ("user", "checked_in_at")


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event", "created_at"]
    list_filter = ["event"]
    list_select_related = ["organisation", "event"]
    search_fields = ["organisation__name"]
    readonly_fields = ["event", "organisation", "registered_by"]
    inlines = [EventRepresentativeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EventRegistration | None = None) -> bool:
        return False


@admin.register(EventMeetingRequest)
class EventMeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "receiver", "event", "priority", "status", "created_at"]
    list_filter = ["event", "status"]
    list_select_related = ["requester__organisation", "receiver__organisation", "event"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    list_display = ["event", "started_at", "status", "solver_status", "placed", "requested", "seconds"]
    list_filter = ["event", "status"]
    list_select_related = ["event"]


@admin.register(EventMeeting)
class EventMeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "event", "slot", "table", "pinned", "status"]
    list_filter = ["event", "status", "pinned"]
    list_select_related = ["event", "slot", "requester__organisation", "receiver__organisation"]


@admin.register(EventMeetingFeedback)
class EventMeetingFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "registration", "rating", "outcome"]
    list_filter = ["outcome", "rating"]
    list_select_related = [
        "meeting__requester__organisation",
        "meeting__receiver__organisation",
        "registration__organisation",
    ]
