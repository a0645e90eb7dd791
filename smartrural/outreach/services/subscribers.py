"""Subscribers: who agreed to receive notices, how, and their leaving."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from ..models import Subscriber, UnsubscribeReason


def new_token() -> str:
    return secrets.token_urlsafe(32)


def subscriber_unsubscribe(*, subscriber: Subscriber, reason: str) -> bool:
    """Mark ``subscriber`` as gone (kept, never written to again); False if already gone.

    Queued messages to them are cancelled in the same transaction."""
    from .messages import messages_cancel_for  # local: messages imports this module

    if reason not in UnsubscribeReason.values:
        raise ValueError(f"Unknown unsubscribe reason {reason!r}.")
    with transaction.atomic():
        updated = Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at=None).update(
            unsubscribed_at=timezone.now(), unsubscribe_reason=reason
        )
        if not updated:
            return False
        subscriber.refresh_from_db()
        # One history row says who left and how (update() writes none).
        subscriber.save(update_fields=["unsubscribed_at", "unsubscribe_reason"])
        messages_cancel_for(subscriber=subscriber)
    return True
