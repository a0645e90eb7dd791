"""The categories' tree, kept by the province office: a category added, corrected, taken out
of the form (deactivated) or put back. None is ever deleted: reports name their category for
good (``on_delete=PROTECT``), and a category nobody used yet is simply deactivated too.

The extra questions are Open311 attributes, checked here (``check_attributes``) whatever the
edge: a list of at most ``MAX_ATTRIBUTES`` questions, each with a unique ``code``, a ``datatype``
of the standard, ``required``, a ``description`` (the question), an ``order`` and, for the list
types only, its ``values`` (``key`` and ``name``).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import check_version

from ..models import Category

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LIST_TYPES = ("singlevaluelist", "multivaluelist")
MAX_ATTRIBUTES = 20
MAX_VALUES = 50
MIN_DEADLINE, MAX_DEADLINE = 1, 60
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="attributes")


def _text(item: dict[str, Any], key: str, where: str, *, limit: int) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _fail(
            _("%(where)s: “%(key)s” must be a text of 1 to %(limit)d characters.")
            % {"where": where, "key": key, "limit": limit}
        )
    return value.strip()


def _values(item: dict[str, Any], where: str) -> list[dict[str, str]]:
    values = item.get("values")
    if item["datatype"] not in LIST_TYPES:
        if values:
            raise _fail(_("%(where)s: only a list question has values.") % {"where": where})
        return []
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_VALUES:
        raise _fail(
            _("%(where)s: a list question needs 1 to %(n)d values.")
            % {"where": where, "n": MAX_VALUES}
        )
    shown, keys = [], set()
    for value in values:
        if not isinstance(value, dict):
            raise _fail(_("%(where)s: each value has a “key” and a “name”.") % {"where": where})
        key = _text(value, "key", where, limit=40)
        if key in keys:
            raise _fail(
                _("%(where)s: the value “%(key)s” is twice.") % {"where": where, "key": key}
            )
        keys.add(key)
        shown.append({"key": key, "name": _text(value, "name", where, limit=120)})
    return shown


def check_attributes(raw: Any) -> list[dict[str, Any]]:
    """The extra questions in their stored shape, or ``ValidationFailed`` saying what is wrong."""
    if not isinstance(raw, list):
        raise _fail(_("The extra questions are a list ([…])."))
    if len(raw) > MAX_ATTRIBUTES:
        raise _fail(_("At most %(n)d extra questions.") % {"n": MAX_ATTRIBUTES})
    checked: list[dict[str, Any]] = []
    codes: set[str] = set()
    for index, item in enumerate(raw, start=1):
        where = _("Question %(n)d") % {"n": index}
        if not isinstance(item, dict):
            raise _fail(_("%(where)s is not an object ({…}).") % {"where": where})
        code = _text(item, "code", where, limit=40)
        if not _CODE.match(code) or code in codes:
            raise _fail(
                _(
                    "%(where)s: the code “%(code)s” is not lower-case letters, digits and "
                    "dashes, or is used twice."
                )
                % {"where": where, "code": code}
            )
        codes.add(code)
        if item.get("datatype") not in DATATYPES:
            raise _fail(
                _("%(where)s: the datatype is one of %(types)s.")
                % {"where": where, "types": ", ".join(DATATYPES)}
            )
        required, order = item.get("required", False), item.get("order", index)
        if not isinstance(required, bool):
            raise _fail(_("%(where)s: “required” is true or false.") % {"where": where})
        if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 1000:
            raise _fail(
                _("%(where)s: “order” is a whole number from 0 to 1000.") % {"where": where}
            )
        checked.append(
            {
                "code": code,
                "datatype": item["datatype"],
                "required": required,
                "description": _text(item, "description", where, limit=300),
                "order": order,
                "values": _values(item, where),
            }
        )
    return sorted(checked, key=lambda a: (a["order"], a["code"]))


def _check(fields: dict[str, Any], category: Category | None) -> dict[str, Any]:
    days = fields["deadline_days"]
    if not MIN_DEADLINE <= days <= MAX_DEADLINE:
        raise ValidationFailed(
            _("The deadline is from %(a)d to %(b)d working days.")
            % {"a": MIN_DEADLINE, "b": MAX_DEADLINE},
            field="deadline_days",
        )
    parent = fields["parent"]
    if parent is not None and (
        parent.parent_id is not None or (category is not None and parent.pk == category.pk)
    ):
        raise ValidationFailed(_("A category's group must be a top-level group."), field="parent")
    if parent is not None and category is not None and category.children.exists():
        raise ValidationFailed(
            _("A group with categories cannot go into another group."), field="parent"
        )
    return {**fields, "attributes": check_attributes(fields["attributes"])}


def _save(category: Category, by: Actor) -> Category:
    category._history_user = by  # type: ignore[attr-defined]
    category.save()
    return category


@transaction.atomic
def category_create(*, code: str, by: Actor, **fields: Any) -> Category:
    """Add a category (province office only). ``fields``: name, description, parent, level,
    role, deadline_days, keywords, attributes, position."""
    require_province_office(by)
    if Category.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("A category with code “%(code)s” already exists.") % {"code": code}, field="code"
        )
    return _save(Category(code=code, **_check(fields, None)), by)


@transaction.atomic
def category_update(
    *, category: Category, version: int | None, by: Actor, **fields: Any
) -> Category:
    """Correct a category (its code, the Open311 service code clients know, stays)."""
    require_province_office(by)
    checked = _check(fields, category)
    check_version(category, version, sent=checked)
    for name, value in checked.items():
        setattr(category, name, value)
    return _save(category, by)


@transaction.atomic
def category_set_active(*, category: Category, active: bool, by: Actor) -> Category:
    """Take a category off the form and Open311 (its reports stay), or put it back."""
    require_province_office(by)
    check_version(category, None, sent={})
    if category.active != active:
        category.active = active
        _save(category, by)
    return category
