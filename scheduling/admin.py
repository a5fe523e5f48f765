from django.contrib import admin

from common.admin import ReadOnlyInline
from scheduling.models import (
    AvailabilityException,
    AvailabilityRule,
    Meeting,
    MeetingAttendance,
    MeetingEvent,
    MeetingProposal,
    Participant,
)


class AvailabilityRuleInline(admin.TabularInline):
    model = AvailabilityRule
    extra = 0


class AvailabilityExceptionInline(admin.TabularInline):
    model = AvailabilityException
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "time_zone", "meeting_lengths", "buffer_minutes"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["organisation", "user"]
    inlines = [AvailabilityRuleInline, AvailabilityExceptionInline]


class MeetingEventInline(ReadOnlyInline):
    model = MeetingEvent
    fields = readonly_fields = (
        "created_at",
        "action",
        "status",
        "start",
        "end",
        "proposed",
        "sequence",
        "actor",
        "note",
    )


class MeetingAttendanceInline(ReadOnlyInline):
    model = MeetingAttendance
    fields = readonly_fields = ("participant", "start", "end", "active")


class MeetingProposalInline(ReadOnlyInline):
    model = MeetingProposal
    fields = readonly_fields = ("start", "end", "proposed_by", "superseded")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Read-only: changes go through the workflow (services), which keeps history and calendars right."""

    list_display = ["subject", "organiser", "invitee", "start", "status", "sequence"]
    list_filter = ["status"]
    list_select_related = [
        "organiser__organisation",
        "organiser__user",
        "invitee__organisation",
        "invitee__user",
    ]
    search_fields = ["subject", "uid"]
    # Every field read-only, so the view-only page builds no form fields at all.
    readonly_fields = [field.name for field in Meeting._meta.fields]
    inlines = [MeetingProposalInline, MeetingAttendanceInline, MeetingEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
