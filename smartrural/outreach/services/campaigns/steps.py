"""A campaign's steps: submit, approve (a second officer for a province-wide notice), cancel."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor
from smartrural.accounts.models import User
from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.core.versioning import check_version

from ... import queue
from ...models import (
    Campaign,
    CampaignStatus,
    Message,
    MessageStatus,
)
from .rules import _status, is_province_wide, may_approve

CANCELLABLE = (
    CampaignStatus.DRAFT,
    CampaignStatus.AWAITING_APPROVAL,
    CampaignStatus.SCHEDULED,
    CampaignStatus.SENDING,
)


def _enqueue_if_due(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.SCHEDULED and (
        campaign.send_at is None or campaign.send_at <= timezone.now()
    ):
        queue.after_commit("enqueue_campaign", campaign.pk)


@transaction.atomic
def campaign_submit(*, campaign: Campaign, version: int | None, user: Visitor) -> Campaign:
    """Draft → scheduled (sent at ``send_at``, or at once), or → awaiting approval when it is
    province-wide."""
    check_version(campaign, version, sent={"status": CampaignStatus.DRAFT})
    if campaign.status != CampaignStatus.DRAFT:
        raise Conflict(
            _("Only a draft can be submitted; this campaign is %(status)s.") % _status(campaign)
        )
    if campaign.send_at is not None and campaign.send_at < timezone.now():
        raise ValidationFailed(
            _("The sending time is in the past: change it first."), field="send_at"
        )
    audience = list(campaign.audience_units.all())
    if is_province_wide(unit=campaign.unit, audience=audience):
        campaign.status = CampaignStatus.AWAITING_APPROVAL
    else:
        campaign.status = CampaignStatus.SCHEDULED
    campaign.save(update_fields=["status"])
    _enqueue_if_due(campaign)
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: Campaign, version: int | None, user: Visitor) -> Campaign:
    """Awaiting approval → scheduled, by a writer of the province office other than its creator
    (two officers for a province-wide notice)."""
    check_version(campaign, version, sent={"status": CampaignStatus.AWAITING_APPROVAL})
    if campaign.status != CampaignStatus.AWAITING_APPROVAL:
        raise Conflict(
            _("This campaign is not awaiting approval; it is %(status)s.") % _status(campaign)
        )
    if isinstance(user, User) and user.pk == campaign.created_by_id:
        raise Forbidden(
            _("A province-wide notice is approved by a second officer, not by its author.")
        )
    if not may_approve(user, campaign):
        raise Forbidden(_("Only an officer of the province office may approve this notice."))
    if campaign.send_at is not None and campaign.send_at < timezone.now():
        # Approved late: it goes at once rather than never.
        campaign.send_at = None
    campaign.status = CampaignStatus.SCHEDULED
    campaign.approved_at = timezone.now()
    campaign.approved_by = user if isinstance(user, User) else None
    campaign.save(update_fields=["status", "approved_at", "approved_by", "send_at"])
    _enqueue_if_due(campaign)
    return campaign


@transaction.atomic
def campaign_cancel(*, campaign: Campaign, version: int | None, user: Visitor) -> int:
    """Stop a campaign not yet sent: the number of queued messages cancelled (messages already
    handed to a provider go on)."""
    check_version(campaign, version, sent={})  # cancelling is wanted whatever changed
    if campaign.status not in CANCELLABLE:
        raise Conflict(
            _("This campaign is %(status)s: it cannot be cancelled.") % _status(campaign)
        )
    cancelled = Message.objects.filter(campaign=campaign, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, next_try_at=None
    )
    campaign.status = CampaignStatus.CANCELLED
    campaign.cancelled_at = timezone.now()
    campaign.save(update_fields=["status", "cancelled_at"])
    return cancelled
