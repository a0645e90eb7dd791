"""Writes of programme officials: create, edit, deactivate and reactivate. Every change is kept
in the official's history.

Officials belong to a province, district or commune unit in the writer's scope. Within a unit an
identifier (when given) names one official; officials without an identifier are told apart by
their name, so a second official of the same name needs an identifier.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.core.errors import ValidationFailed
from smartrural.core.text import fold
from smartrural.core.textcheck import name_or_fail
from smartrural.core.versioning import check_version
from smartrural.geo.models import AdministrativeUnit

from ...models import Official
from ..selectors import OFFICIAL_LEVELS

COLUMNS = {
    "unit": gettext_lazy("Unit code"),
    "full_name": gettext_lazy("Full name"),
    "position": gettext_lazy("Position"),
    "identifier": gettext_lazy("Identifier"),
    "active": gettext_lazy("Active"),
}
LABELS = {
    **COLUMNS,
    "title": gettext_lazy("Title"),
    "topic": gettext_lazy("Topic"),
    "place": gettext_lazy("Place"),
    "organiser": gettext_lazy("Organiser"),
}
_YES = frozenset({"co", "yes", "y", "1", "true", "x", "dang cong tac"})
_NO = frozenset({"khong", "no", "n", "0", "false", "nghi", "da nghi"})


def clean_text(value: Any, *, name: str, max_length: int, required: bool = True) -> str:
    """``value`` checked as a name (``core.textcheck``: no control, direction or zero-width
    characters) with runs of white space made one space; ``ValidationFailed`` when it is
    required and empty, too long or holds such a character. (Imports read cells through it:
    a number from Excel is its text.)"""
    label = str(LABELS.get(name, name))
    if value is None or (isinstance(value, str) and not value.strip()):
        text = ""
    else:
        text = " ".join(name_or_fail(value, field=name, max_length=max_length, label=label).split())
    if required and not text:
        raise ValidationFailed(_("%(label)s is required.") % {"label": label}, field=name)
    return text


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_active(value: Any) -> bool | None:
    """có/không, yes/no, 1/0 (any case, with or without diacritics); None when blank."""
    if value is None or isinstance(value, bool):
        return value
    text = fold(str(value))
    if text.endswith(".0"):  # a number read from Excel
        text = text[:-2]
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationFailed(
        _("“%(value)s” is not a yes/no value: write có or không (yes or no, 1 or 0).")
        % {"value": value},
        field="active",
    )


def check_unit(unit: AdministrativeUnit, by: Any) -> None:
    if unit.level not in OFFICIAL_LEVELS:
        raise ValidationFailed(
            _("Officials belong to a province, district or commune; %(unit)s is not one.")
            % {"unit": unit.name},
            field="unit",
        )
    if not scope_for_user(by).contains(unit):
        raise ValidationFailed(
            _("%(unit)s is not among your units.") % {"unit": unit.name}, field="unit"
        )


def _check_unique(
    *, unit: AdministrativeUnit, full_name: str, identifier: str, exclude: int | None
) -> None:
    others = Official.objects.filter(unit=unit).only("full_name", "identifier")
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if identifier:
        if any(o.identifier.casefold() == identifier.casefold() for o in others):
            raise ValidationFailed(
                _("Another official of %(unit)s already has the identifier “%(id)s”.")
                % {"unit": unit.name, "id": identifier},
                field="identifier",
            )
        return
    if any(name_key(o.full_name) == name_key(full_name) for o in others):
        raise ValidationFailed(
            _(
                "%(name)s already works in %(unit)s: give an identifier (e.g. an e-mail or a "
                "staff number) to tell two officials of the same name apart."
            )
            % {"name": full_name, "unit": unit.name},
            field="identifier",
        )


def save_official(official: Official, by: Any) -> Official:
    official._history_user = by if getattr(by, "pk", None) else None  # type: ignore[attr-defined]
    official.save()
    return official


@transaction.atomic
def official_create(
    *,
    unit: AdministrativeUnit,
    full_name: str,
    position: str,
    identifier: str = "",
    active: bool = True,
    by: Any,
) -> Official:
    """Add an official to ``unit`` (``ValidationFailed``; ``PermissionDenied`` read-only)."""
    require_writer(by)
    check_unit(unit, by)
    name = clean_text(full_name, name="full_name", max_length=200)
    title = clean_text(position, name="position", max_length=200)
    key = clean_text(identifier, name="identifier", max_length=100, required=False)
    _check_unique(unit=unit, full_name=name, identifier=key, exclude=None)
    official = Official(unit=unit, full_name=name, position=title, identifier=key, active=active)
    return save_official(official, by)


@transaction.atomic
def official_update(
    *,
    official: Official,
    unit: AdministrativeUnit,
    full_name: str,
    position: str,
    identifier: str = "",
    version: int | None = None,
    by: Any,
) -> Official:
    """Correct an official's unit, name, position or identifier (nothing saved if unchanged;
    ``EditConflict`` when the official changed since the writer read it at ``version``)."""
    require_writer(by)
    check_unit(official.unit, by)
    check_unit(unit, by)
    name = clean_text(full_name, name="full_name", max_length=200)
    title = clean_text(position, name="position", max_length=200)
    key = clean_text(identifier, name="identifier", max_length=100, required=False)
    sent = {"unit": unit, "full_name": name, "position": title, "identifier": key}
    check_version(official, version, sent=sent)
    _check_unique(unit=unit, full_name=name, identifier=key, exclude=official.pk)
    new = (unit.pk, name, title, key)
    if new == (official.unit_id, official.full_name, official.position, official.identifier):
        return official
    official.unit, official.full_name, official.position, official.identifier = (
        unit,
        name,
        title,
        key,
    )
    return save_official(official, by)


@transaction.atomic
def official_set_active(*, official: Official, active: bool, by: Any) -> Official:
    """Deactivate (left the programme) or reactivate an official; a no-op when already so."""
    require_writer(by)
    check_unit(official.unit, by)
    check_version(official, None, sent={})
    if official.active == active:
        return official
    official.active = active
    return save_official(official, by)
