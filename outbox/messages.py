"""E-mails as outbox rows and back: what `EmailMessage` holds (addresses, subject, body, HTML
alternatives, attachments, headers) as JSON-able fields, the message rendered once (MIME bytes, when
it is put in the outbox), and the Message-ID a key gives. Pure: no queries (the row is built, not
saved)."""

from __future__ import annotations

import base64
import hashlib
from email import message_from_bytes, policy
from email.message import Message
from email.mime.base import MIMEBase
from email.utils import formatdate, parseaddr
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import sanitize_address

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
    row = OutboxMessage(
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
    # Rendered now, from the row's own fields (what a worker would rebuild): a reminder written
    # ahead of its time then costs only the SMTP conversation when it falls due (bench/jobs.py).
    email = email_for(row)
    row.rendered = email.message().as_bytes()
    # The SMTP envelope, as Django's SMTP backend would work it out at each send (outbox.backends).
    encoding = email.encoding or settings.DEFAULT_CHARSET
    row.envelope = {
        "from": sanitize_address(email.from_email, encoding),
        "to": [sanitize_address(address, encoding) for address in email.recipients()],
    }
    return row


class RenderedMIME:
    """A message as rendered when it was put in the outbox: its bytes as Django's e-mail backends ask
    for them (`as_bytes`), anything else (a header, the parts, the charset) from a parse of them."""

    def __init__(self, data: bytes) -> None:
        self._data = data  # lines end in "\n", as `Message.as_bytes()` writes them by default

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n", policy: Any = None) -> bytes:
        return self._data if linesep == "\n" else self._data.replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, maxheaderlen: int = 0, policy: Any = None) -> str:
        return self.parsed.as_string()

    @cached_property
    def parsed(self) -> Message:
        return message_from_bytes(self._data, policy=policy.default)  # headers read decoded

    def __getitem__(self, name: str) -> Any:
        return self.parsed[name]

    def __contains__(self, name: str) -> bool:
        return name in self.parsed

    def __getattr__(self, name: str) -> Any:
        return getattr(self.parsed, name)


class OutboxEmail(EmailMultiAlternatives):
    """An outbox row's message: its fields as Django's `EmailMessage` holds them (what the test
    backend and its readers look at), and, when the row was rendered on its way in, those bytes as
    what is sent."""

    rendered: bytes | None = None
    envelope: dict[str, Any] | None = None  # {"from": address, "to": [address, ...]}, sanitised

    def message(self, **kwargs: Any) -> Any:
        if self.rendered is None:
            return super().message(**kwargs)
        return RenderedMIME(dated_now(self.rendered))


def dated_now(rendered: bytes) -> bytes:
    """`rendered` with its Date header saying now, as Django's rendering at the send would: a
    reminder is written up to minutes ahead of its time, a retried message hours before it goes out,
    and mail programs sort and show messages by that header. One search in the header block."""
    end_of_headers = rendered.find(b"\n\n")
    headers = rendered if end_of_headers < 0 else rendered[:end_of_headers]
    if headers.startswith(b"Date: "):
        start = 0
    else:
        found = headers.find(b"\nDate: ")
        if found < 0:
            return rendered
        start = found + 1
    end = rendered.find(b"\n", start)
    date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode()
    return b"%sDate: %s%s" % (rendered[:start], date, rendered[end:])


def email_for(row: OutboxMessage) -> OutboxEmail:
    """The message a row holds, ready to send (as rendered when it was written, if it was)."""
    message = OutboxEmail(
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
    if row.rendered is not None:
        message.rendered = bytes(row.rendered)  # PostgreSQL's bytea arrives as a memoryview
        message.envelope = row.envelope
    return message
