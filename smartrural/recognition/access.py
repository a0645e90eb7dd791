"""Access gates for dossiers: scoped by the dossier's unit (404 outside, 403 read-only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, require_writer, scope_for_user

from .models import Dossier


def dossiers_for_user(user: Visitor) -> QuerySet[Dossier]:
    """Dossiers whose unit lies in the user's scope."""
    scope = scope_for_user(user)
    qs = Dossier.objects.select_related("unit", "criteria_set")
    if scope.everything:
        return qs
    if not scope.paths:
        return qs.none()
    return qs.filter(scope.unit_q("unit__"))


def access_dossier_for_user(user: Visitor, dossier_id: int, *, write: bool = False) -> Dossier:
    dossier = dossiers_for_user(user).filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404(_("No such dossier."))
    if write:
        require_writer(user)
    return dossier
