"""The e-mail backend for SMTP: Django's, except that an outbox message goes out as rendered when it
was written, to the envelope worked out then (`outbox.messages.row_for`). Parsing the addresses again
(Django's `sanitize_address`, for the sender and each recipient) cost a worker more than the rest of
Django's part of a send (bench/jobs.py, profiled); what is sent is the same bytes to the same addresses."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail.backends.smtp import EmailBackend


class SMTPBackend(EmailBackend):
    def _send(self, email_message: Any) -> bool:
        envelope = getattr(email_message, "envelope", None)
        if envelope is None or getattr(email_message, "rendered", None) is None:
            # Django's own path; `_send` is not in django-stubs.
            return bool(super()._send(email_message))  # type: ignore[misc]
        if self.connection is None:  # as Django's: opened by send_messages before this
            return False
        try:
            self.connection.sendmail(
                envelope["from"], envelope["to"], email_message.message().as_bytes(linesep="\r\n")
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
