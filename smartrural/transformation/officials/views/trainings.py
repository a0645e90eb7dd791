"""The list of training events in the reader's units, filtered by year, kind, format, unit and
topic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest

from .. import selectors
from ..forms import (
    TrainingFilterForm,
)
from .common import PAGE_SIZE, may_write


@login_required
@require_http_methods(["GET", "HEAD"])
def training_list(request: ActorRequest) -> HttpResponse:
    form = TrainingFilterForm(request.GET or None)
    form.is_valid()
    data: dict[str, Any] = {
        k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors
    }
    qs = selectors.filter_events(
        selectors.events_for_user(request.user),
        year=data.get("year"),
        kind=data.get("kind") or "",
        digital=data.get("dt") or "",
        unit=data.get("unit") or "",
        format=data.get("format") or "",
    )
    page = Paginator(selectors.with_attendance_counts(qs), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "may_write": may_write(request.user)}
    return render(request, "transformation/officials/training_list.html", context)
