"""“My account”: the user's own units, second factor and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django_otp import user_has_device

from smartrural.accounts.actor import Actor, ActorRequest
from smartrural.core.dates import today
from smartrural.geo.models import AdministrativeUnit

from ..access import is_resident
from ..forms import CodeForm, TokenCreateForm
from ..models import ApiToken, UnitAssignment
from ..services import totp_required_for


def unit_as_of(unit: AdministrativeUnit, on: dt.date) -> dt.date:
    """A date on which ``unit`` exists: ``on`` itself, or the nearest end of its validity."""
    if unit.valid_to is not None and unit.valid_to < on:
        return unit.valid_to
    if unit.valid_from is not None and unit.valid_from > on:
        return unit.valid_from
    return on


def unit_links(user: Actor) -> list[tuple[AdministrativeUnit, str]]:
    """The user's units with links to their pages on a date the unit is valid."""
    on = today()
    assignments = UnitAssignment.objects.filter(user=user).select_related("unit")
    units = sorted((a.unit for a in assignments), key=lambda u: u.path)
    return [(u, f"/units/{u.code}/?as_of={unit_as_of(u, on).isoformat()}") for u in units]


def account_context(request: ActorRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    resident = is_resident(user)
    return {
        "units": unit_links(user),
        "has_2fa": user_has_device(user),
        "requires_2fa": totp_required_for(user),
        # Residents have no API tokens: the section is not shown, its operations are 404.
        "resident": resident,
        "tokens": ApiToken.objects.none() if resident else ApiToken.objects.filter(user=user),
        "token_form": TokenCreateForm(),
        "code_form": CodeForm(),
        **extra,
    }


@login_required
def account(request: ActorRequest) -> HttpResponse:
    return render(request, "accounts/account.html", account_context(request))
