"""Writes of community technology teams (Tổ công nghệ số cộng đồng): the team, its members and
what it helped households with. Every rule is checked here; views only shape the input.

A team hangs off a hamlet or a commune; the unit is looked up by its code on the day the team was
established. Readers of the scope get 403 (``PermissionDenied``), broken rules ``ValidationFailed``
with the field they concern.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_writer
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version
from smartrural.geo.models import Level
from smartrural.transformation.access import unit_for_writing
from smartrural.transformation.models import (
    ActivityKind,
    CommunityTechTeam,
    TeamActivity,
    TeamMember,
)

TEAM_LEVELS = frozenset({Level.HAMLET, Level.COMMUNE})
MAX_HOUSEHOLDS = 100_000  # more than any commune has: a typing mistake, not a record
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(\+84\d{9,10}|\d{10,11})$")


def _user(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s is at most %(n)s characters long.") % {"label": label, "n": max_length},
            field=field,
        )
    return text


def normalise_phone(value: Any) -> str:
    """A Vietnamese phone number without separators, or "" when none is given.

    Loose on purpose: 10 or 11 digits, or +84 followed by the number without its leading 0.
    Spaces, dots, dashes and brackets are dropped.
    """
    text = _PHONE_SEPARATORS.sub("", str(value or ""))
    if not text:
        return ""
    if not _PHONE.match(text):
        raise ValidationFailed(
            _(
                "“%(value)s” is not a Vietnamese phone number: write 10 or 11 digits "
                "(e.g. 0912 345 678), or +84 followed by the number."
            )
            % {"value": str(value).strip()},
            field="phone",
        )
    return text


def _established(value: dt.date) -> dt.date:
    if value > today():
        raise ValidationFailed(
            _("The establishment date %(date)s is in the future.")
            % {"date": value.strftime("%d/%m/%Y")},
            field="established",
        )
    return value


def _check_name_free(*, team: CommunityTechTeam) -> None:
    others = CommunityTechTeam.objects.filter(unit=team.unit)
    if team.pk:
        others = others.exclude(pk=team.pk)
    # Compared in Python: SQLite folds the case of ASCII letters only ("Ấp" vs "ấp").
    if team.name.casefold() in {name.casefold() for name in others.values_list("name", flat=True)}:
        raise ValidationFailed(
            _("%(unit)s already has a team named “%(name)s”.")
            % {"unit": team.unit.name, "name": team.name},
            field="name",
        )


def _save_team(team: CommunityTechTeam, by: Any) -> CommunityTechTeam:
    team._history_user = _user(by)  # type: ignore[attr-defined]
    team.save()
    return team


@transaction.atomic
def team_create(*, unit_code: str, name: str, established: dt.date, by: Any) -> CommunityTechTeam:
    """Set up a team for the hamlet or commune with ``unit_code`` on ``established``."""
    require_writer(by)
    established = _established(established)
    unit = unit_for_writing(by, unit_code, on=established, levels=TEAM_LEVELS)
    team = CommunityTechTeam(
        unit=unit,
        name=_text(name, field="name", label=_("The name"), max_length=200, required=True),
        established=established,
    )
    _check_name_free(team=team)
    return _save_team(team, by)


@transaction.atomic
def team_update(
    *,
    team: CommunityTechTeam,
    unit_code: str,
    name: str,
    established: dt.date,
    version: int | None = None,
    by: Any,
) -> CommunityTechTeam:
    """Correct a team's unit, name or establishment date. Recorded activities must stay on or
    after the establishment date. ``version``: the one the writer read (``EditConflict`` when
    the team changed since)."""
    require_writer(by)
    established = _established(established)
    unit = unit_for_writing(by, unit_code, on=established, levels=TEAM_LEVELS)
    clean_name = _text(name, field="name", label=_("The name"), max_length=200, required=True)
    sent = {"unit": unit, "name": clean_name, "established": established}
    check_version(team, version, sent=sent)
    first = team.activities.order_by("date").values_list("date", flat=True).first()
    if first is not None and first < established:
        raise ValidationFailed(
            _(
                "The team has an activity on %(date)s, before %(established)s: the team cannot "
                "have been established later than its first activity."
            )
            % {"date": first.strftime("%d/%m/%Y"), "established": established.strftime("%d/%m/%Y")},
            field="established",
        )
    team.unit = unit
    team.name = clean_name
    team.established = established
    _check_name_free(team=team)
    return _save_team(team, by)


@transaction.atomic
def team_set_active(
    *, team: CommunityTechTeam, active: bool, by: Any, on: dt.date | None = None
) -> CommunityTechTeam:
    """Deactivate (a team that stopped working ``on``, default today) or reactivate a team; no
    change, no record. The day keeps past years' coverage true."""
    require_writer(by)
    check_version(team, None, sent={})
    if team.active == active:
        return team
    day = on or timezone.localdate()
    if not active and (day > timezone.localdate() or day < team.established):
        raise ValidationFailed(
            _("A team stops between its establishment (%(established)s) and today.")
            % {"established": team.established.strftime("%d/%m/%Y")},
            field="on",
        )
    team.active = active
    team.inactive_since = None if active else day
    _save_team(team, by)
    return team


def _member_fields(*, full_name: Any, role: Any, phone: Any) -> dict[str, str]:
    return {
        "full_name": _text(
            full_name, field="full_name", label=_("The full name"), max_length=200, required=True
        ),
        "role": _text(role, field="role", label=_("The role"), max_length=100, required=False),
        "phone": normalise_phone(phone),
    }


def _save_member(member: TeamMember, by: Any) -> TeamMember:
    member._history_user = _user(by)  # type: ignore[attr-defined]
    member.save()
    return member


def _require_active(team: CommunityTechTeam) -> None:
    if not team.active:
        raise ValidationFailed(
            _("%(team)s is inactive: reactivate it first.") % {"team": team.name}
        )


@transaction.atomic
def member_add(
    *, team: CommunityTechTeam, full_name: str, role: str = "", phone: str = "", by: Any
) -> TeamMember:
    require_writer(by)
    _require_active(team)
    fields = _member_fields(full_name=full_name, role=role, phone=phone)
    return _save_member(TeamMember(team=team, **fields), by)


@transaction.atomic
def member_update(
    *,
    member: TeamMember,
    full_name: str,
    role: str = "",
    phone: str = "",
    version: int | None = None,
    by: Any,
) -> TeamMember:
    """Correct a member (``EditConflict`` when the member changed since ``version``)."""
    require_writer(by)
    fields = _member_fields(full_name=full_name, role=role, phone=phone)
    check_version(member, version, sent=fields)
    for name, value in fields.items():
        setattr(member, name, value)
    return _save_member(member, by)


@transaction.atomic
def member_set_active(*, member: TeamMember, active: bool, by: Any) -> TeamMember:
    require_writer(by)
    check_version(member, None, sent={})
    if member.active != active:
        if active:
            _require_active(member.team)
        member.active = active
        _save_member(member, by)
    return member


def _households(value: Any) -> int:
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"-?\d+", text):
        raise ValidationFailed(
            _("The number of households must be a whole number, not “%(value)s”.")
            % {"value": text},
            field="households",
        )
    number = int(text)
    if number < 0:
        raise ValidationFailed(
            _("The number of households cannot be negative."), field="households"
        )
    if number > MAX_HOUSEHOLDS:
        raise ValidationFailed(
            _("%(n)s households is more than any commune has: check the number.") % {"n": number},
            field="households",
        )
    return number


@transaction.atomic
def activity_record(
    *,
    team: CommunityTechTeam,
    date: dt.date,
    kind: str,
    households: Any,
    note: str = "",
    by: Any,
) -> TeamActivity:
    """Record what the team helped households with on ``date`` (not in the future, not before
    the team was established)."""
    require_writer(by)
    _require_active(team)
    if date > today():
        raise ValidationFailed(
            _("The date %(date)s is in the future.") % {"date": date.strftime("%d/%m/%Y")},
            field="date",
        )
    if date < team.established:
        raise ValidationFailed(
            _("The date %(date)s is before the team was established (%(established)s).")
            % {
                "date": date.strftime("%d/%m/%Y"),
                "established": team.established.strftime("%d/%m/%Y"),
            },
            field="date",
        )
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("Unknown kind of help “%(kind)s”.") % {"kind": kind}, field="kind")
    activity = TeamActivity(
        team=team,
        date=date,
        kind=kind,
        households=_households(households),
        note=_text(note, field="note", label=_("The note"), max_length=500, required=False),
        recorded_by=_user(by),
    )
    activity._history_user = _user(by)  # type: ignore[attr-defined]
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: TeamActivity, by: Any) -> None:
    """Remove an activity recorded by mistake (the deletion stays in its history)."""
    require_writer(by)
    activity._history_user = _user(by)  # type: ignore[attr-defined]
    activity.delete()
