"""API operations about the authenticated account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from smartrural.core.api import errors

from .actor import Actor
from .models import UnitAssignment

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    units: list[str]


@router.get(
    "/me",
    response={200: MeOut, **errors(401)},
    summary="The authenticated account",
    description="The user behind the token or session, their role and the GSO codes of their "
    "units (empty for the province office, which sees everything).",
)
def me(request: HttpRequest) -> Any:
    user: Actor = request.auth  # type: ignore[attr-defined]
    codes = (
        UnitAssignment.objects.filter(user=user)
        .order_by("unit__path")
        .values_list("unit__code", flat=True)
    )
    return {"username": user.username, "role": user.role, "units": list(codes)}
