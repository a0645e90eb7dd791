"""Zalo followers leaving the commune's Official Account (the ``unfollow`` webhook event)."""

from __future__ import annotations

from django.db import transaction

from ..models import Channel, Subscriber


def zalo_follower_left(*, zalo_user_id: str) -> int:
    """Stop choosing the OA for the subscribers behind ``zalo_user_id``; how many changed.

    Nothing personal is cleared (the follower id stays, so a new ``follow`` or an officer can
    bring the channel back): the OA is only taken out of their channels when another one
    remains. Messages already queued on the OA are left alone: Zalo refuses them (-213, not a
    follower), which is ``Permanent``, so each falls back to the subscriber's next channel."""
    if not zalo_user_id:
        return 0
    changed = 0
    with transaction.atomic():
        for subscriber in Subscriber.objects.select_for_update().filter(
            zalo_user_id=zalo_user_id, unsubscribed_at=None
        ):
            remaining = [name for name in subscriber.channel_list if name != Channel.ZALO_OA]
            if remaining and remaining != subscriber.channel_list:
                subscriber.channels = ",".join(remaining)
                subscriber.save(update_fields=["channels"])  # one history row
                changed += 1
    return changed
