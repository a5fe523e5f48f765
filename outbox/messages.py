"""E-mails as outbox rows and back: what `EmailMessage` holds (addresses, subject, body, HTML
alternatives, attachments, headers) as JSON-able fields, and the Message-ID a key gives. Pure: no
queries (the row is built, not saved)."""

from __future__ import annotations

import base64
import hashlib
from email.mime.base import MIMEBase
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives

from outbox.models import OutboxMessage


def message_id_for(key: str) -> str:
    """The Message-ID of the message named `key`: the same key always gives the same id, so a copy
    that arrived twice is recognisable (never used to hide one: see docs/concepts.md, "Outbox")."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def _attachment(attachment: Any) -> dict[str, Any]:
    if isinstance(attachment, MIMEBase):
        raise TypeError("The outbox stores (filename, content, mimetype) attachments only.")
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "content": base64.b64encode(content).decode(),
            "mimetype": mimetype,
            "base64": True,
        }
    return {"filename": filename, "content": content, "mimetype": mimetype, "base64": False}


def row_for(message: EmailMessage, *, key: str) -> OutboxMessage:
    """The unsaved outbox row holding `message`, its Message-ID derived from `key`."""
    alternatives = [
        {"content": content, "mimetype": mimetype}
        for content, mimetype in getattr(message, "alternatives", [])
    ]
    return OutboxMessage(
        key=key,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject),  # a lazy translation becomes its text now
        body=str(message.body),
        alternatives=alternatives,
        attachments=[_attachment(attachment) for attachment in message.attachments],
        headers={**message.extra_headers, "Message-ID": message_id_for(key)},
    )


def email_for(row: OutboxMessage) -> EmailMultiAlternatives:
    """The message a row holds, ready to send."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=row.headers,
    )
    for alternative in row.alternatives:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    for attachment in row.attachments:
        content = attachment["content"]
        message.attach(
            attachment["filename"],
            base64.b64decode(content) if attachment["base64"] else content,
            attachment["mimetype"],
        )
    return message
