"""A fake SMTP server (aiosmtpd) on 127.0.0.1: keeps what it is given, like a mailbox.

``FakeSmtp().start()`` listens on a free port (``port``) unless one is given. ``messages`` maps
each Message-ID to the mail kept (``email.message.EmailMessage``); a second copy with the same
Message-ID is counted in ``copies`` but stored once, as a mailbox would. ``refuse[address]``
answers RCPT for that address with the reply given (``"550 5.1.1 No such user"``, ``"451 4.3.0
Try later"``); ``delay`` is seconds each DATA takes (a slow relay).

aiosmtpd is a development dependency; ``outreach_fakes`` (``make demo``) imports it only when
the e-mail fake is started.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Handler:
    def __init__(self, owner: FakeSmtp) -> None:
        self.owner = owner

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        refusal = self.owner.refuse.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.owner.delay:
            await asyncio.sleep(self.owner.delay)
        mail = message_from_bytes(envelope.content, _class=EmailMessage, policy=policy.default)
        self.owner.keep(mail, list(envelope.rcpt_tos))
        return "250 Message accepted"


class FakeSmtp:
    def __init__(self, *, port: int = 0, delay: float = 0.0) -> None:
        self.port = port or free_port()
        self.delay = delay
        self.refuse: dict[str, str] = {}
        self.messages: dict[str, EmailMessage] = {}
        self.recipients: dict[str, list[str]] = {}
        self.copies: dict[str, int] = {}
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def keep(self, mail: EmailMessage, recipients: list[str]) -> None:
        key = str(mail.get("Message-ID", "")).strip() or f"<no-id-{len(self.copies)}>"
        with self.lock:
            self.copies[key] = self.copies.get(key, 0) + 1
            if key not in self.messages:
                self.messages[key] = mail
                self.recipients[key] = recipients

    @property
    def received(self) -> int:
        """Every DATA taken, copies included."""
        with self.lock:
            return sum(self.copies.values())

    def start(self) -> FakeSmtp:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> FakeSmtp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
