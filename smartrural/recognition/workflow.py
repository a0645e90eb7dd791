"""Who may move a dossier from which stage to which, and what must hold first.

The table below is the whole workflow; ``services.dossier_move`` applies it. Actors:

- ``unit``: the officers of the dossier's own unit (a commune officer for a commune dossier, a
  district officer for a district dossier) and the province office;
- ``district``: an officer of the district the unit belongs to (inspection, thẩm tra);
- ``province``: the province coordination office (appraisal, decision, announcement).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Stage


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    actor: str  # "unit" | "district" | "province" | "reviewer" (whoever reviews the source stage)
    needs_comment: bool = False


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "self_assess",
            _("Publish the self-assessment"),
            (Stage.REGISTERED, Stage.RETURNED),
            Stage.SELF_ASSESSED,
            "unit",
        ),
        Action("submit", _("Submit the dossier"), (Stage.SELF_ASSESSED,), Stage.SUBMITTED, "unit"),
        Action(
            "inspect", _("Confirm the inspection"), (Stage.SUBMITTED,), Stage.INSPECTED, "district"
        ),
        Action(
            "appraise",
            _("Confirm the appraisal"),
            (Stage.SUBMITTED, Stage.INSPECTED),
            Stage.APPRAISED,
            "province",
        ),
        Action(
            "decide",
            _("Record the recognition decision"),
            (Stage.APPRAISED,),
            Stage.DECIDED,
            "province",
        ),
        Action(
            "announce", _("Announce the recognition"), (Stage.DECIDED,), Stage.ANNOUNCED, "province"
        ),
        Action(
            "return",
            _("Return with reasons"),
            (Stage.SUBMITTED, Stage.INSPECTED, Stage.APPRAISED),
            Stage.RETURNED,
            "reviewer",
            needs_comment=True,
        ),
        Action(
            "revoke",
            _("Revoke the recognition"),
            (Stage.DECIDED, Stage.ANNOUNCED),
            Stage.REVOKED,
            "province",
            needs_comment=True,
        ),
    )
}
