"""The e-mails accounts sends: plain text, with absolute links built from `settings.SITE_URL`.

Services call these from `transaction.on_commit`, so nobody is told about a change that rolled back.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import Invitation, JoinRequest


def absolute_url(path: str) -> str:
    """`path` (from `reverse`) on the site's public address."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


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
    send_mail(subject, body, None, [join_request.person.email])


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
    send_mail(f"Join {invitation.organisation} on Solutions Meet Cities", body, None, [invitation.email])
