"""The password-reset form, its e-mail sent through the outbox like every other e-mail."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation

from outbox.services.queueing import enqueue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form, whose `send_mail` writes the message to the outbox instead of sending it in
    the request. Each request for a link is its own message (Django's token is the same for every
    request in the same second, so it cannot name one): its key is random."""

    def send_mail(  # noqa: PLR0917 -- Django's signature, called positionally by PasswordResetForm.save
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The account's language; without one, the language of the page the link was asked from.
        with translation.override(getattr(context.get("user"), "language", "") or translation.get_language()):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
            message = EmailMultiAlternatives(subject, body, from_email, [to_email])
            if html_email_template_name is not None:
                message.attach_alternative(
                    loader.render_to_string(html_email_template_name, context), "text/html"
                )
        enqueue(message, key=f"password-reset:{uuid.uuid4().hex}")
