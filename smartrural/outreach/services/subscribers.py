"""Subscribers: who agreed to receive notices, how, and their leaving.

Only what sending needs is kept: a name to address them by (optional), the addresses (a
Vietnamese mobile number for SMS and ZNS, an e-mail, a Zalo follower id), the hamlet (which
notices reach them), the topics and channels they chose, and the consent's date and source (the
proof that they asked). No postal address, no ID number, no date of birth.

- At least one address; a channel is chosen only with its address (SMS and ZNS: the phone,
  e-mail: the e-mail, Zalo OA: the follower id); at least one channel.
- A phone or an e-mail is one subscriber's: a second one is refused with a message, never an
  integrity error.
- Unsubscribing (their link, a STOP reply, an officer) keeps the row, marked, so the address is
  never written to again by mistake. Coming back takes a new consent (its date, not before the
  unsubscription, and its source): ``subscriber_resubscribe``; their old unsubscribe links stop
  working (a new token).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.models import User
from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import (
    PERSONAL_CHANNELS,
    Channel,
    ConsentSource,
    Subscriber,
    Topic,
    UnsubscribeReason,
    topics_mask,
)
from ..phones import phone_normalise

ZALO_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# The address each personal channel needs.
CHANNEL_ADDRESS: dict[str, str] = {
    Channel.ZNS: "phone",
    Channel.SMS: "phone",
    Channel.EMAIL: "email",
    Channel.ZALO_OA: "zalo_user_id",
}
EDITABLE_FIELDS = (
    "hamlet",
    "name",
    "phone",
    "email",
    "zalo_user_id",
    "topics",
    "channels",
    "consent_at",
    "consent_source",
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def consent_moment(day: dt.date) -> dt.datetime:
    """A consent date as the moment stored (the start of that day, local time)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class SubscriberInput:
    """A subscriber's fields as stored (phone in E.164 digits, topics as bits, channels joined),
    or the problems of what was typed, each with its field."""

    values: dict[str, Any]
    problems: list[tuple[str, str]]


def _add(problems: list[tuple[str, str]], field: str, message: str) -> None:
    problems.append((field, message))


def subscriber_input(
    *,
    name: str,
    phone: str,
    email: str,
    zalo_user_id: str,
    topics: Iterable[str],
    channels: Iterable[str],
    consent_on: dt.date | None,
    consent_source: str,
) -> SubscriberInput:
    """Check and normalise what an officer (or an import row) gave; every problem is listed."""
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {"name": " ".join(name.split())}
    phone = phone.strip()
    if phone:
        try:
            phone = phone_normalise(phone)
        except ValidationError as exc:
            _add(problems, "phone", exc.messages[0])
    values["phone"] = phone
    email = email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _add(
                problems,
                "email",
                _("“%(value)s” is not an e-mail address.") % {"value": email[:60]},
            )
    values["email"] = email
    zalo_user_id = zalo_user_id.strip()
    if zalo_user_id and not ZALO_ID.fullmatch(zalo_user_id):
        _add(
            problems,
            "zalo_user_id",
            _("A Zalo follower id is made of letters and digits (at most 64)."),
        )
    values["zalo_user_id"] = zalo_user_id
    if not (phone or email or zalo_user_id):
        _add(
            problems,
            "phone",
            _("Give at least one address: a mobile number, an e-mail or a Zalo follower id."),
        )
    topic_list = list(dict.fromkeys(topics))
    unknown_topics = [t for t in topic_list if t not in Topic.values]
    if unknown_topics:
        _add(problems, "topics", _("Unknown topic: %(names)s.") % {"names": unknown_topics[0]})
    elif not topic_list:
        _add(problems, "topics", _("Choose at least one topic."))
    values["topics"] = topics_mask([t for t in topic_list if t in Topic.values])
    channel_list = list(dict.fromkeys(channels))
    unknown = [c for c in channel_list if c not in PERSONAL_CHANNELS]
    if unknown:
        _add(problems, "channels", _("Unknown channel: %(names)s.") % {"names": unknown[0]})
    elif not channel_list:
        _add(problems, "channels", _("Choose at least one channel."))
    for channel in channel_list:
        needed = CHANNEL_ADDRESS.get(channel)
        if needed and not values.get(needed) and not any(f == needed for f, _m in problems):
            _add(
                problems,
                "channels",
                _("%(channel)s needs %(address)s.")
                % {"channel": Channel(channel).label, "address": _address_label(needed)},
            )
    values["channels"] = ",".join(channel_list)
    if consent_on is None:
        _add(problems, "consent_on", _("Give the date the resident agreed to receive notices."))
    elif consent_on > timezone.localdate():
        _add(problems, "consent_on", _("The consent date cannot be in the future."))
    else:
        values["consent_at"] = consent_moment(consent_on)
    if consent_source not in ConsentSource.values:
        _add(
            problems,
            "consent_source",
            _("Say how the resident gave their consent (signed form, portal, …)."),
        )
    values["consent_source"] = consent_source
    return SubscriberInput(values=values, problems=problems)


def _address_label(field: str) -> str:
    return {
        "phone": _("a mobile number"),
        "email": _("an e-mail address"),
        "zalo_user_id": _("a Zalo follower id"),
    }[field]


def require_hamlet_in_scope(hamlet: AdministrativeUnit, by: User | None) -> None:
    if hamlet.level != Level.HAMLET:
        raise ValidationFailed(
            _("Subscribers belong to a hamlet; %(unit)s is not one.") % {"unit": hamlet.name},
            field="hamlet",
        )
    if by is not None and not scope_for_user(by).contains(hamlet):
        raise ValidationFailed(
            _("%(hamlet)s is not in your units.") % {"hamlet": hamlet.name}, field="hamlet"
        )


def taken_message(field: str, other: Subscriber, by: User | None) -> str:
    """The refusal of an address that is already another subscriber's (whose hamlet is named
    only to an officer who may see it)."""
    what = _("This mobile number") if field == "phone" else _("This e-mail address")
    if by is None or scope_for_user(by).contains(other.hamlet):
        return _("%(what)s is already registered for subscriber #%(pk)s (%(hamlet)s).") % {
            "what": what,
            "pk": other.pk,
            "hamlet": other.hamlet.name,
        }
    return _("%(what)s is already registered in another unit.") % {"what": what}


def address_clash(
    *, phone: str, email: str, exclude: int | None, by: User | None
) -> tuple[str, str] | None:
    """(field, message) when ``phone`` or ``email`` is another subscriber's."""
    for field, value in (("phone", phone), ("email", email)):
        if not value:
            continue
        others = Subscriber.objects.select_related("hamlet").filter(**{field: value})
        if exclude is not None:
            others = others.exclude(pk=exclude)
        other = others.first()
        if other is not None:
            return field, taken_message(field, other, by)
    return None


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, field=field)


def _save(subscriber: Subscriber, by: User | None) -> Subscriber:
    """Save with its search name and history; a unique address taken meanwhile is refused."""
    subscriber.search_name = fold(subscriber.name)
    try:
        subscriber.full_clean(exclude=["token", "created_by", "search_name"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=None if field == "__all__" else field) from exc
    subscriber._history_user = by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError as exc:  # another officer registered the address at the same moment
        clash = address_clash(
            phone=subscriber.phone, email=subscriber.email, exclude=subscriber.pk, by=by
        )
        field, message = clash or ("phone", _("This address is already registered."))
        raise ValidationFailed(message, field=field) from exc
    return subscriber


@transaction.atomic
def subscriber_create(
    *,
    hamlet: AdministrativeUnit,
    name: str = "",
    phone: str = "",
    email: str = "",
    zalo_user_id: str = "",
    topics: Iterable[str],
    channels: Iterable[str],
    consent_on: dt.date | None,
    consent_source: str,
    by: User | None,
) -> Subscriber:
    """Register a resident who agreed to receive notices (see the module's rules)."""
    if by is not None:
        require_writer(by)
    require_hamlet_in_scope(hamlet, by)
    checked = subscriber_input(
        name=name,
        phone=phone,
        email=email,
        zalo_user_id=zalo_user_id,
        topics=topics,
        channels=channels,
        consent_on=consent_on,
        consent_source=consent_source,
    )
    _raise_first(checked.problems)
    values = checked.values
    clash = address_clash(phone=values["phone"], email=values["email"], exclude=None, by=by)
    if clash:
        _raise_first([clash])
    subscriber = Subscriber(hamlet=hamlet, token=new_token(), created_by=by, **values)
    return _save(subscriber, by)


@transaction.atomic
def subscriber_update(
    *,
    subscriber: Subscriber,
    version: int | None,
    by: User | None,
    hamlet: AdministrativeUnit,
    name: str = "",
    phone: str = "",
    email: str = "",
    zalo_user_id: str = "",
    topics: Iterable[str],
    channels: Iterable[str],
    consent_on: dt.date | None,
    consent_source: str,
) -> Subscriber:
    """Change a subscriber's data (an unsubscribed one stays unsubscribed: see
    ``subscriber_resubscribe``). ``EditConflict`` when someone changed it since ``version``."""
    if by is not None:
        require_writer(by)
    require_hamlet_in_scope(hamlet, by)
    checked = subscriber_input(
        name=name,
        phone=phone,
        email=email,
        zalo_user_id=zalo_user_id,
        topics=topics,
        channels=channels,
        consent_on=consent_on,
        consent_source=consent_source,
    )
    _raise_first(checked.problems)
    values = {"hamlet": hamlet, **checked.values}
    check_version(subscriber, version, sent=values)
    clash = address_clash(
        phone=values["phone"], email=values["email"], exclude=subscriber.pk, by=by
    )
    if clash:
        _raise_first([clash])
    for field, value in values.items():
        setattr(subscriber, field, value)
    return _save(subscriber, by)


def subscriber_unsubscribe(*, subscriber: Subscriber, reason: str, by: User | None = None) -> bool:
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
        subscriber._history_user = by  # type: ignore[attr-defined]
        subscriber.save(update_fields=["unsubscribed_at", "unsubscribe_reason"])
        messages_cancel_for(subscriber=subscriber)
    return True


@transaction.atomic
def subscriber_unsubscribe_by_officer(
    *, subscriber: Subscriber, version: int | None, by: User
) -> Subscriber:
    """An officer records that a resident asked to stop (in person, by phone): reason
    "officer". A no-op for someone already unsubscribed."""
    require_writer(by)
    check_version(subscriber, version, sent={"unsubscribed_at": None})
    subscriber_unsubscribe(subscriber=subscriber, reason=UnsubscribeReason.OFFICER, by=by)
    subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def subscriber_resubscribe(
    *,
    subscriber: Subscriber,
    version: int | None,
    consent_on: dt.date | None,
    consent_source: str,
    by: User,
) -> Subscriber:
    """Take an unsubscribed resident back on a new consent: its date (not before they left, not
    in the future) and source are required; their old unsubscribe links stop working."""
    require_writer(by)
    check_version(subscriber, version, sent={"unsubscribed_at": subscriber.unsubscribed_at})
    if subscriber.unsubscribed_at is None:
        raise ValidationFailed(_("This subscriber has not unsubscribed."))
    if consent_on is None:
        raise ValidationFailed(
            _("Give the date the resident agreed again to receive notices."), field="consent_on"
        )
    if consent_on < timezone.localdate(subscriber.unsubscribed_at):
        raise ValidationFailed(
            _("The new consent must be given on or after the day they unsubscribed (%(date)s).")
            % {"date": timezone.localdate(subscriber.unsubscribed_at).strftime("%d/%m/%Y")},
            field="consent_on",
        )
    if consent_on > timezone.localdate():
        raise ValidationFailed(_("The consent date cannot be in the future."), field="consent_on")
    if consent_source not in ConsentSource.values:
        raise ValidationFailed(
            _("Say how the resident gave their consent (signed form, portal, …)."),
            field="consent_source",
        )
    subscriber.unsubscribed_at = None
    subscriber.unsubscribe_reason = ""
    subscriber.consent_at = consent_moment(consent_on)
    subscriber.consent_source = consent_source
    subscriber.token = new_token()
    return _save(subscriber, by)
