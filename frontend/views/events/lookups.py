"""What every event page looks up first: the event by its slug (for staff pages, with the staff
check), and the addresses of an event's pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from events.models import Event
from events.selectors.access import check_staff
from events.selectors.setup import event_by_slug


def event_for_page(slug: str) -> Event:
    """The event at `slug` (404 when there is none)."""
    return event_by_slug(slug)


def staff_event(request: HttpRequest, slug: str) -> Event:
    """The event at `slug` for a staff page: 404 when there is none, 403 for anyone but staff."""
    event = event_for_page(slug)
    check_staff(request.user)
    return event


def event_url(name: str, event: Event) -> str:
    """The address of the event page named `name` (a `frontend:` URL name taking the slug)."""
    return reverse(f"frontend:{name}", args=[event.slug])
