"""Who may move a dossier from which stage to which, what must hold first, and what each
level asks of the unit and who decides it.

``LEVEL_RULES`` says, per target level (QĐ 18/2022/QĐ-TTg, Điều 3; QĐ 318, 319, 320): the
units that may seek it, the deciding authority, and the level a criteria set must award to
judge it. ``ACTIONS`` is the whole workflow; ``services.dossier_move`` applies it. Actors:

- ``unit``: the officers of the dossier's own unit (a commune officer for a commune dossier, a
  district officer for a district dossier) and the province office;
- ``district``: an officer of the district the unit belongs to (inspection, thẩm tra);
- ``province``: the province coordination office (appraisal, decision, announcement).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from smartrural.geo.models import Kind, Level

from .models import Authority, Stage, TargetLevel


@dataclass(frozen=True)
class LevelRule:
    unit_level: str  # geo Level of the units that seek it
    unit_kinds: frozenset[str]  # geo Kinds of those units
    authority: str  # Authority deciding the recognition and its revocation
    set_awards: str  # the level a criteria set awards when it judges this level
    # Whose values must also meet the advanced commune set (QĐ 318 Phụ lục II) in the
    # dossier's year before the decision.
    needs_advanced_set: bool = False


_COMMUNES = frozenset({Kind.COMMUNE})
_DISTRICTS = frozenset({Kind.RURAL_DISTRICT})
_TOWNS = frozenset({Kind.TOWN, Kind.PROVINCIAL_CITY})

LEVEL_RULES: dict[str, LevelRule] = {
    # The chair of the provincial People's Committee recognises communes (a phường or thị trấn
    # is not a xã: it follows urban standards).
    TargetLevel.NTM: LevelRule(Level.COMMUNE, _COMMUNES, Authority.PROVINCIAL_CHAIR, "ntm"),
    TargetLevel.ADVANCED: LevelRule(
        Level.COMMUNE, _COMMUNES, Authority.PROVINCIAL_CHAIR, "advanced", needs_advanced_set=True
    ),
    TargetLevel.MODEL: LevelRule(
        Level.COMMUNE, _COMMUNES, Authority.PROVINCIAL_CHAIR, "model", needs_advanced_set=True
    ),
    # The Prime Minister recognises district-level units: a huyện "đạt chuẩn", a thị xã or
    # thành phố thuộc tỉnh "hoàn thành nhiệm vụ xây dựng nông thôn mới" (never "huyện NTM").
    TargetLevel.DISTRICT_NTM: LevelRule(
        Level.DISTRICT, _DISTRICTS, Authority.PRIME_MINISTER, "district_ntm"
    ),
    TargetLevel.DISTRICT_ADVANCED: LevelRule(
        Level.DISTRICT, _DISTRICTS, Authority.PRIME_MINISTER, "district_advanced"
    ),
    TargetLevel.TOWN_COMPLETED: LevelRule(
        Level.DISTRICT, _TOWNS, Authority.PRIME_MINISTER, "district_ntm"
    ),
}
# The district-level units' levels, counted together ("đơn vị cấp huyện đạt chuẩn/hoàn thành
# nhiệm vụ xây dựng NTM").
DISTRICT_UNIT_LEVELS = (TargetLevel.DISTRICT_NTM, TargetLevel.TOWN_COMPLETED)


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
