"""The list of criteria sets and one set with its thresholds and versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from smartrural.accounts.actor import ActorRequest

from ..forms.sets import DeriveForm, SetFileForm, ThresholdForm
from ..models import CriteriaSet
from ..selectors import current_definition
from .common import set_or_404


@login_required
def set_list(request: ActorRequest) -> HttpResponse:
    sets = CriteriaSet.objects.select_related("base").prefetch_related("versions")
    rows = [(s, max((v.number for v in s.versions.all()), default=None)) for s in sets]
    context = {
        "rows": rows,
        "can_edit": request.user.sees_everything,
        "file_form": SetFileForm(),
    }
    return render(request, "criteria/sets_list.html", context)


@login_required
def set_detail(request: ActorRequest, code: str) -> HttpResponse:
    criteria_set = set_or_404(code)
    versions = criteria_set.versions.select_related("created_by").order_by("-number")
    definition = current_definition(criteria_set) if versions else None
    requires = definition.requires if definition else None
    context = {
        "set": criteria_set,
        "definition": definition,
        "required_set": CriteriaSet.objects.filter(code=requires).first() if requires else None,
        "versions": versions,
        "can_edit": request.user.sees_everything,
        "derive_form": DeriveForm(),
        "threshold_form": ThresholdForm(),
    }
    return render(request, "criteria/sets_detail.html", context)
