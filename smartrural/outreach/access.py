"""Gates for outreach: the only way an officer's view or API operation gets a subscriber, a
template, a campaign, a message, a station, a cluster, a bulletin or a CAP alert.

An officer reads those of the units in their scope (a commune officer: their commune and its
hamlets; the province: everything); outside it, 404. Changing one needs a writer (read-only:
403). Bulletins are also read where they play: one another office published to the officer's
stations or zones (the province's emergency on a commune's loudspeakers) is on the commune's
pages, read only (changing it: 403; only its own office changes it). Residents and the public
never come through here: they unsubscribe with their link's secret, and stations speak to the
device API with their token.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import (
    Scope,
    Visitor,
    require_official,
    require_writer,
    scope_for_user,
)
from smartrural.geo.models import path_ids

from .models import (
    Bulletin,
    BulletinStatus,
    Campaign,
    CapAlert,
    Cluster,
    Message,
    Station,
    Subscriber,
    Template,
)

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


def scoped(model: type[M], user: Visitor, *, action: Action = "read") -> QuerySet[M]:
    """``model``'s rows in ``user``'s units (none for someone with no units); to read, also the
    bulletins published to their stations or zones."""
    scope = scope_for_user(user)
    manager = model._default_manager
    if scope.everything:
        return manager.all()
    if not scope.paths:
        return manager.none()
    q = scope.unit_q(UNIT_PATHS[model])
    if model is Bulletin and action == "read":
        q |= _bulletins_played_in(scope)
    return manager.filter(q)


def _bulletins_played_in(scope: Scope) -> Q:
    """Published (or since withdrawn) bulletins sent to a station of ``scope``, to a zone in it,
    or to a zone above it (the district, the province)."""
    above = {pk for path in scope.paths for pk in path_ids(path)}
    zones = Bulletin.zones.through.objects.filter(
        scope.unit_q("administrativeunit__") | Q(administrativeunit_id__in=above)
    ).values("bulletin_id")
    stations = Bulletin.stations.through.objects.filter(scope.unit_q("station__unit__")).values(
        "bulletin_id"
    )
    return ~Q(status=BulletinStatus.DRAFT) & (Q(pk__in=zones) | Q(pk__in=stations))


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
        if not may_change(row, user):
            raise PermissionDenied(
                _("This %(what)s is another office's: you may read it, not change it.")
                % {"what": model._meta.verbose_name}
            )
    return row


def may_change(row: Model, user: Visitor) -> bool:
    """Whether ``row`` (one ``user`` may read) is of ``user``'s own units: what they may change
    when they are a writer. Only a bulletin played in their area can be read and not be theirs."""
    if not isinstance(row, Bulletin):
        return True
    return scoped(Bulletin, user, action="write").filter(pk=row.pk).exists()
