"""Writing a draft campaign: create it, change it while it is a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor
from smartrural.accounts.models import User
from smartrural.core.errors import Conflict
from smartrural.core.versioning import check_version
from smartrural.geo.models import (
    AdministrativeUnit,
)

from ...models import (
    Campaign,
    CampaignStatus,
    Template,
)
from .rules import _check, _status


@transaction.atomic
def campaign_create(
    *,
    unit: AdministrativeUnit,
    user: Visitor,
    title: str,
    template: Template,
    values: dict[str, Any],
    audience_units: Sequence[AdministrativeUnit],
    audience_as_of: dt.date,
    topics: Sequence[str],
    channels: Sequence[str],
    post_to_facebook: bool = False,
    send_at: dt.datetime | None = None,
) -> Campaign:
    """A draft campaign (nothing is sent until it is submitted)."""
    cleaned, mask, channel_list = _check(
        unit=unit,
        user=user,
        template=template,
        values=values,
        audience_units=audience_units,
        audience_as_of=audience_as_of,
        topics=topics,
        channels=channels,
        post_to_facebook=post_to_facebook,
        send_at=send_at,
    )
    campaign = Campaign(
        unit=unit,
        title=title,
        template=template,
        values=cleaned,
        audience_as_of=audience_as_of,
        topics=mask,
        channels=channel_list,
        post_to_facebook=post_to_facebook,
        send_at=send_at,
        created_by=user if isinstance(user, User) else None,
    )
    campaign.full_clean(exclude=["audience_units"])
    campaign.save()
    campaign.audience_units.set(audience_units)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    version: int | None,
    user: Visitor,
    title: str,
    template: Template,
    values: dict[str, Any],
    audience_units: Sequence[AdministrativeUnit],
    audience_as_of: dt.date,
    topics: Sequence[str],
    channels: Sequence[str],
    post_to_facebook: bool = False,
    send_at: dt.datetime | None = None,
) -> Campaign:
    """Change a draft (409 when someone changed it since ``version`` was loaded)."""
    cleaned, mask, channel_list = _check(
        unit=campaign.unit,
        user=user,
        template=template,
        values=values,
        audience_units=audience_units,
        audience_as_of=audience_as_of,
        topics=topics,
        channels=channels,
        post_to_facebook=post_to_facebook,
        send_at=send_at,
    )
    sent = {
        "title": title,
        "template": template.pk,
        "values": cleaned,
        "audience_as_of": audience_as_of,
        "topics": mask,
        "channels": channel_list,
        "post_to_facebook": post_to_facebook,
        "send_at": send_at,
    }
    check_version(campaign, version, sent=sent)
    if campaign.status != CampaignStatus.DRAFT:
        raise Conflict(
            _("Only a draft can be changed; this campaign is %(status)s.") % _status(campaign)
        )
    campaign.title = title
    campaign.template = template
    campaign.values = cleaned
    campaign.audience_as_of = audience_as_of
    campaign.topics = mask
    campaign.channels = channel_list
    campaign.post_to_facebook = post_to_facebook
    campaign.send_at = send_at
    campaign.full_clean(exclude=["audience_units"])
    campaign.save()
    campaign.audience_units.set(audience_units)
    return campaign
