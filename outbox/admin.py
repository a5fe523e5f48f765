from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from outbox.services.queueing import retry_message


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by services and workers; staff only retry failed messages."""

    list_display = ["created_at", "subject", "to", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["key", "subject", "to"]
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed e-mails"), permissions=["view"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        retried = 0
        for message in queryset.filter(status=OutboxStatus.FAILED):
            try:
                retry_message(message=message, actor=request.user)  # type: ignore[arg-type]
            except ApplicationError:  # sent or retried meanwhile
                continue
            retried += 1
        self.message_user(
            request, _("%(count)d e-mail(s) queued again.") % {"count": retried}, messages.SUCCESS
        )
