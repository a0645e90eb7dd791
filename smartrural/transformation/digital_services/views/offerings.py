"""The list of offerings in the reader's units, filtered by service, unit, level and day."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import day_reference, held_until, note_reference
from smartrural.core.dates import Reference, today
from smartrural.transformation.models import ServiceOffering

from .. import selectors
from ..forms import OfferingFilterForm
from .common import PAGE_SIZE, READ


@login_required
@require_http_methods(READ)
def offering_list(request: ActorRequest) -> HttpResponse:
    user = request.user
    # The latest day (not after today) on which an offering in the user's scope runs on a unit
    # valid that day: the reference-date rule; the filter's date overrides it.
    running = ServiceOffering.objects.filter(since__lte=today(), service__active=True)
    default = day_reference(
        user=user,
        asked=None,
        data=running,
        field=held_until("until", "unit__valid_to"),
        dated_by="until",
    )
    day = default.as_of
    form = OfferingFilterForm(
        request.GET or None, services=list(selectors.catalogue()), initial={"on": day}
    )
    offerings = selectors.offering_list(user=user, on=day)
    any_date = asked = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        asked = data["on"] is not None
        day = data["on"] or day
        any_date = data["any_date"]
        offerings = selectors.offering_list(
            user=user,
            service=form.chosen_service(),
            unit=data["unit"],
            level=data["level"],
            on=None if any_date else day,
        )
    note_reference(request, Reference.for_day(day, asked=asked))
    context = {
        "form": form,
        "page": Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("page")),
        "day": day,
        "any_date": any_date,
        "coverage": selectors.offering_coverage(user=user, on=day),
        "may_write": bool(getattr(user, "can_write", False)),
    }
    return render(request, "transformation/digital_services/offering_list.html", context)
