"""The e-mails accounts sends: plain text, with absolute links built from `settings.SITE_URL` (an
e-mail has no request to take a host from). Each is built inside the service's transaction and
written to the outbox there (`outbox.services.queueing.enqueue`, with a key naming what happened):
nobody is told about a change that rolled back, a committed one is told once, by a worker, so the
page never waits for the mail server and a mail server failure is retried without undoing anything.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts.enums import ApplicationStatus
from accounts.models import Invitation, JoinRequest, MembershipApplication
from common.links import absolute_url
from outbox.services.queueing import enqueue


def _token_key(token: str) -> str:
    """A key part that tells links apart without putting the secret itself in the outbox's key."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def application_url(application: MembershipApplication) -> str:
    """The absolute address of the application's status page."""
    return absolute_url(reverse("frontend:application", kwargs={"pk": application.pk}))


def application_email(application: MembershipApplication) -> EmailMessage:
    """The message telling the applicant where their application stands now."""
    name = application.organisation_name
    greeting = f"Dear {application.applicant.get_full_name() or application.applicant.username},"
    if application.status == ApplicationStatus.APPROVED:
        subject = f"Welcome: {name} is now a member"
        lines = [
            f"your application for {name} has been approved. {name} is now a member of the association",
            "and you are its administrator: sign in to list solutions or needs, book meetings",
            "and confirm your colleagues.",
        ]
    elif application.status == ApplicationStatus.REJECTED:
        subject = f"Your membership application for {name}"
        lines = [
            f"we are sorry: the association's staff did not approve the application for {name}.",
            "",
            f"Reason: {application.rejection_reason}",
        ]
    else:
        subject = f"We received your membership application for {name}"
        lines = [
            f"thank you for applying for membership for {name}. The association's staff will review",
            "your application and write to you when they have decided.",
        ]
    body = "\n".join([greeting, "", *lines, "", f"Your application: {application_url(application)}", ""])
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[application.applicant.email]
    )


def email_applicant_after_commit(application: MembershipApplication) -> None:
    """Tell the applicant about the application's current status: written to the outbox in the
    caller's transaction, sent after the commit."""
    enqueue(
        application_email(application),
        key=f"membership-application:{application.pk}:{application.status}",
    )


def send_join_decision(join_request: JoinRequest) -> None:
    """Tell the person how their request to join was decided."""
    organisation = join_request.organisation
    role = "admin" if join_request.as_admin else "member"
    if join_request.status == "approved":
        subject = f"You now represent {organisation} on Solutions Meet Cities"
        body = f"Your request to join {organisation} as {role} was approved.\n\n"
    else:
        subject = f"Your request to join {organisation} was declined"
        body = f"Your request to join {organisation} as {role} was declined.\n\n"
        if join_request.reason:
            body += f"Reason given: {join_request.reason}\n\n"
    body += f"Your profile: {absolute_url(reverse('frontend:profile'))}\n"
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [join_request.person.email]),
        key=f"join-request:{join_request.pk}:{join_request.status}",
    )


def send_invitation(invitation: Invitation, token: str) -> None:
    """Send the invitation link (the only place the raw token ever appears)."""
    inviter = invitation.invited_by
    link = absolute_url(reverse("frontend:invitation", kwargs={"token": token}))
    body = (
        f"{inviter or 'An admin'} invites you to represent {invitation.organisation} "
        "on Solutions Meet Cities.\n\n"
        f"Accept the invitation (valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC, usable once):\n"
        f"{link}\n\n"
        "If you did not expect this e-mail, ignore it.\n"
    )
    subject = f"Join {invitation.organisation} on Solutions Meet Cities"
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]),
        key=f"invitation:{invitation.pk}:{_token_key(token)}",
    )


def send_email_verification(*, email: str, name: str, token: str, sent_at: datetime) -> None:
    """Send the link that proves the person receives mail at `email`."""
    link = absolute_url(reverse("frontend:verify-email", kwargs={"token": token}))
    body = (
        f"Dear {name},\n\n"
        "please confirm that this is your e-mail address on Solutions Meet Cities by opening this link\n"
        "(valid for 3 days):\n"
        f"{link}\n\n"
        "Until then you can sign in, but not book meetings.\n"
        "If you did not sign up or change your address, ignore this e-mail.\n"
    )
    subject = "Confirm your e-mail address on Solutions Meet Cities"
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]),
        key=f"email-verification:{_token_key(token)}:{sent_at.timestamp():.6f}",
    )
