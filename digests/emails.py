"""The weekly digest e-mails, their dates in the reader's time zone. Built in memory;
`digests.services` puts them in the outbox."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from common.dates import local_date_long
from common.languages import in_language_of
from common.links import absolute_url
from digests.selectors import Match, WeekFigures


def _period(since: datetime, until: datetime, person: User) -> str:
    zone = zoneinfo.ZoneInfo(person.time_zone or "UTC")
    return _("%(start)s to %(end)s") % {
        "start": local_date_long(since.astimezone(zone)),
        "end": local_date_long(until.astimezone(zone)),
    }


def _why(match: Match) -> str:
    reasons = []
    if match.terms:
        reasons.append(_("matched on: %(terms)s") % {"terms": ", ".join(match.terms)})
    if match.shared_sectors:
        reasons.append(_("shared sectors: %(sectors)s") % {"sectors": ", ".join(match.shared_sectors)})
    return "; ".join(reasons)


def _message(person: User, subject: str, lines: list[str]) -> EmailMessage:
    lines += [
        "",
        _("The weekly digest can be turned off in your notification settings: %(link)s")
        % {"link": absolute_url(reverse("frontend:notification-settings"))},
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


@in_language_of("person")
def city_digest_email(
    person: User, matches: list[Match], *, since: datetime, until: datetime
) -> EmailMessage:
    """New solutions for the open needs of `person`'s city, each with its need and why."""
    lines = [
        _("New solutions published from %(period)s that match your city's open needs:")
        % {"period": _period(since, until, person)},
        "",
    ]
    for match in matches:
        solution, need = match.item, match.matched
        lines += [
            _("- %(solution)s (%(provider)s), for your need %(need)s")
            % {"solution": solution.title, "provider": solution.provider.name, "need": need.title},  # type: ignore[union-attr]
            f"  {_why(match)}",
            f"  {absolute_url(reverse('frontend:solution', args=[solution.slug]))}",
        ]
    return _message(
        person, _("Your weekly digest: %(count)d new matching solutions") % {"count": len(matches)}, lines
    )


@in_language_of("person")
def provider_digest_email(
    person: User, matches: list[Match], *, since: datetime, until: datetime
) -> EmailMessage:
    """New city needs that match the solutions of `person`'s organisation, each with why."""
    lines = [
        _("New city needs from %(period)s that match your solutions:")
        % {"period": _period(since, until, person)},
        "",
    ]
    for match in matches:
        need, solution = match.item, match.matched
        lines += [
            _("- %(need)s (%(city)s), for your solution %(solution)s")
            % {"need": need.title, "city": need.city.name, "solution": solution.title},  # type: ignore[union-attr]
            f"  {_why(match)}",
            f"  {absolute_url(reverse('frontend:need', args=[need.slug]))}",
        ]
    return _message(
        person, _("Your weekly digest: %(count)d new matching needs") % {"count": len(matches)}, lines
    )


@in_language_of("person")
def staff_digest_email(
    person: User, figures: WeekFigures, *, since: datetime, until: datetime
) -> EmailMessage:
    """The association's figures of the week."""
    lines = [
        _("The week from %(period)s:") % {"period": _period(since, until, person)},
        "",
        _("New member organisations: %(count)d") % {"count": figures.new_members},
        _("Membership applications received: %(count)d") % {"count": figures.applications},
        _("Meetings requested: %(count)d") % {"count": figures.meetings_requested},
        _("Meetings held: %(count)d") % {"count": figures.meetings_held},
        _("Events published: %(count)d") % {"count": figures.events_published},
        "",
        _("Reports: %(link)s") % {"link": absolute_url(reverse("frontend:reports"))},
    ]
    return _message(person, _("Weekly figures of Solutions Meet Cities"), lines)
