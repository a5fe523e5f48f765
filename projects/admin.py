from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from projects.models import Proposal, ProposalKeyDate, ProposalNote, ProposalStageChange


class StageChangeInline(ReadOnlyInline):
    model = ProposalStageChange
    fields = readonly_fields = ("created_at", "from_stage", "to_stage", "actor", "note")


class NoteInline(ReadOnlyInline):
    model = ProposalNote
    fields = readonly_fields = ("created_at", "author", "text")


class KeyDateInline(ReadOnlyInline):
    model = ProposalKeyDate
    fields = readonly_fields = ("date", "label", "added_by", "created_at")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    """Read-only: proposals change through the pipeline pages and API, which keep the history."""

    list_display = [
        "title",
        "city",
        "kind",
        "stage",
        "owner",
        "budget_amount",
        "budget_currency",
        "updated_at",
    ]
    list_filter = ["stage", "kind"]
    list_select_related = ["city", "owner"]
    search_fields = ["title", "scope", "city__name"]
    readonly_fields = [*(f.name for f in Proposal._meta.fields), "providers"]
    inlines = [StageChangeInline, KeyDateInline, NoteInline]
