"""Surveys with answers for the results tests: answered through ``response_record`` as a
household would, so the counts are those the product stores."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import hamlet_create

from ..models import Channel, Survey
from ..services.responses import response_record
from .factories import OPENS


def hamlet_b(commune_b: AdministrativeUnit) -> AdministrativeUnit:
    """A hamlet of Kim Sơn (commune B): the personas have one hamlet only, in Ngãi Xuyên."""
    return hamlet_create(commune=commune_b, code=f"{commune_b.code}01", name="Ấp Kim", kind="ap")


def answer(
    survey: Survey,
    hamlet: AdministrativeUnit,
    rows: list[Mapping[str, Any]],
    *,
    channel: Channel = Channel.PAPER,
) -> None:
    """One response per row from the hamlet's next households not yet answered."""
    members = list(
        survey.members.filter(hamlet=hamlet, answered_on__isnull=True).order_by("pk")[: len(rows)]
    )
    assert len(members) == len(rows), "not enough households drawn"
    for member, row in zip(members, rows, strict=True):
        response_record(member=member, answers=row, channel=channel, on=OPENS)


def rules(survey: Survey, **values: str) -> Survey:
    """Set the survey's rules (test setup: the builder's form is another helper's area)."""
    Survey.objects.filter(pk=survey.pk).update(**{k: Decimal(v) for k, v in values.items()})
    survey.refresh_from_db()
    return survey


def scale(c1: str, c2: str, **more: Any) -> dict[str, Any]:
    return {"c1": c1, "c2": c2, **more}


YES, VERY, NO = "satisfied", "very_satisfied", "not_satisfied"
