"""Single messages for the other capabilities: ``message_send`` (feedback replies, survey
invitations, alarms, advisories all send through it)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.core.errors import ValidationFailed
from smartrural.geo.models import AdministrativeUnit

from .. import queue
from ..delivery import address_for
from ..models import (
    PERSONAL_CHANNELS,
    Channel,
    Message,
    MessageStatus,
    Subscriber,
    Topic,
)
from ..phones import phone_normalise


def _contacts(phone: str, email: str, zalo_user_id: str) -> dict[str, str]:
    contacts: dict[str, str] = {}
    if phone:
        try:
            e164 = phone_normalise(phone)
        except ValidationError as exc:
            raise ValidationFailed(exc.messages[0], field="phone") from exc
        contacts[Channel.ZNS] = contacts[Channel.SMS] = e164
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationFailed(
                _("“%(value)s” is not an e-mail address.") % {"value": email[:60]}, field="email"
            ) from exc
        contacts[Channel.EMAIL] = email
    if zalo_user_id:
        contacts[Channel.ZALO_OA] = zalo_user_id[:64]
    return contacts


def message_send(
    *,
    source: str,
    idempotency_key: str,
    unit: AdministrativeUnit,
    topic: str,
    body: str,
    subject: str = "",
    subscriber: Subscriber | None = None,
    phone: str = "",
    email: str = "",
    zalo_user_id: str = "",
    channels: Sequence[str] | None = None,
    zns_template: tuple[str, dict[str, str]] | None = None,
) -> Message:
    """Queue one message to a subscriber (their channels in order) or to the addresses given,
    on the first channel with an address; the others are its fallbacks. Sent after commit.

    ``source`` names the asking capability and ``idempotency_key`` its own key for this
    message: asking again with the same pair returns the first message and sends nothing more.
    ZNS needs ``zns_template`` (the approved template's id and its data). A bad address, an
    unsubscribed subscriber or no reachable channel raise ``ValidationFailed``."""
    if not source or not idempotency_key or len(idempotency_key) > 100:
        raise ValueError("message_send needs a source and an idempotency key of 1 to 100 chars.")
    if topic not in Topic.values:
        raise ValueError(f"Unknown topic {topic!r}.")
    existing = Message.objects.filter(source=source, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if subscriber is not None and subscriber.unsubscribed_at is not None:
        raise ValidationFailed(_("This subscriber has unsubscribed: nothing is sent."))
    contacts = {} if subscriber is not None else _contacts(phone, email, zalo_user_id)
    wanted = list(channels or (subscriber.channel_list if subscriber else PERSONAL_CHANNELS))
    probe = Message(subscriber=subscriber, contacts=contacts)
    usable = [
        channel
        for channel in wanted
        if channel in PERSONAL_CHANNELS
        and address_for(probe, channel)
        and (channel != Channel.ZNS or zns_template is not None)
    ]
    if not usable:
        raise ValidationFailed(_("No address to send to on any of the channels asked for."))
    first = usable[0]
    zns_ref, zns_params = zns_template or ("", {})
    try:
        with transaction.atomic():
            message = Message.objects.create(
                subscriber=subscriber,
                unit=unit,
                channel=first,
                address=address_for(probe, first),
                topic=topic,
                subject=subject[:200],
                body=body,
                # Kept whatever the first channel: a fallback to ZNS needs them.
                template_ref=zns_ref,
                params=dict(zns_params),
                source=source[:30],
                idempotency_key=idempotency_key,
                contacts=contacts,
                fallback_channels=",".join(usable[1:]),
                next_try_at=timezone.now(),
            )
            queue.after_commit("deliver")
    except IntegrityError:  # the same key, asked at the same moment by another request
        return Message.objects.get(source=source, idempotency_key=idempotency_key)
    return message


def messages_cancel_for(*, subscriber: Subscriber) -> int:
    """Cancel ``subscriber``'s messages not yet handed to a provider."""
    return Message.objects.filter(subscriber=subscriber, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, next_try_at=None
    )
