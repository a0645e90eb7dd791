"""A writer in scope proposes a commune (smart commune) or a hamlet (smart hamlet) with its
outstanding field (``candidate_propose``) and may withdraw it while proposed; the province
office scores it and selects it or not, with the decision's reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office, require_writer
from smartrural.accounts.actor import Actor
from smartrural.core.dates import today
from smartrural.core.errors import ValidationFailed
from smartrural.core.versioning import (
    EditConflict,
    FieldConflict,
    check_version,
    row_conflicts,
)
from smartrural.geo.models import Level

from ...access import unit_for_writing
from ...models import (
    CandidateScore,
    CandidateStatus,
    PilotCandidate,
    PilotKind,
    ScoringCriterion,
)
from ..selectors import reference_date, score_sheet
from .common import (
    UNIT_LEVEL,
    _actor,
    _locked,
    _require_proposed,
    _require_unit_writer,
    _stamp,
    _year,
)

# --- Candidates -----------------------------------------------------------------------------


@transaction.atomic
def candidate_propose(
    *,
    unit_code: str,
    kind: str,
    year: int,
    field: str,
    description: str = "",
    by: Actor,
) -> PilotCandidate:
    """Propose a commune (smart commune) or a hamlet (smart hamlet) of ``by``'s units for
    ``year``. The code is looked up on 1 July of that year. One candidate per unit, kind and
    year."""
    require_writer(by)
    year_n = _year(year, latest=today().year + 1)
    text = description
    unit = unit_for_writing(by, unit_code, on=reference_date(year_n))
    expected = UNIT_LEVEL[PilotKind(kind)]
    if unit.level != expected:
        message = (
            _("A smart commune candidate is a commune; %(unit)s is not one.")
            if expected == Level.COMMUNE
            else _("A smart hamlet candidate is a hamlet; %(unit)s is not one.")
        )
        raise ValidationFailed(message % {"unit": unit.name}, field="unit")
    existing = PilotCandidate.objects.filter(unit=unit, kind=kind, year=year_n).first()
    if existing is not None:
        raise ValidationFailed(
            _(
                "%(unit)s is already a %(kind)s candidate for %(year)s "
                "(status: %(status)s): a unit is proposed once per kind and year."
            )
            % {
                "unit": unit.name,
                "kind": PilotKind(kind).label.lower(),
                "year": year_n,
                "status": existing.get_status_display().lower(),
            },
            field="unit",
        )
    candidate = PilotCandidate(
        unit=unit,
        kind=kind,
        year=year_n,
        field=field,
        description=text,
        proposed_by=_actor(by),
    )
    _stamp(candidate, by)
    candidate.save()
    return candidate


@dataclass(frozen=True)
class ScoreInput:
    """One line of the score sheet: ``score`` None leaves the criterion unscored. ``version``:
    the one of the stored score the writer read (``NOT_STORED``: none; None: not checked)."""

    score: int | None
    comment: str = ""
    version: int | None = None


@transaction.atomic
def candidate_scores_set(
    *, candidate: PilotCandidate, scores: Mapping[int, ScoreInput], by: Actor
) -> PilotCandidate:
    """The province office enters the scores of a proposed candidate, keyed by criterion id:
    whole numbers from 0 to each criterion's maximum, on the criteria in use for its kind.
    Criteria left out are left as they are; a score changed since the writer read it (its
    ``version``) is an ``EditConflict`` and nothing is written."""
    require_province_office(by)
    candidate = _locked(candidate)
    _require_proposed(
        candidate, _("Scores change only while the candidate is proposed; it is %(status)s.")
    )
    criteria = {c.pk: c for c in ScoringCriterion.objects.filter(kind=candidate.kind, active=True)}
    checked: dict[int, tuple[int | None, str]] = {}
    for criterion_id, line in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationFailed(_("This criterion is not on the candidate's scoring sheet."))
        field = f"score_{criterion.pk}"
        comment = line.comment
        if line.score is None:
            checked[criterion_id] = (None, comment)
            continue
        # The sheet's maximum may have changed since the form was made from it.
        if not 0 <= line.score <= criterion.max_score:
            label = _("The score for %(code)s") % {"code": criterion.code}
            raise ValidationFailed(
                _("%(label)s must be a whole number from %(low)s to %(high)s.")
                % {"label": label, "low": 0, "high": criterion.max_score},
                field=field,
            )
        checked[criterion_id] = (line.score, comment)
    existing = {s.criterion_id: s for s in candidate.scores.select_for_update()}
    meanwhile: list[FieldConflict] = []
    for criterion_id, (given, comment) in checked.items():
        meanwhile += row_conflicts(
            CandidateScore,
            existing.get(criterion_id),
            scores[criterion_id].version,
            sent={"score": given, "comment": comment},
            row=str(criterion_id),
            row_label=criteria[criterion_id].code,
        )
    if meanwhile:
        raise EditConflict(meanwhile)
    for criterion_id, (given, comment) in checked.items():
        row = existing.get(criterion_id)
        if given is None:
            if row is not None:
                _stamp(row, by)
                row.delete()
            continue
        if row is not None and row.score == given and row.comment == comment:
            continue
        if row is None:
            row = CandidateScore(candidate=candidate, criterion=criteria[criterion_id])
        row.score, row.comment, row.scored_by = given, comment, _actor(by)
        _stamp(row, by)
        row.save()
    return candidate


@transaction.atomic
def candidate_decide(
    *,
    candidate: PilotCandidate,
    selected: bool,
    decision: str,
    version: int | None = None,
    by: Actor,
) -> PilotCandidate:
    """The province office selects a proposed candidate, or does not, citing its decision.
    Selecting needs every criterion in use scored. ``EditConflict`` when the candidate changed
    since the writer read it at ``version`` (another officer decided or withdrew it)."""
    require_province_office(by)
    candidate = _locked(candidate)
    status = CandidateStatus.SELECTED if selected else CandidateStatus.NOT_SELECTED
    reference = str(decision or "").strip()
    check_version(candidate, version, sent={"status": status, "decision": reference})
    _require_proposed(
        candidate, _("Only a proposed candidate is selected or not; this one is %(status)s.")
    )
    if not reference:
        raise ValidationFailed(
            _("Give the reference of the decision, e.g. “QĐ 123/QĐ-UBND ngày 01/03/2023”."),
            field="decision",
        )
    if len(reference) > 200:
        raise ValidationFailed(
            _("The decision reference is too long (at most 200 characters)."), field="decision"
        )
    if selected:
        missing = score_sheet(candidate).missing
        if missing:
            raise ValidationFailed(
                _("Score every criterion before selecting; not scored yet: %(codes)s.")
                % {"codes": ", ".join(c.code for c in missing)},
                field="decision",
            )
    candidate.status = status
    candidate.decision = reference
    _stamp(candidate, by)
    candidate.save()
    return candidate


@transaction.atomic
def candidate_withdraw(
    *, candidate: PilotCandidate, version: int | None = None, by: Actor
) -> PilotCandidate:
    """The proposing side (a writer whose units hold the candidate) withdraws it while it is
    proposed (``EditConflict`` when it changed since the writer read it at ``version``)."""
    _require_unit_writer(by, candidate.unit)
    candidate = _locked(candidate)
    check_version(candidate, version, sent={"status": CandidateStatus.WITHDRAWN})
    _require_proposed(
        candidate, _("Only a proposed candidate can be withdrawn; this one is %(status)s.")
    )
    candidate.status = CandidateStatus.WITHDRAWN
    _stamp(candidate, by)
    candidate.save()
    return candidate
