"""Writers in scope assess their hamlets against the checklist each year (``hamlet_assess``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import (
    EditConflict,
    FieldConflict,
    row_conflicts,
)
from smartrural.geo.models import AdministrativeUnit, Level

from ...models import (
    HamletAssessment,
    SmartHamletItem,
)
from ..selectors import reference_date
from .common import (
    _actor,
    _require_unit_writer,
    _stamp,
    _year,
)

# --- Smart-hamlet assessments ---------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One checklist item assessed: met or not, with a comment. ``version``: the one of the
    stored assessment the writer read (``NOT_STORED``: none; None: not checked)."""

    met: bool
    comment: str = ""
    version: int | None = None


@transaction.atomic
def hamlet_assess(
    *, hamlet: AdministrativeUnit, year: int, answers: Mapping[int, Answer], by: Actor
) -> list[HamletAssessment]:
    """Assess ``hamlet`` for ``year`` against every checklist item in use (keyed by item id):
    each item is answered now or was before (items left out keep their stored answer). The
    hamlet must exist on 1 July of that year, and the year not be in the future. An answer
    changed since the writer read it (its ``version``) is an ``EditConflict``; nothing is
    written."""
    _require_unit_writer(by, hamlet)
    if hamlet.level != Level.HAMLET:
        raise ValidationFailed(_("Only hamlets are assessed against the smart-hamlet checklist."))
    year_n = _year(year, latest=today().year)
    if not hamlet.is_valid_on(reference_date(year_n)):
        raise ValidationFailed(
            _("%(hamlet)s did not exist on 01/07/%(year)s.")
            % {"hamlet": hamlet.name, "year": year_n},
            field="year",
        )
    items = list(SmartHamletItem.objects.filter(active=True))
    known = {item.pk for item in items}
    if set(answers) - known:
        raise ValidationFailed(_("This item is not on the smart-hamlet checklist."))
    existing = {
        a.item_id: a
        for a in HamletAssessment.objects.select_for_update().filter(hamlet=hamlet, year=year_n)
    }
    for item in items:
        if item.pk not in answers and item.pk not in existing:
            raise ValidationFailed(
                _("Say whether “%(item)s” is met.") % {"item": item.name}, field=f"met_{item.pk}"
            )
    comments = {pk: answer.comment for pk, answer in answers.items()}
    meanwhile: list[FieldConflict] = []
    for item in items:
        if item.pk in answers:
            meanwhile += row_conflicts(
                HamletAssessment,
                existing.get(item.pk),
                answers[item.pk].version,
                sent={"met": bool(answers[item.pk].met), "comment": comments[item.pk]},
                row=str(item.pk),
                row_label=item.code,
            )
    if meanwhile:
        raise EditConflict(meanwhile)
    saved: list[HamletAssessment] = []
    for item in items:
        if item.pk not in answers:
            saved.append(existing[item.pk])  # kept as stored (checked above)
            continue
        row = existing.get(item.pk)
        answer = answers[item.pk]
        comment = comments[item.pk]
        if row is not None and row.met == bool(answer.met) and row.comment == comment:
            saved.append(row)
            continue
        if row is None:
            row = HamletAssessment(hamlet=hamlet, item=item, year=year_n)
        row.met, row.comment, row.assessed_by = bool(answer.met), comment, _actor(by)
        _stamp(row, by)
        row.save()
        saved.append(row)
    return saved
