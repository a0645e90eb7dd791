"""The province office's variants: derive one from a national set, set one of its thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed

from ..forms.sets import DeriveForm, ThresholdForm
from ..services import criteria_set_derive, criteria_set_override_threshold
from .common import form_errors, require_set_office, set_or_404


@login_required
@require_http_methods(["POST"])
def set_derive(request: ActorRequest, code: str) -> HttpResponse:
    user = request.user
    require_set_office(user)
    base = set_or_404(code)
    form = DeriveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("criteria_sets:detail", code=base.code)
    try:
        version = criteria_set_derive(
            base=base,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            by=user,
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("criteria_sets:detail", code=base.code)
    messages.success(request, _("Variant %(code)s created.") % {"code": version.criteria_set.code})
    return redirect("criteria_sets:detail", code=version.criteria_set.code)


@login_required
@require_http_methods(["POST"])
def set_threshold(request: ActorRequest, code: str) -> HttpResponse:
    user = request.user
    require_set_office(user)
    criteria_set = set_or_404(code)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = criteria_set_override_threshold(
                criteria_set=criteria_set,
                indicator_code=data["indicator_code"].strip(),
                value=data["value"],
                region=data["region"] or None,
                commune_group=data["commune_group"],
                year=data["year"],
                by=user,
                note=data["note"],
            )
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Version %(n)s saved.") % {"n": version.number})
    else:
        messages.error(request, form_errors(form))
    return redirect("criteria_sets:detail", code=criteria_set.code)
