"""The one interface every channel adapter speaks (e-mail, Zalo ZNS, Zalo OA, SMS, Facebook).

An adapter turns an ``Outgoing`` (a plain copy of a ``Message`` row: adapters never touch the
database, so they can run in the delivery threads) into the provider's documented request and
its answer into one of three results:

- ``Accepted``: the provider took it (its id for receipts, the cost it charged if it says);
- ``Transient``: try again later (timeouts, 5xx, rate limits, quota for today);
- ``Permanent``: it will never go on this channel (bad number, not on Zalo, template rejected):
  the provider's code is recorded and the subscriber's next channel is tried.

``idempotent`` says whether the provider recognises a resend of the same ``uid`` (ZNS
``tracking_id``, the SMS gateway's request id, the e-mail ``Message-ID``): for those, a message
found half-sent after a crash is simply sent again; for the others the window between the
provider's answer and our commit is the only place a duplicate can come from (docs/outreach.md).

Receipts (``Receipt``) come back through webhooks; ``parse_receipts`` checks the signature and
raises ``BadSignature`` before anything is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar, Protocol


@dataclass(frozen=True)
class Outgoing:
    uid: str  # the message's UUID, hex with dashes
    channel: str
    address: str  # phone "84…", e-mail, Zalo follower id, or a Facebook page id
    subject: str
    body: str
    template_ref: str = ""  # ZNS: the approved template's id
    params: dict[str, str] = field(default_factory=dict)  # ZNS: template_data
    unsubscribe_url: str = ""  # e-mail: List-Unsubscribe (one click)


@dataclass(frozen=True)
class Accepted:
    provider_id: str
    cost: Decimal | None = None


@dataclass(frozen=True)
class Transient:
    code: str
    detail: str = ""
    retry_after: float | None = None  # seconds, when the provider says


@dataclass(frozen=True)
class Permanent:
    code: str
    detail: str = ""


Result = Accepted | Transient | Permanent


@dataclass(frozen=True)
class Receipt:
    """A provider's word on a message it accepted: delivered, or failed with its code."""

    delivered: bool
    provider_id: str = ""
    uid: str = ""
    code: str = ""
    detail: str = ""
    at: dt.datetime | None = None


class BadSignature(Exception):
    """A webhook whose signature does not match: nothing in it is read."""


class Adapter(Protocol):
    channel: ClassVar[str]
    idempotent: ClassVar[bool]

    def send(self, message: Outgoing) -> Result: ...

    def close(self) -> None: ...
