"""What the criteria-set pages share: the set by its code, the office's gate, a form's errors."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import Actor

from ..models import CriteriaSet


def require_set_office(user: Actor) -> None:
    """Criteria sets are the province's: only its coordination office changes them."""
    require_province_office(user, _("Only the province coordination office changes criteria sets."))


def set_or_404(code: str) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.select_related("base").filter(code=code).first()
    if criteria_set is None:
        raise Http404(_("No criteria set has code %(code)s.") % {"code": code})
    return criteria_set


def form_errors(form: forms.Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
