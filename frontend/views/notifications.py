"""The notification centre: the list (newest first, paginated), opening one (marks it read and
follows its link), marking all read, and which kinds also come by e-mail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from frontend.forms.notifications import EmailPreferencesForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from notifications import selectors
from notifications.services import mark_all_notifications_read, mark_notification_read, set_email_preferences


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "on"
    listing = paginate(request, selectors.notifications_for(recipient=request.user, unread_only=unread_only))
    return render(request, "frontend/notifications/list.html", {**listing, "unread_only": unread_only})


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = selectors.access_notification(request.user, pk)
    mark_notification_read(notification=notification, reader=request.user)
    # The link was checked to be site-relative when written; checked again so a bad row never
    # turns this page into an open redirect.
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("frontend:notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    call_service(
        request,
        lambda: mark_all_notifications_read(reader=request.user),
        success=lambda marked: (
            ngettext("Marked %(count)d notification read.", "Marked %(count)d notifications read.", marked)
            % {"count": marked}
        ),
    )
    return redirect("frontend:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EmailPreferencesForm(request.POST or None, initial=selectors.email_settings_of(request.user))
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            request,
            lambda: set_email_preferences(person=request.user, choices=form.choices()),
            success=_("E-mail settings saved."),
            form=form,
        ).ok
    ):
        return redirect("frontend:notification-settings")
    return render(request, "frontend/notifications/settings.html", {"form": form, "groups": form.groups()})
