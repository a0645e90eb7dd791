"""A campaign's rules: who approves, which placeholders it fills, and the check of its
content shared by creating and changing a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import Forbidden, ValidationFailed
from smartrural.geo.models import (
    AdministrativeUnit,
    Level,
    valid_on_q,
)

from ...models import (
    PERSONAL_CHANNELS,
    Campaign,
    Channel,
    Template,
    Topic,
    topics_mask,
)
from ...rendering import placeholders

# The placeholders filled per subscriber (``rendering.subscriber_values``).
PER_SUBSCRIBER = frozenset({"ten", "ten_ap"})


MAX_VALUE_LENGTH = 500


def is_province_wide(*, unit: AdministrativeUnit, audience: Iterable[AdministrativeUnit]) -> bool:
    """A notice of the province, or to the whole province: it needs a second officer."""
    return unit.level == Level.PROVINCE or any(u.level == Level.PROVINCE for u in audience)


def may_approve(user: Visitor, campaign: Campaign) -> bool:
    return (
        isinstance(user, User)
        and user.can_write
        and scope_for_user(user).everything
        and user.pk != campaign.created_by_id
    )


def facebook_page_for(unit: AdministrativeUnit) -> str:
    """The unit's Facebook page id (``OUTREACH_FACEBOOK_PAGES``: unit code → page id)."""
    return str(settings.OUTREACH_FACEBOOK_PAGES.get(unit.code, ""))


def template_placeholders(template: Template) -> list[str]:
    """Every placeholder any channel's text of ``template`` uses, in order."""
    names: list[str] = []
    for text in (template.subject, template.body, template.sms_body, template.zns_text):
        for name in placeholders(text or ""):
            if name not in names:
                names.append(name)
    return names


def shared_placeholders(template: Template) -> list[str]:
    """The placeholders a campaign must give a value (not filled per subscriber)."""
    return [name for name in template_placeholders(template) if name not in PER_SUBSCRIBER]


def _check(
    *,
    unit: AdministrativeUnit,
    user: Visitor,
    template: Template,
    values: dict[str, Any],
    audience_units: Sequence[AdministrativeUnit],
    audience_as_of: dt.date,
    topics: Sequence[str],
    channels: Sequence[str],
    post_to_facebook: bool,
    send_at: dt.datetime | None,
) -> tuple[dict[str, str], int, str]:
    """Check a campaign's content; its cleaned values, topic mask and channel list."""
    scope = scope_for_user(user)
    if not scope.contains(unit):
        raise Forbidden(_("You may not send notices for %(unit)s.") % {"unit": unit.name})
    if not unit.path.startswith(template.unit.path):
        raise ValidationFailed(
            _("The template “%(name)s” belongs to another unit: choose one of %(unit)s or above.")
            % {"name": template.name, "unit": unit.name},
            field="template",
        )
    if not template.active:
        raise ValidationFailed(
            _("The template “%(name)s” is no longer in use.") % {"name": template.name},
            field="template",
        )
    needed = shared_placeholders(template)
    cleaned: dict[str, str] = {}
    for name in needed:
        value = str(values.get(name, "")).strip()
        if not value:
            raise ValidationFailed(
                _("No value for the placeholder {{ %(name)s }}.") % {"name": name},
                field="values",
            )
        if len(value) > MAX_VALUE_LENGTH:
            raise ValidationFailed(
                _("The value of {{ %(name)s }} is longer than %(max)s characters.")
                % {"name": name, "max": MAX_VALUE_LENGTH},
                field="values",
            )
        cleaned[name] = value
    unknown = sorted(set(values) - set(needed))
    if unknown:
        raise ValidationFailed(
            _("The template has no placeholder {{ %(name)s }}.") % {"name": unknown[0]},
            field="values",
        )
    if not audience_units:
        raise ValidationFailed(_("Choose at least one hamlet or commune."), field="audience_units")
    for target in audience_units:
        if not target.path.startswith(unit.path):
            raise ValidationFailed(
                _("%(target)s is not inside %(unit)s.")
                % {"target": target.name, "unit": unit.name},
                field="audience_units",
            )
        if not AdministrativeUnit.objects.filter(valid_on_q(audience_as_of), pk=target.pk).exists():
            raise ValidationFailed(
                _("%(target)s did not exist on %(day)s.")
                % {"target": target.name, "day": audience_as_of.strftime("%d/%m/%Y")},
                field="audience_units",
            )
    unknown_topics = [t for t in topics if t not in Topic.values]
    if not topics or unknown_topics:
        raise ValidationFailed(_("Choose at least one topic."), field="topics")
    names = list(dict.fromkeys(channels))
    if not names or any(name not in PERSONAL_CHANNELS for name in names):
        raise ValidationFailed(
            _("Choose at least one channel among Zalo, SMS and e-mail."), field="channels"
        )
    if Channel.ZNS in names and not template.zns_template_id:
        raise ValidationFailed(
            _("The template “%(name)s” has no approved ZNS template.") % {"name": template.name},
            field="channels",
        )
    if post_to_facebook and not facebook_page_for(unit):
        raise ValidationFailed(
            _("%(unit)s has no Facebook page configured.") % {"unit": unit.name},
            field="post_to_facebook",
        )
    if send_at is not None and send_at < timezone.now():
        raise ValidationFailed(_("The sending time is in the past."), field="send_at")
    return cleaned, topics_mask(list(topics)), ",".join(names)


def _status(campaign: Campaign) -> dict[str, str]:
    return {"status": str(campaign.get_status_display()).lower()}
