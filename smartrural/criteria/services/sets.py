"""Writes of criteria sets: import set files as versions, derive and edit provincial variants.

A set's versions are immutable; a change makes a new version, and importing a definition equal
to the current version changes nothing. A provincial variant is stored as a full definition
(``criteria.variants``). ``by`` is None where the system itself loads the shipped sets.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.errors import ValidationFailed

from ..definition import CONFIRMED, SetDefinition
from ..models import CriteriaSet, CriteriaSetVersion
from ..selectors import current_definition, version_required
from ..setfile import (
    Problems,
    definition_from_json,
    definition_to_json,
    parse_set_file,
    parse_thresholds,
)
from ..shipped import DATA_DIR, NATIONAL_FILES
from ..variants import merge_thresholds, no_indicator, replace_indicator, resolve_variant


def _store(
    *, criteria_set: CriteriaSet, definition: SetDefinition, by: Actor | None, note: str
) -> CriteriaSetVersion:
    """A new version if ``definition`` differs from the current one; else the current one."""
    data = definition_to_json(definition)
    current = criteria_set.versions.order_by("-number").first()
    if current is not None and current.definition == data:
        return current
    if (criteria_set.name, criteria_set.legal_basis) != (definition.name, definition.legal_basis):
        criteria_set.name = definition.name
        criteria_set.legal_basis = definition.legal_basis
        criteria_set.save(update_fields=["name", "legal_basis"])
    return CriteriaSetVersion.objects.create(
        criteria_set=criteria_set,
        number=current.number + 1 if current else 1,
        definition=data,
        note=note[:300],
        created_by=by,
    )


@transaction.atomic
def criteria_set_import(
    *, definition: SetDefinition, by: Actor | None = None, note: str = ""
) -> CriteriaSetVersion:
    """Create the set, or a new version of it only if the definition changed (idempotent).

    An unresolved variant (from ``parse_set_file``) is resolved against its base set's current
    version first; the stored definition is always complete.
    """
    base_set: CriteriaSet | None = None
    if definition.base is not None:
        base_set = CriteriaSet.objects.filter(code=definition.base).first()
        if base_set is None:
            raise ValidationFailed(
                _("The base set %(code)s is not imported yet.") % {"code": definition.base},
                field="base",
            )
        if "variant" in definition.extra:
            version = version_required(base_set)
            definition = resolve_variant(
                definition,
                base=definition_from_json(version.definition),
                base_version=version.number,
            )
    if definition.requires and not CriteriaSet.objects.filter(code=definition.requires).exists():
        raise ValidationFailed(
            _("The required set %(code)s is not imported yet.") % {"code": definition.requires},
            field="requires",
        )
    criteria_set = CriteriaSet.objects.select_for_update().filter(code=definition.code).first()
    if criteria_set is None:
        criteria_set = CriteriaSet.objects.create(
            code=definition.code,
            name=definition.name,
            base=base_set,
            unit_level=definition.unit_level,
        )
    elif criteria_set.base_id != (base_set.pk if base_set else None):
        raise ValidationFailed(
            _("The set %(code)s already exists with another base.") % {"code": definition.code},
            field="base",
        )
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)


def load_national_sets(*, by: Actor | None = None) -> list[CriteriaSetVersion]:
    """Import every shipped national set file (idempotent); returns their current versions."""
    return [
        criteria_set_import(
            definition=parse_set_file(DATA_DIR / f"{code}.yaml"),
            by=by,
            note=_("Imported from %(file)s") % {"file": f"{code}.yaml"},
        )
        for code in NATIONAL_FILES
    ]


@transaction.atomic
def criteria_set_derive(
    *, base: CriteriaSet, code: str, name: str, by: Actor
) -> CriteriaSetVersion:
    """A provincial variant of ``base`` that starts identical to its current version."""
    if CriteriaSet.objects.filter(code=code).exists():
        raise ValidationFailed(_("A set %(code)s already exists.") % {"code": code}, field="code")
    version = version_required(base)
    definition = dataclasses.replace(
        definition_from_json(version.definition),
        code=code,
        name=name,
        base=base.code,
        base_version=version.number,
        extra={},
    )
    criteria_set = CriteriaSet.objects.create(
        code=code, name=name, base=base, unit_level=definition.unit_level
    )
    note = _("Derived from %(code)s v%(n)s") % {"code": base.code, "n": version.number}
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)


@transaction.atomic
def criteria_set_override_threshold(
    *,
    criteria_set: CriteriaSet,
    indicator_code: str,
    value: Decimal | int | str | list[str] | tuple[str, ...],
    region: str | None = None,
    commune_group: int | None = None,
    year: int | None = None,
    by: Actor,
    note: str,
    provenance: str = CONFIRMED,
    source: str = "",
) -> CriteriaSetVersion:
    """A new version of a variant with one threshold set (replaced or added for that case).

    National sets are never edited here: a province derives a variant first. The value is the
    province's own decision, hence ``confirmed`` unless told otherwise; ``source`` defaults to
    the note.
    """
    if criteria_set.base_id is None:
        raise ValidationFailed(
            _(
                "%(code)s is a national set and cannot be edited; derive a provincial variant "
                "and change the variant."
            )
            % {"code": criteria_set.code},
        )
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    definition = current_definition(criteria_set)
    crit = next(
        (c for c in definition.criteria for i in c.indicators if i.code == indicator_code), None
    )
    if crit is None:
        raise ValidationFailed(
            no_indicator(indicator_code, criteria_set.code), field="indicator_code"
        )
    ind = next(i for i in crit.indicators if i.code == indicator_code)
    raw = {
        "value": list(value) if isinstance(value, tuple) else value,
        "region": region,
        "commune_group": commune_group,
        "year": year,
        "provenance": provenance,
        "source": source or note,
        "placeholder": provenance != CONFIRMED,
    }
    if isinstance(raw["value"], Decimal):
        raw["value"] = str(raw["value"])
    p = Problems()
    period = (definition.valid_from_year, definition.valid_to_year)
    new = parse_thresholds(
        [raw], "threshold", p, (ind.value_type, ind.comparator, ind.choices), period
    )
    p.raise_if_any()
    updated = dataclasses.replace(ind, thresholds=merge_thresholds(ind.thresholds, new))
    definition = dataclasses.replace(
        definition,
        criteria=tuple(
            replace_indicator(c, updated) if c.number == crit.number else c
            for c in definition.criteria
        ),
    )
    return _store(criteria_set=criteria_set, definition=definition, by=by, note=note)
