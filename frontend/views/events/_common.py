"""Helpers every event page shares: fetching the event (for staff, with the staff check), running
a service call with its business errors shown as messages or on a form, and event URLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from common.exceptions import ApplicationError
from events.models import Event
from events.selectors.access import check_staff
from events.selectors.setup import event_by_slug
from frontend.forms import add_service_errors


def _event(slug: str) -> Event:
    return event_by_slug(slug)


def _staff_event(request: HttpRequest, slug: str) -> Event:
    event = _event(slug)
    check_staff(request.user)
    return event


def _attempt(
    request: HttpRequest, action: Callable[[], Any], success: str, form: forms.Form | None = None
) -> bool:
    """Run a service call; show its business errors as messages (or on `form`). True when it worked."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
    else:
        if success:
            messages.success(request, success)
        return True
    return False


def _event_url(name: str, event: Event) -> str:
    return reverse(f"frontend:{name}", args=[event.slug])
