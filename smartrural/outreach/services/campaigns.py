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

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import Conflict, Forbidden, ValidationFailed
from smartrural.core.text import fold_keep_case
from smartrural.core.versioning import check_version
from smartrural.geo.models import (
    AdministrativeUnit,
    Level,
    Succession,
    path_upper_bound,
    valid_on_q,
)

from .. import queue
from ..models import (
    PERSONAL_CHANNELS,
    Campaign,
    CampaignStatus,
    Channel,
    Message,
    MessageStatus,
    Subscriber,
    Template,
    Topic,
    topics_mask,
)
from ..rendering import PLACEHOLDER, placeholders

logger = logging.getLogger(__name__)

# The placeholders filled per subscriber (``rendering.subscriber_values``).
PER_SUBSCRIBER = frozenset({"ten", "ten_ap"})
ENQUEUE_BATCH = 5000  # subscribers per writing transaction
MAX_VALUE_LENGTH = 500
FACEBOOK_SOURCE = "campaign"
CANCELLABLE = (
    CampaignStatus.DRAFT,
    CampaignStatus.AWAITING_APPROVAL,
    CampaignStatus.SCHEDULED,
    CampaignStatus.SENDING,
)


# ---------------------------------------------------------------------------------------------
# Rules


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


# ---------------------------------------------------------------------------------------------
# Writes


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


def _status(campaign: Campaign) -> dict[str, str]:
    return {"status": str(campaign.get_status_display()).lower()}


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


# ---------------------------------------------------------------------------------------------
# Audience


def audience_hamlets(campaign: Campaign) -> QuerySet[AdministrativeUnit]:
    """The hamlets valid on the campaign's date under (or equal to) its audience units, and the
    hamlets they succeeded (a subscriber recorded in a hamlet before the 2025 reorganisation
    lives in its successor today)."""
    under = Q(pk__in=[])
    for path in campaign.audience_units.values_list("path", flat=True):
        under |= Q(path__gte=path, path__lt=path_upper_bound(path))
    current = set(
        AdministrativeUnit.objects.filter(
            valid_on_q(campaign.audience_as_of), under, level=Level.HAMLET
        ).values_list("pk", flat=True)
    )
    hamlets, newer = set(current), current
    while newer:  # one generation of predecessors per query
        newer = (
            set(
                Succession.objects.filter(
                    successor__in=newer, predecessor__level=Level.HAMLET
                ).values_list("predecessor", flat=True)
            )
            - hamlets
        )
        hamlets |= newer
    return AdministrativeUnit.objects.filter(pk__in=hamlets)


def audience_subscribers(campaign: Campaign) -> QuerySet[Subscriber]:
    """Active subscribers of the audience's hamlets who chose one of the campaign's topics."""
    return (
        Subscriber.objects.filter(
            hamlet__in=audience_hamlets(campaign).values("pk"), unsubscribed_at=None
        )
        .alias(shared=F("topics").bitand(campaign.topics))
        .filter(shared__gt=0)
    )


def _channels_for(preferences: str, allowed: Sequence[str], addresses: dict[str, str]) -> list[str]:
    """The subscriber's channels in their order that the campaign allows and that reach them."""
    return [
        name for name in preferences.split(",") if name and name in allowed and addresses.get(name)
    ]


def _usable(campaign: Campaign) -> list[str]:
    names = [name for name in campaign.channels.split(",") if name]
    if not campaign.template.zns_template_id:
        names = [name for name in names if name != Channel.ZNS]
    return names


def audience_preview(campaign: Campaign) -> dict[str, Any]:
    """How many subscribers the campaign would reach per (first) channel, and how many it
    cannot reach on any of its channels (one grouped query)."""
    allowed = _usable(campaign)
    present = {
        f"has_{name}": ExpressionWrapper(~Q(**{name: ""}), output_field=BooleanField())
        for name in ("phone", "email", "zalo_user_id")
    }
    rows = (
        audience_subscribers(campaign)
        .annotate(**present)
        .values("channels", *present)
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_channel = dict.fromkeys(allowed, 0)
    unreachable = 0
    total = 0
    for row in rows:
        addresses: dict[str, str] = {
            Channel.ZNS: "1" if row["has_phone"] else "",
            Channel.SMS: "1" if row["has_phone"] else "",
            Channel.EMAIL: "1" if row["has_email"] else "",
            Channel.ZALO_OA: "1" if row["has_zalo_user_id"] else "",
        }
        names = _channels_for(row["channels"], allowed, addresses)
        total += row["n"]
        if names:
            per_channel[names[0]] += row["n"]
        else:
            unreachable += row["n"]
    return {"total": total, "per_channel": per_channel, "unreachable": unreachable}


# ---------------------------------------------------------------------------------------------
# Rendering, compiled once per channel


@dataclass
class _Text:
    """A text with the campaign's values filled in, split around per-subscriber placeholders:
    ``parts`` alternates literal text and a placeholder name."""

    parts: list[str]
    fold: bool = False

    def fill(self, person: dict[str, str]) -> str:
        out = []
        for index, part in enumerate(self.parts):
            if index % 2:
                value = person[part]
                out.append(fold_keep_case(value) if self.fold else value)
            else:
                out.append(part)
        return "".join(out)


def _compile(text: str, values: dict[str, str], *, fold: bool = False) -> _Text:
    pieces = PLACEHOLDER.split(text)
    parts: list[str] = [pieces[0]]
    for index in range(1, len(pieces), 2):
        name, literal = pieces[index], pieces[index + 1]
        if name in PER_SUBSCRIBER:
            parts.extend([name, literal])
        else:
            parts[-1] += str(values[name]) + literal
    if fold:
        parts = [fold_keep_case(p) if i % 2 == 0 else p for i, p in enumerate(parts)]
    return _Text(parts=parts, fold=fold)


@dataclass
class CompiledChannel:
    """What ``rendering.render(template, channel, values)`` gives, precomputed for a campaign:
    only the per-subscriber placeholders are filled per message."""

    subject: _Text
    body: _Text
    template_ref: str = ""
    param_names: list[str] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)

    def render(self, person: dict[str, str]) -> tuple[str, str, dict[str, str]]:
        params = {
            name: person[name] if name in PER_SUBSCRIBER else self.shared[name]
            for name in self.param_names
        }
        return self.subject.fill(person), self.body.fill(person), params


def compile_channel(template: Template, channel: str, values: dict[str, str]) -> CompiledChannel:
    """Mirrors ``rendering.render`` (tested against it)."""
    shared = {k: str(v) for k, v in values.items() if k not in PER_SUBSCRIBER}
    missing = [
        n for n in template_placeholders(template) if n not in shared and n not in PER_SUBSCRIBER
    ]
    if missing:
        raise ValidationFailed(
            _("No value for the placeholder {{ %(name)s }}.") % {"name": missing[0]}
        )
    empty = _Text(parts=[""])
    if channel == Channel.ZNS:
        return CompiledChannel(
            subject=empty,
            body=_compile(template.zns_text, shared),
            template_ref=template.zns_template_id,
            param_names=placeholders(template.zns_text),
            shared=shared,
        )
    if channel == Channel.SMS:
        return CompiledChannel(
            subject=empty,
            body=_compile(template.sms_body or template.body, shared, fold=template.sms_unaccented),
        )
    if channel == Channel.EMAIL:
        return CompiledChannel(
            subject=_compile(template.subject or template.name, shared),
            body=_compile(template.body, shared),
        )
    return CompiledChannel(subject=empty, body=_compile(template.body, shared))


# ---------------------------------------------------------------------------------------------
# Enqueue


@dataclass
class EnqueueReport:
    written: int = 0
    unreachable: int = 0
    resumed_after: int = 0


# The columns ``campaign_enqueue`` writes (the others keep their defaults: empty, 0, NULL).
_COLUMNS = (
    "uid",
    "campaign",
    "subscriber",
    "unit",
    "channel",
    "address",
    "topic",
    "subject",
    "body",
    "template_ref",
    "params",
    "fallback_channels",
    "contacts",
    "status",
    "next_try_at",
    "created_at",
)
_DEFAULTS = {
    "source": "",
    "idempotency_key": "",
    "attempts": 0,
    "provider_id": "",
    "provider_code": "",
    "error": "",
}
_HEX_UUIDS = not connection.features.has_native_uuid_field


def _insert_ignore(rows: list[tuple[Any, ...]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING of ready rows (``_COLUMNS`` order, then ``_DEFAULTS``).

    The enqueue's hot path: ``bulk_create`` spends about 0.2 ms a row preparing each value
    through its field and compiling SQL; here values are prepared once per batch (times,
    constants) and the statement once, and the rows go with ``executemany``. The unique
    (campaign, subscriber, channel) makes a row written before a no-op, as with
    ``ignore_conflicts=True``."""
    if not rows:
        return
    meta = Message._meta
    ops = connection.ops
    names = [*_COLUMNS, *_DEFAULTS]
    fields = [meta.get_field(name) for name in names]
    columns = ", ".join(ops.quote_name(getattr(field, "column", "")) for field in fields)
    sql = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(meta.db_table)} "
        f"({columns}) VALUES ({', '.join(['%s'] * len(names))}) "
        f"{ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)}"
    )
    extra = tuple(_DEFAULTS.values())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row + extra for row in rows])


def _subscriber_rows(campaign: Campaign, after: int) -> Iterator[list[tuple[Any, ...]]]:
    """The audience in batches of ``ENQUEUE_BATCH`` rows, pk order, after pk ``after``."""
    rows = audience_subscribers(campaign).order_by("pk")
    fields = (
        "pk",
        "name",
        "phone",
        "email",
        "zalo_user_id",
        "channels",
        "hamlet_id",
        "hamlet__name",
    )
    while True:
        batch = list(rows.filter(pk__gt=after).values_list(*fields)[:ENQUEUE_BATCH])
        if not batch:
            return
        yield batch
        after = batch[-1][0]


def campaign_enqueue(*, campaign: Campaign) -> EnqueueReport:
    """Write one message per reachable subscriber of the audience (see the module's docstring
    for crash safety), then the campaign is ``sending`` with ``enqueued_at`` and delivery is
    asked for. A campaign neither scheduled nor half-enqueued is left alone."""
    report = EnqueueReport()
    with transaction.atomic():
        started = Campaign.objects.filter(
            Q(status=CampaignStatus.SCHEDULED)
            | Q(status=CampaignStatus.SENDING, enqueued_at__isnull=True),
            pk=campaign.pk,
        ).update(status=CampaignStatus.SENDING)
        if not started:
            return report
        campaign = Campaign.objects.select_related("template", "unit").get(pk=campaign.pk)
        campaign.save(update_fields=["status"])  # its history row
    template = campaign.template
    allowed = _usable(campaign)
    compiled = {name: compile_channel(template, name, campaign.values) for name in allowed}
    # Batches commit in subscriber pk order: everyone up to the highest subscriber written has
    # their message (ignore_conflicts covers a batch cut short).
    after = (
        Message.objects.filter(campaign=campaign, subscriber__isnull=False).aggregate(
            m=Max("subscriber_id")
        )["m"]
        or 0
    )
    report.resumed_after = after
    params_field = Message._meta.get_field("params")
    no_contacts = Message._meta.get_field("contacts").get_db_prep_save({}, connection)
    for batch in _subscriber_rows(campaign, after):
        stamp = connection.ops.adapt_datetimefield_value(timezone.now())
        rows: list[tuple[Any, ...]] = []
        for pk, name, phone, email, zalo, prefs, hamlet_id, hamlet_name in batch:
            addresses: dict[str, str] = {
                Channel.ZNS: phone,
                Channel.SMS: phone,
                Channel.EMAIL: email,
                Channel.ZALO_OA: zalo,
            }
            names = _channels_for(prefs, allowed, addresses)
            if not names:
                report.unreachable += 1
                continue
            first = names[0]
            channel = compiled[first]
            subject, body, params = channel.render({"ten": name or "bà con", "ten_ap": hamlet_name})
            rows.append(
                (
                    uuid.uuid4().hex if _HEX_UUIDS else uuid.uuid4(),
                    campaign.pk,
                    pk,
                    hamlet_id,
                    first,
                    addresses[first],
                    template.topic,
                    subject[:200],
                    body,
                    channel.template_ref,
                    params_field.get_db_prep_save(params, connection),
                    ",".join(names[1:]),
                    no_contacts,
                    MessageStatus.QUEUED,
                    stamp,
                    stamp,
                )
            )
        with transaction.atomic():
            if not Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).exists():
                logger.info("Campaign %s stopped while being enqueued.", campaign.pk)
                return report  # cancelled meanwhile
            _insert_ignore(rows)
        report.written += len(rows)
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).exists():
            return report  # cancelled meanwhile
        if campaign.post_to_facebook:
            rendered = compile_channel(template, Channel.FACEBOOK, campaign.values).render(
                {"ten": "bà con", "ten_ap": campaign.unit.name}
            )
            Message.objects.bulk_create(
                [
                    Message(
                        campaign_id=campaign.pk,
                        unit_id=campaign.unit_id,
                        channel=Channel.FACEBOOK,
                        address=facebook_page_for(campaign.unit),
                        topic=template.topic,
                        subject=rendered[0][:200],
                        body=rendered[1],
                        source=FACEBOOK_SOURCE,
                        idempotency_key=f"campaign-{campaign.pk}-facebook",
                        next_try_at=timezone.now(),
                    )
                ],
                ignore_conflicts=True,
            )
            report.written += 1
        finished_at = timezone.now()
        updated = Campaign.objects.filter(
            pk=campaign.pk, status=CampaignStatus.SENDING, enqueued_at__isnull=True
        ).update(enqueued_at=finished_at)
        if updated:
            campaign.status, campaign.enqueued_at = CampaignStatus.SENDING, finished_at
            campaign.save(update_fields=["enqueued_at"])  # its history row
            queue.after_commit("deliver")
    return report


def campaigns_due(*, now: dt.datetime | None = None) -> list[int]:
    """Campaigns to enqueue: scheduled and due, or left half-enqueued by a crash."""
    now = now or timezone.now()
    return list(
        Campaign.objects.filter(
            Q(status=CampaignStatus.SCHEDULED, send_at__isnull=True)
            | Q(status=CampaignStatus.SCHEDULED, send_at__lte=now)
            | Q(status=CampaignStatus.SENDING, enqueued_at__isnull=True)
        )
        .order_by("send_at", "pk")
        .values_list("pk", flat=True)
    )


def campaigns_finish(*, now: dt.datetime | None = None) -> int:
    """Mark ``sent`` the sending campaigns with nothing left queued or being sent."""
    now = now or timezone.now()
    busy = Message.objects.filter(
        campaign=OuterRef("pk"), status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]
    )
    done = Campaign.objects.filter(
        ~Exists(busy), status=CampaignStatus.SENDING, enqueued_at__isnull=False
    )
    finished = 0
    for campaign in done:
        with transaction.atomic():
            # Conditional: a cancel in between wins.
            if Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(
                status=CampaignStatus.SENT, finished_at=now
            ):
                campaign.status, campaign.finished_at = CampaignStatus.SENT, now
                campaign.save(update_fields=["status", "finished_at"])  # its history row
                finished += 1
    return finished
