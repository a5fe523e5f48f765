"""Admin of the catalogue's activity log (read-only: rows are appended by `solutions.activity`)."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from solutions.models import ActivityRecord


@admin.register(ActivityRecord)
class ActivityRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "organisation", "reference", "query"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    readonly_fields = [f.name for f in ActivityRecord._meta.fields]
