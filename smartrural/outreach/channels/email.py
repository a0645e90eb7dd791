"""E-mail over plain SMTP (``smtplib``; ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, from ``DEFAULT_FROM_EMAIL``).

Each message carries ``Message-ID: <uid@domain>`` (domain of ``DEFAULT_FROM_EMAIL``, else of
``SITE_URL``): a resend after a crash is the same message to the recipient's mailbox, which
keeps one copy per Message-ID (``idempotent``). Messages to a subscriber carry RFC 8058's
``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.

Answers: the server took it (250) → Accepted with the Message-ID; a 4xx or a dropped or refused
connection → Transient; a 5xx refusal of the recipient or the message → Permanent with the SMTP
code. There are no receipts for e-mail: "accepted" by our SMTP relay is the last word (a bounce
arrives later as a mail to the sender address, not to this application).

One SMTP connection per sending thread, reused from message to message and opened again if
the server dropped it; ``close()`` says QUIT on all of them.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from typing import ClassVar
from urllib.parse import urlsplit

from django.conf import settings

from .base import Accepted, Outgoing, Permanent, Result, Transient

# The mail written as Django's own mail is (``email.mime``, the compat32 policy): a fifth of the
# time the modern ``EmailMessage`` API takes to build and flatten one (bench/outreach.py), and a
# long List-Unsubscribe URL stays one line (the modern policy folds it into encoded words that
# no mail client reads as a URL). Header lines may be 998 characters long (RFC 5322).
WIRE = policy.compat32.clone(linesep="\r\n", max_line_length=998)
SUBJECTS_KEPT = 64  # encoded subjects remembered (a campaign's messages share theirs)


def message_domain() -> str:
    address = parseaddr(str(settings.DEFAULT_FROM_EMAIL or ""))[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    return domain or urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id(uid: str) -> str:
    return f"<{uid}@{message_domain()}>"


class EmailAdapter:
    channel: ClassVar[str] = "email"
    idempotent: ClassVar[bool] = True

    def __init__(self) -> None:
        self.local = threading.local()
        self.connections: list[smtplib.SMTP] = []
        self.lock = threading.Lock()
        self.sender = settings.DEFAULT_FROM_EMAIL
        self.domain = message_domain()
        name, address = parseaddr(str(self.sender or ""))
        self.envelope_from = address
        self.from_header = formataddr((name, address), charset="utf-8")
        self.subjects: dict[str, str] = {}

    def build(self, message: Outgoing) -> EmailMessage:
        """The mail as the ``email`` package's modern API writes it: for an address that is not
        ASCII (sent with SMTPUTF8)."""
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = Address(addr_spec=message.address)
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = f"<{message.uid}@{self.domain}>"
        if message.unsubscribe_url:
            mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        mail.set_content(message.body, charset="utf-8")
        return mail

    def _subject(self, subject: str) -> str:
        encoded = self.subjects.get(subject)
        if encoded is None:
            encoded = subject if subject.isascii() else Header(subject, "utf-8").encode()
            if len(self.subjects) >= SUBJECTS_KEPT:
                self.subjects.clear()
            self.subjects[subject] = encoded
        return encoded

    def wire(self, message: Outgoing) -> bytes:
        """The mail's bytes (UTF-8 text in base64; From and Subject as RFC 2047 words)."""
        mail = MIMEText(message.body, "plain", "utf-8")
        mail["From"] = self.from_header
        mail["To"] = message.address
        mail["Subject"] = self._subject(message.subject)
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = f"<{message.uid}@{self.domain}>"
        if message.unsubscribe_url:
            mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        return mail.as_bytes(policy=WIRE)

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(
            str(settings.EMAIL_HOST or "localhost"),
            settings.EMAIL_PORT,
            timeout=settings.EMAIL_TIMEOUT,
        )
        if settings.EMAIL_USE_TLS:
            connection.starttls()
        if settings.EMAIL_HOST_USER:
            connection.login(settings.EMAIL_HOST_USER, str(settings.EMAIL_HOST_PASSWORD or ""))
        with self.lock:
            self.connections.append(connection)
        return connection

    def _connection(self) -> smtplib.SMTP:
        connection: smtplib.SMTP | None = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = self._connect()
        return connection

    def _drop(self) -> None:
        connection = getattr(self.local, "connection", None)
        self.local.connection = None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def send(self, message: Outgoing) -> Result:
        fields = (message.address, message.subject, message.unsubscribe_url, message.uid)
        if any("\r" in field or "\n" in field for field in fields):
            return Permanent(code="bad_header", detail="A line break in an address or subject.")
        # Not ASCII: the modern API, whose send_message asks the server for SMTPUTF8.
        mail = self.wire(message) if message.address.isascii() else self.build(message)
        accepted = Accepted(provider_id=f"<{message.uid}@{self.domain}>")
        for attempt in (1, 2):  # a connection the server closed while idle: open a new one
            try:
                connection = self._connection()
                if isinstance(mail, bytes):
                    connection.sendmail(self.envelope_from, [message.address], mail)
                else:
                    connection.send_message(mail, to_addrs=[message.address])
                return accepted
            except smtplib.SMTPServerDisconnected as exc:
                self._drop()
                if attempt == 2:
                    return Transient(code="disconnected", detail=str(exc)[:300])
            except smtplib.SMTPRecipientsRefused as exc:
                smtp_code, reply = next(iter(exc.recipients.values()))
                return self._refused(smtp_code, reply)
            except smtplib.SMTPResponseException as exc:  # smtplib has reset the session
                return self._refused(exc.smtp_code, exc.smtp_error)
            except (OSError, smtplib.SMTPException) as exc:  # refused, timed out, TLS, …
                self._drop()
                code = "timeout" if isinstance(exc, socket.timeout) else "connection"
                return Transient(code=code, detail=str(exc)[:300])
        return Transient(code="disconnected")  # pragma: no cover - the loop always returns

    def _refused(self, code: int, reply: bytes | str) -> Result:
        detail = (reply.decode(errors="replace") if isinstance(reply, bytes) else reply)[:300]
        if 400 <= code < 500:
            return Transient(code=f"smtp_{code}", detail=detail)
        return Permanent(code=f"smtp_{code}", detail=detail)

    def close(self) -> None:
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
