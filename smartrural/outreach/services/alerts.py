"""An imported CAP alert reaches residents' phones too: a campaign beside the bulletin.

Filled into ``cap.ALERT_HANDLERS`` by the app's ``ready()``: after an Alert or Update has made
its emergency bulletin, ``campaign_from_alert`` writes a campaign from the bulletin's unit to its
zones (or, without zones, to its stations' communes), on the topics "emergencies" and "weather",
over every personal channel (ZNS only with an approved template, ``OUTREACH_ALERT_ZNS_TEMPLATE``),
with the alert's headline and what to do, and submits it as the importing officer. A local alert
goes at once; a province-wide one waits for a second officer's approval like any other (the
loudspeakers do not wait: the bulletin plays at once). An alert whose campaign cannot be made
(no subscriber channel configured, units no longer valid) keeps its bulletin: the reason is
logged and the alert has no campaign.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings

from smartrural.core.dates import today
from smartrural.core.errors import DomainError
from smartrural.geo.models import AdministrativeUnit

from ..cap import ParsedAlert
from ..models import Bulletin, CapAlert, Channel, Template, Topic
from .campaigns import campaign_create, campaign_submit
from .templates import template_create

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "Cảnh báo khẩn cấp (CAP)"
HEADLINE_CHARS = 100
TEXT_CHARS = 200  # with the headline, an SMS of at most five parts with diacritics


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _template(unit: AdministrativeUnit) -> Template:
    existing = Template.objects.filter(unit=unit, name=TEMPLATE_NAME, active=True).first()
    if existing is not None:
        return existing
    zns = settings.OUTREACH_ALERT_ZNS_TEMPLATE
    return template_create(
        unit=unit,
        by=None,
        name=TEMPLATE_NAME,
        topic=Topic.EMERGENCY,
        subject="{{ tieu_de }}",
        body="{{ tieu_de }}. {{ noi_dung }}",
        zns_template_id=zns,
        zns_text="{{ tieu_de }}. {{ noi_dung }}" if zns else "",
    )


def _audience(bulletin: Bulletin) -> list[AdministrativeUnit]:
    zones = list(bulletin.zones.all())
    if zones:
        return zones
    return [station.unit for station in bulletin.stations.select_related("unit")]


def _as_of(units: list[AdministrativeUnit]) -> dt.date:
    """Today, or the last day the audience's units all existed (an alert about a unit that
    ended still reaches the hamlets it had)."""
    ends = [unit.valid_to for unit in units if unit.valid_to is not None]
    return min([today(), *ends])


def campaign_from_alert(alert: CapAlert, parsed: ParsedAlert) -> None:
    bulletin = alert.bulletin
    user = alert.created_by
    if bulletin is None or user is None:
        return
    audience = _audience(bulletin)
    channels = [Channel.SMS, Channel.EMAIL, Channel.ZALO_OA]
    if settings.OUTREACH_ALERT_ZNS_TEMPLATE:
        channels.insert(0, Channel.ZNS)
    text = " ".join(part for part in (parsed.description, parsed.instruction) if part)
    try:
        campaign = campaign_create(
            unit=bulletin.unit,
            user=user,
            title=_shorten(f"CAP: {bulletin.title}", 200),
            template=_template(bulletin.unit),
            values={
                "tieu_de": _shorten(parsed.headline or bulletin.title, HEADLINE_CHARS),
                "noi_dung": _shorten(text or bulletin.text, TEXT_CHARS),
            },
            audience_units=audience,
            audience_as_of=_as_of(audience),
            topics=[Topic.EMERGENCY, Topic.WEATHER],
            channels=channels,
        )
        campaign_submit(campaign=campaign, version=None, user=user)
    except DomainError as exc:
        logger.warning("CAP alert %s: no campaign to residents: %s", alert.pk, exc.message)
        return
    alert.campaign = campaign
    alert.save(update_fields=["campaign"])
