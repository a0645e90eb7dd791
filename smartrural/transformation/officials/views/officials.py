"""The list of officials in the reader's units (with the year's training facts) and an
official's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import note_reference, year_reference
from smartrural.core.dates import Reference

from ...models import Attendance, Official, TrainingParticipant
from .. import selectors
from ..forms import OfficialFilterForm
from .common import PAGE_SIZE, may_write, officials_crumb


def detail_url(official: Official) -> str:
    return reverse("transformation:official-detail", args=[official.pk])


def _list_year(request: ActorRequest, asked: int | None) -> int:
    """The year asked, else the latest year in which an official of the user's units attended a
    digital transformation training (the reference-date rule), else this year."""
    if asked:
        reference = Reference.for_year(asked, asked=True)
    else:
        trained = TrainingParticipant.objects.filter(
            attendance=Attendance.ATTENDED, event__digital_transformation=True
        )
        reference = year_reference(
            user=request.user,
            asked=None,
            data=trained,
            field="event__date",
            dated_by="date",
            unit_field="official__unit",
        )
    return note_reference(request, reference).year


@login_required
@require_http_methods(["GET", "HEAD"])
def official_list(request: ActorRequest) -> HttpResponse:
    form = OfficialFilterForm(request.GET or None)
    form.is_valid()  # a wrong filter is shown with its error; the others still apply
    data: dict[str, Any] = {
        k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors
    }
    year = _list_year(request, data.get("year"))
    qs = selectors.filter_officials(
        selectors.officials_for_user(request.user),
        unit=data.get("unit") or "",
        level=data.get("level") or "",
        active=data.get("active") or "",
        name=data.get("q") or "",
        trained=data.get("trained") or "",
        year=year,
    )
    active, trained = selectors.trained_summary(qs, year=year)
    rows = selectors.with_training_facts(qs, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "year": year,
        "active_count": active,
        "trained_count": trained,
        "trained_percent": round(trained * 100 / active, 1) if active else None,
        "may_write": may_write(request.user),
    }
    return render(request, "transformation/officials/official_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def official_detail(request: ActorRequest, official_id: int) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id)
    scope = scope_for_user(request.user)
    participations = [
        (p, scope.contains(p.event.unit)) for p in selectors.official_participations(official)
    ]
    context = {
        "official": official,
        "participations": participations,
        "crumbs": [officials_crumb()],
        "may_write": may_write(request.user),
    }
    return render(request, "transformation/officials/official_detail.html", context)
