"""Gates for outreach: the only way an officer's view or API operation gets a subscriber, a
template, a campaign, a message, a station, a cluster, a bulletin or a CAP alert.

An officer reads those of the units in their scope (a commune officer: their commune and its
hamlets; the province: everything); outside it, 404. Changing one needs a writer (read-only:
403). Residents and the public never come through here: they unsubscribe with their link's
secret, and stations speak to the device API with their token.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, require_official, require_writer, scope_for_user

from .models import Bulletin, Campaign, CapAlert, Cluster, Message, Station, Subscriber, Template

Action = Literal["read", "write"]
M = TypeVar("M", bound=Model)

# The unit that scopes each model, as a lookup prefix.
UNIT_PATHS: dict[type[Model], str] = {
    Subscriber: "hamlet__",
    Template: "unit__",
    Campaign: "unit__",
    Message: "unit__",
    Station: "unit__",
    Cluster: "station__unit__",
    Bulletin: "unit__",
    CapAlert: "bulletin__unit__",
}


def scoped(model: type[M], user: Visitor) -> QuerySet[M]:
    """``model``'s rows in ``user``'s units (none for someone with no units)."""
    scope = scope_for_user(user)
    manager = model._default_manager
    if scope.everything:
        return manager.all()
    if not scope.paths:
        return manager.none()
    return manager.filter(scope.unit_q(UNIT_PATHS[model]))


def access_for_user(
    model: type[M],
    user: Visitor,
    pk: int,
    *,
    action: Action = "read",
    queryset: QuerySet[M] | None = None,
) -> M:
    """The ``model`` row ``pk`` if ``user`` may read it (404 otherwise); ``action="write"``:
    403 for a reader who may not change it."""
    require_official(user)
    rows = scoped(model, user) if queryset is None else queryset & scoped(model, user)
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404(
            _("No %(what)s #%(pk)s in your units.") % {"what": model._meta.verbose_name, "pk": pk}
        )
    if action == "write":
        require_writer(user)
    return row
