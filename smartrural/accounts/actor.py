"""The acting user: who a service acts for, recorded as the author of every change it makes.

Every service takes it as ``by: Actor`` (``Actor | None`` only where the system itself acts: data
loads, the demo's set-up, scheduled jobs). Views pass ``request.user`` from behind their login and
role gates; selectors scoped to a reader take ``user: Actor``. One alias, so that a later richer
actor (an API client acting for a user, a job acting for the province) changes one line.
"""

from __future__ import annotations

from typing import TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User

Actor: TypeAlias = User


def acting_user(request: HttpRequest) -> Actor:
    """``request.user`` as the actor of a service: the signed-in user that a login gate (a
    view's ``login_required``, the API's ``AUTH``) let through. An anonymous request here means
    a gate is missing: ``PermissionDenied`` (403), never a change written as nobody."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class ActorRequest(HttpRequest):
    """The request of a view or API operation behind a login gate (``login_required``, the API's
    ``AUTH``): its ``user`` is an ``Actor``, never anonymous. For type checking only."""

    user: Actor
