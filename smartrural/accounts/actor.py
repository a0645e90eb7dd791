"""The acting user: who a service acts for, recorded as the author of every change it makes.

Every service takes it as ``by: Actor`` (``Actor | None`` only where the system itself acts: data
loads, the demo's set-up, scheduled jobs). Views pass ``request.user`` from behind their login and
role gates; selectors scoped to a reader take ``user: Actor``. One alias, so that a later richer
actor (an API client acting for a user, a job acting for the province) changes one line.
"""

from typing import TypeAlias

from django.http import HttpRequest

from .models import User

Actor: TypeAlias = User


class ActorRequest(HttpRequest):
    """The request of a view or API operation behind a login gate (``login_required``, the API's
    ``AUTH``): its ``user`` is an ``Actor``, never anonymous. For type checking only."""

    user: Actor
