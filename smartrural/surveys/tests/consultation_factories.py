"""Consultations built through the services for tests: a dossier of commune A at the stage
"self-assessed, published for opinions", its consultation open around today, opinions."""

from __future__ import annotations

import datetime as dt

from smartrural.core.dates import today
from smartrural.recognition.models import Dossier
from smartrural.recognition.services import dossier_move
from smartrural.recognition.tests.pages_support import met_set, register
from smartrural.testing import Personas

from ..models import Consultation, Opinion
from ..services.consultations import consultation_create, opinion_submit


def registered_dossier(personas: Personas) -> Dossier:
    return register(personas, met_set(personas))


def self_assessed_dossier(personas: Personas) -> Dossier:
    return dossier_move(
        dossier=registered_dossier(personas), action_name="self_assess", by=personas.commune_a
    )


def open_consultation(
    personas: Personas,
    *,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Consultation:
    """Commune A's consultation on its self-assessment, from yesterday to tomorrow unless
    said otherwise."""
    day = today()
    return consultation_create(
        dossier=self_assessed_dossier(personas),
        title="Lấy ý kiến về kết quả tự đánh giá xã Ngãi Xuyên",
        summary="Kết quả tự đánh giá 19/19 tiêu chí.",
        opens_on=opens_on or day - dt.timedelta(days=1),
        closes_on=closes_on or day + dt.timedelta(days=1),
        by=personas.commune_a,
    )


def other_consultation(personas: Personas) -> Consultation:
    """Commune B's consultation on another subject, open around today."""
    day = today()
    return consultation_create(
        unit=personas.commune_b_unit,
        title="Lấy ý kiến về quy chế dân chủ ở cơ sở",
        opens_on=day - dt.timedelta(days=1),
        closes_on=day + dt.timedelta(days=1),
        by=personas.commune_b,
    )


def opinion(
    consultation: Consultation,
    stance: str = "comment",
    *,
    text: str | None = None,
    name: str = "",
    phone: str = "",
) -> Opinion:
    if text is None:
        text = "Đường liên ấp đã được nâng cấp." if stance == "comment" else ""
    return opinion_submit(
        consultation=consultation, stance=stance, text=text, name=name, phone=phone
    )
