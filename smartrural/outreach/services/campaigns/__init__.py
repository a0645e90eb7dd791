"""Campaigns: a notice from a unit to an audience, from draft to sent.

Lifecycle (``CampaignStatus``)::

    draft ──submit──▶ scheduled ──(send_at comes: campaign_enqueue)──▶ sending ──▶ sent
      │      └──(province-wide)──▶ awaiting_approval ──approve──▶ scheduled
      └──────────── cancel (draft, awaiting approval, scheduled, sending) ──▶ cancelled

- Province-wide (``is_province_wide``): sent by the province itself, or with the province among
  its audience units. Such a notice reaches every commune at once, so a second officer must
  approve it (``campaign_approve``): a writer of the province office who is not its creator.
- Audience (``audience_hamlets``, ``audience_subscribers``): the hamlets valid on
  ``audience_as_of`` under (or equal to) the audience units; their active subscribers (not
  unsubscribed) with at least one of the campaign's topics. Each gets ONE message on the first
  channel of their own preference order that the campaign allows and that has an address; the
  rest of those channels are its fallbacks (``delivery.fallback``).
- Enqueue crash safety (``campaign_enqueue``): the campaign moves ``scheduled → sending`` first
  (a conditional update: one worker wins), then messages are written in batches of
  ``ENQUEUE_BATCH`` subscribers in pk order, one short transaction per batch, with
  ``ignore_conflicts`` on the unique (campaign, subscriber, channel). A run that dies leaves the
  campaign ``sending`` with ``enqueued_at`` empty; running it again (the periodic task does)
  resumes after the highest subscriber already written and adds nothing twice. ``enqueued_at``
  is set only when every batch is written.
"""

from __future__ import annotations

from .audience import audience_hamlets, audience_preview, audience_subscribers
from .compiled import CompiledChannel, compile_channel
from .enqueue import (
    ENQUEUE_BATCH,
    FACEBOOK_SOURCE,
    EnqueueReport,
    campaign_enqueue,
    campaigns_due,
    campaigns_finish,
)
from .rules import (
    MAX_VALUE_LENGTH,
    PER_SUBSCRIBER,
    facebook_page_for,
    is_province_wide,
    may_approve,
    shared_placeholders,
    template_placeholders,
)
from .steps import CANCELLABLE, campaign_approve, campaign_cancel, campaign_submit
from .writes import campaign_create, campaign_update

__all__ = [
    "CANCELLABLE",
    "ENQUEUE_BATCH",
    "FACEBOOK_SOURCE",
    "MAX_VALUE_LENGTH",
    "PER_SUBSCRIBER",
    "CompiledChannel",
    "EnqueueReport",
    "audience_hamlets",
    "audience_preview",
    "audience_subscribers",
    "campaign_approve",
    "campaign_cancel",
    "campaign_create",
    "campaign_enqueue",
    "campaign_submit",
    "campaign_update",
    "campaigns_due",
    "campaigns_finish",
    "compile_channel",
    "facebook_page_for",
    "is_province_wide",
    "may_approve",
    "shared_placeholders",
    "template_placeholders",
]
