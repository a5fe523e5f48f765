"""The password-reset form, its e-mail sent through the outbox like every other e-mail."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from outbox.services.queueing import enqueue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form, whose `send_mail` writes the message to the outbox instead of sending it in
    the request (keyed by the link, so the same link is never mailed twice)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        link = hashlib.sha256(f"{context['uid']}:{context['token']}".encode()).hexdigest()[:32]
        enqueue(message, key=f"password-reset:{link}")
