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
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.enums import ApplicationStatus
from accounts.models import Invitation, JoinRequest, MembershipApplication, User
from common.dates import local_moment
from common.languages import in_language_of
from common.links import absolute_url
from outbox.services.queueing import enqueue


def _token_key(token: str) -> str:
    """A key part that tells links apart without putting the secret itself in the outbox's key."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def application_url(application: MembershipApplication) -> str:
    """The absolute address of the application's status page."""
    return absolute_url(reverse("frontend:application", kwargs={"pk": application.pk}))


@in_language_of("application.applicant")
def application_email(application: MembershipApplication) -> EmailMessage:
    """The message telling the applicant where their application stands now."""
    name = application.organisation_name
    greeting = _("Dear %(name)s,") % {
        "name": application.applicant.get_full_name() or application.applicant.username
    }
    if application.status == ApplicationStatus.APPROVED:
        subject = _("Welcome: %(name)s is now a member") % {"name": name}
        text = _(
            "your application for %(name)s has been approved. %(name)s is now a member of the association\n"
            "and you are its administrator: sign in to list solutions or needs, book meetings\n"
            "and confirm your colleagues."
        ) % {"name": name}
    elif application.status == ApplicationStatus.REJECTED:
        subject = _("Your membership application for %(name)s") % {"name": name}
        text = _(
            "we are sorry: the association's staff did not approve the application for %(name)s.\n"
            "\n"
            "Reason: %(reason)s"
        ) % {"name": name, "reason": application.rejection_reason}
    else:
        subject = _("We received your membership application for %(name)s") % {"name": name}
        text = _(
            "thank you for applying for membership for %(name)s. The association's staff will review\n"
            "your application and write to you when they have decided."
        ) % {"name": name}
    your_application = _("Your application: %(url)s") % {"url": application_url(application)}
    body = "\n".join([greeting, "", text, "", your_application, ""])
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


@in_language_of("join_request.person")
def send_join_decision(join_request: JoinRequest) -> None:
    """Tell the person how their request to join was decided."""
    organisation = join_request.organisation
    role = (
        pgettext("organisation role", "admin")
        if join_request.as_admin
        else pgettext("organisation role", "member")
    )
    if join_request.status == "approved":
        subject = _("You now represent %(organisation)s on Solutions Meet Cities") % {
            "organisation": organisation
        }
        body = _("Your request to join %(organisation)s as %(role)s was approved.") % {
            "organisation": organisation,
            "role": role,
        }
        body += "\n\n"
    else:
        subject = _("Your request to join %(organisation)s was declined") % {"organisation": organisation}
        body = _("Your request to join %(organisation)s as %(role)s was declined.") % {
            "organisation": organisation,
            "role": role,
        }
        body += "\n\n"
        if join_request.reason:
            body += _("Reason given: %(reason)s") % {"reason": join_request.reason} + "\n\n"
    body += _("Your profile: %(url)s") % {"url": absolute_url(reverse("frontend:profile"))} + "\n"
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [join_request.person.email]),
        key=f"join-request:{join_request.pk}:{join_request.status}",
    )


@in_language_of("invitation.invited_by")
def send_invitation(invitation: Invitation, token: str) -> None:
    """Send the invitation link (the only place the raw token ever appears)."""
    inviter = invitation.invited_by
    link = absolute_url(reverse("frontend:invitation", kwargs={"token": token}))
    body = _(
        "%(inviter)s invites you to represent %(organisation)s "
        "on Solutions Meet Cities.\n\n"
        "Accept the invitation (valid until %(expires)s UTC, usable once):\n"
        "%(link)s\n\n"
        "If you did not expect this e-mail, ignore it.\n"
    ) % {
        "inviter": inviter or _("An admin"),
        "organisation": invitation.organisation,
        "expires": local_moment(invitation.expires_at, time_zone="UTC"),
        "link": link,
    }
    subject = _("Join %(organisation)s on Solutions Meet Cities") % {"organisation": invitation.organisation}
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email]),
        key=f"invitation:{invitation.pk}:{_token_key(token)}",
    )


def send_email_verification(*, email: str, name: str, token: str, sent_at: datetime) -> None:
    """Send the link that proves the person receives mail at `email`."""
    link = absolute_url(reverse("frontend:verify-email", kwargs={"token": token}))
    body = _(
        "Dear %(name)s,\n\n"
        "please confirm that this is your e-mail address on Solutions Meet Cities by opening this link\n"
        "(valid for 3 days):\n"
        "%(link)s\n\n"
        "Until then you can sign in, but not book meetings.\n"
        "If you did not sign up or change your address, ignore this e-mail.\n"
    ) % {"name": name, "link": link}
    subject = _("Confirm your e-mail address on Solutions Meet Cities")
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]),
        key=f"email-verification:{_token_key(token)}:{sent_at.timestamp():.6f}",
    )


def send_sign_up_link(*, email: str, name: str, token: str) -> None:
    """Send the link that finishes a sign-up: the address is proven by opening it."""
    link = absolute_url(reverse("frontend:signup-finish", kwargs={"token": token}))
    body = _(
        "Dear %(name)s,\n\n"
        "to finish signing up on Solutions Meet Cities, open this link (valid for 3 days) and choose\n"
        "your username and password:\n"
        "%(link)s\n\n"
        "If you did not sign up, ignore this e-mail: no account is made without the link.\n"
    ) % {"name": name, "link": link}
    subject = _("Finish signing up on Solutions Meet Cities")
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]),
        key=f"sign-up-link:{_token_key(token)}",
    )


@in_language_of("user")
def send_sign_up_attempt_notice(*, user: User, at: datetime) -> None:
    """Tell the owner of an address that already has an account that someone signed up with it:
    the sign-up page says the same "check your inbox" either way, and this e-mail is where the
    owner, and only the owner, learns that the address is known, with a way back in."""
    body = _(
        "Dear %(name)s,\n\n"
        "someone, perhaps you, tried to sign up on Solutions Meet Cities with this e-mail address.\n"
        "It already belongs to your account (username: %(username)s), so no new account was made.\n\n"
        "If it was you, log in: %(login)s\n"
        "Forgot your password? Choose a new one with this link:\n"
        "%(reset)s\n\n"
        "If it was not you, ignore this e-mail: your account has not changed.\n"
    ) % {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "login": absolute_url(reverse("frontend:login")),
        "reset": password_reset_url(user),
    }
    subject = _("Someone tried to sign up with your e-mail address")
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]),
        key=f"sign-up-attempt:to:{user.pk}:{at.timestamp():.6f}",
    )


def password_reset_url(user: User) -> str:
    """An absolute link to choose a new password (Django's reset token: single use, expires)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(
        reverse(
            "frontend:password_reset_confirm",
            kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
        )
    )


def send_application_link(*, email: str, name: str, token: str, organisation_name: str) -> None:
    """Send the link that finishes a membership application from someone without an account: the
    address is proven by opening it, and only then is the application sent to staff."""
    link = absolute_url(reverse("frontend:apply-finish", kwargs={"token": token}))
    body = _(
        "Dear %(name)s,\n\n"
        "to send the membership application for %(organisation)s to the association, open this link\n"
        "(valid for 3 days) and choose the username and password of your account:\n"
        "%(link)s\n\n"
        "If you did not apply, ignore this e-mail: nothing is sent and no account is made without the link.\n"
    ) % {"name": name, "organisation": organisation_name, "link": link}
    subject = _("Confirm your membership application on Solutions Meet Cities")
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]),
        key=f"application-link:{_token_key(token)}",
    )


@in_language_of("user")
def send_application_attempt_notice(*, user: User, organisation_name: str, at: datetime) -> None:
    """Tell the owner of an address that has an account that someone applied with it while not
    logged in: the apply page answers as for a new address, and this e-mail is where the owner, and
    only the owner, learns that the application was not sent and how to send it from the account."""
    apply_url = absolute_url(reverse("frontend:login")) + "?next=" + reverse("frontend:apply")
    body = _(
        "Dear %(name)s,\n\n"
        "someone, perhaps you, applied for membership for %(organisation)s on Solutions Meet Cities\n"
        "with this e-mail address. It already belongs to your account (username: %(username)s), so no\n"
        "new account was made and the application was not sent.\n\n"
        "If it was you, log in and apply from your account:\n"
        "%(apply)s\n"
        "Forgot your password? Choose a new one with this link:\n"
        "%(reset)s\n\n"
        "If it was not you, ignore this e-mail: your account has not changed.\n"
    ) % {
        "name": user.get_full_name() or user.username,
        "organisation": organisation_name,
        "username": user.username,
        "apply": apply_url,
        "reset": password_reset_url(user),
    }
    subject = _("Someone applied for membership with your e-mail address")
    enqueue(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]),
        key=f"application-attempt:to:{user.pk}:{at.timestamp():.6f}",
    )
