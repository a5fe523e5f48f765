"""The audit trail for staff: who changed which record, when, from what to what (django-auditlog)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.audit import audit_entries, audit_rows
from frontend.forms.audit import AuditFilterForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import page_context

AUDIT_PAGE_SIZE = 50


@login_required
@require_GET
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Entries newest first, filtered by record, actor and days. A fixed number of queries per page."""
    if not request.user.is_staff:
        raise PermissionDenied(_("This page is for association staff."))
    form = AuditFilterForm(request.GET or None)
    page = Paginator(audit_entries(**form.filters()), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/audit/list.html",
        {**page_context(request, page), "form": form, "rows": audit_rows(list(page.object_list))},
    )
