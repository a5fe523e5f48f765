"""The e-mail outbox for staff (`/staff/outbox/`): every message with its state, filtered by status,
and "Retry" for a failed one. Staff only (403 for everyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from outbox.selectors import outbox_counts, outbox_messages
from outbox.services.queueing import retry_message


def _staff_only(request: AuthenticatedHttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied(_("This page is for association staff."))


@login_required
@require_GET
def outbox_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Newest first, `?status=` one of queued, sending, sent, failed. Three queries (counts per
    status, the page's count, the page)."""
    _staff_only(request)
    status = request.GET.get("status", "")
    if status not in OutboxStatus.values:
        status = ""
    counts = outbox_counts()
    return render(
        request,
        "frontend/staff/outbox.html",
        {
            "status": status,
            "filters": [(value, label, counts[value]) for value, label in OutboxStatus.choices],
            "failed": OutboxStatus.FAILED,
            **paginate(request, outbox_messages(status=status)),
        },
    )


@login_required
@require_POST
def outbox_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    message = get_object_or_404(OutboxMessage, pk=pk)
    call_service(
        request,
        lambda: retry_message(message=message, actor=request.user),
        success=_("The e-mail is queued again."),
    )
    back = request.POST.get("status", "")
    query = f"?status={back}" if back in OutboxStatus.values else ""
    return redirect(reverse("frontend:staff-outbox") + query)
