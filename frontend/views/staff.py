"""The staff's "to do" page: everything waiting for association staff, each item linking to the page
where they act. Staff only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.selectors import join_requests_for_staff, pending_membership_applications
from frontend.http import AuthenticatedHttpRequest
from solutions.selectors import best_cases_to_review

# Each section shows its oldest items; its page lists them all.
SECTION_SIZE = 20


@login_required
def staff_todo(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Membership applications to decide, join requests only staff can decide (admin requests, and
    requests to join an organisation without an admin), best cases to review. Six queries (three
    lists, three counts)."""
    if not request.user.is_staff:
        raise PermissionDenied(_("This page is for association staff."))
    applications = pending_membership_applications()
    join_requests = join_requests_for_staff()
    best_cases = best_cases_to_review()
    return render(
        request,
        "frontend/staff/todo.html",
        {
            "applications": list(applications[:SECTION_SIZE]),
            "application_count": applications.count(),
            "join_requests": list(join_requests[:SECTION_SIZE]),
            "join_request_count": join_requests.count(),
            "best_cases": list(best_cases[:SECTION_SIZE]),
            "best_case_count": best_cases.count(),
        },
    )
