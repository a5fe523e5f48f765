"""A person's own data, for them to download (GDPR art. 15 and 20): what they entered, what was
recorded about them, and what they did. Credentials are never part of it: API tokens by name and
expiry (no digest), second-factor devices by name (no secret)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django_otp import devices_for_user

from accounts.models import MembershipApplication, User
from accounts.selectors import api_tokens_of, join_requests_of
from common.audit import audit_rows, entries_by_actor
from notifications.models import EmailPreference
from notifications.selectors import notifications_for
from scheduling.models import Meeting, Participant


def personal_data_of(*, person: User) -> dict[str, Any]:
    """Everything the download holds, as JSON-ready data (datetimes in UTC ISO 8601 through
    DjangoJSONEncoder). A fixed number of queries, however much there is."""
    return {
        "profile": _profile(person),
        "membership": _membership(person),
        "meetings": _meetings(person),
        "availability": _availability(person),
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "link": n.link,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in notifications_for(recipient=person)
        ],
        "email_preferences": [
            {"topic": p.topic, "by_email": p.by_email}
            for p in EmailPreference.objects.filter(person=person).order_by("topic")
        ],
        "api_tokens": [
            {"name": t.name, "created": t.created, "expiry": t.expiry, "last_used": t.last_used}
            for t in api_tokens_of(person=person)
        ],
        "second_factor_devices": [
            {"name": device.name, "kind": type(device).__name__, "confirmed": device.confirmed}
            for device in devices_for_user(person, confirmed=None)
        ],
        "changes_you_made": [
            {
                "time": row.entry.timestamp,
                "record": row.model_name,
                "object": row.entry.object_repr,
                "action": row.action,
                "changes": {change.label: [change.old, change.new] for change in row.changes},
            }
            for row in audit_rows(list(entries_by_actor(actor=person)))
        ],
    }


def _profile(person: User) -> dict[str, Any]:
    return {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "email_verified": person.email_verified,
        "pending_email": person.pending_email,
        "job_title": person.job_title,
        "time_zone": person.time_zone,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "is_staff": person.is_staff,
    }


def _membership(person: User) -> dict[str, Any]:
    organisation = person.organisation
    return {
        "organisation": (
            {"id": organisation.pk, "name": organisation.name, "slug": organisation.slug}
            if organisation is not None
            else None
        ),
        "role": person.organisation_role if organisation is not None else None,
        "join_requests": [
            {
                "organisation": str(jr.organisation),
                "as_admin": jr.as_admin,
                "status": jr.status,
                "created_at": jr.created_at,
                "decided_at": jr.decided_at,
                "reason": jr.reason,
            }
            for jr in join_requests_of(person=person)
        ],
        "membership_applications": [
            {
                "organisation_name": a.organisation_name,
                "status": a.status,
                "created_at": a.created_at,
                "decided_at": a.decided_at,
            }
            for a in MembershipApplication.objects.filter(applicant=person).order_by("created_at", "id")
        ],
    }


def _meetings(person: User) -> list[dict[str, Any]]:
    """Meetings the person asked for, accepted, attended or was invited to as a person; not every
    meeting of their organisation, which is the organisation's record."""
    took_part = (
        Q(requested_by=person)
        | Q(accepted_by=person)
        | Q(organiser__user=person)
        | Q(invitee__user=person)
        | Q(attendances__participant__user=person)
    )
    meetings = (
        Meeting.objects.filter(took_part)
        .distinct()
        .select_related(
            "organiser__organisation", "organiser__user", "invitee__organisation", "invitee__user"
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "subject": m.subject,
            "message": m.message,
            "status": m.status,
            "start": m.start,
            "end": m.end,
            "organiser": str(m.organiser),
            "invitee": str(m.invitee),
            "requested_by_you": m.requested_by_id == person.pk,
            "accepted_by_you": m.accepted_by_id == person.pk,
            "video_link": m.video_link,
        }
        for m in meetings
    ]


def _availability(person: User) -> dict[str, Any] | None:
    participant = Participant.objects.filter(user=person).prefetch_related("rules", "exceptions").first()
    if participant is None:
        return None
    return {
        "time_zone": participant.time_zone,
        "meeting_lengths": participant.meeting_lengths,
        "buffer_minutes": participant.buffer_minutes,
        "weekly": [
            {
                "weekday": rule.get_weekday_display(),
                "start": rule.start_time,
                "end": rule.end_time,
                "time_zone": rule.time_zone,
            }
            for rule in participant.rules.all()
        ],
        "exceptions": [
            {
                "first_day": e.start_date,
                "last_day": e.end_date,
                "start": e.start_time,
                "end": e.end_time,
                "time_zone": e.time_zone,
                "reason": e.reason,
            }
            for e in participant.exceptions.all()
        ],
    }
