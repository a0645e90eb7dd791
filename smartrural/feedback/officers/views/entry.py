"""Feedback an officer enters on a resident's behalf (phone, paper, meeting, Zalo, Facebook,
e-mail); the tracking code is shown once, for the officer to pass on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.page_forms import attempt, posted, posted_files
from smartrural.geo.models import AdministrativeUnit, Level

from ...services import Contact, report_submit
from ..forms.entry import EntryForm
from .common import FORM, queue_crumb


def places_for(request: ActorRequest) -> QuerySet[AdministrativeUnit]:
    """Communes and hamlets valid today inside the officer's scope."""
    scope = scope_for_user(request.user)
    return (
        AdministrativeUnit.objects.valid_on(today())
        .filter(scope.unit_q(), level__in=[Level.COMMUNE, Level.HAMLET])
        .select_related("parent")
        .order_by("path")
    )


@login_required
@require_http_methods(FORM)
def report_new(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = EntryForm(posted(request), posted_files(request), places=places_for(request))
    status, submitted = 200, None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            submitted, status = attempt(
                form,
                lambda: report_submit(
                    category=data["category"],
                    description=data["description"],
                    place=data["place"],
                    channel=data["channel"],
                    address=data["address"],
                    contact=Contact(
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        hide_name=data["hide_name"],
                    ),
                    photos=data["photos"],
                    received_on=data["received_on"],
                    by=request.user,
                ),
            )
        else:
            status = 422
    if submitted is not None:
        # No redirect: the tracking code is shown this once and never stored.
        context = {"submitted": submitted, "crumbs": [queue_crumb()]}
        return render(request, "feedback/officers/entered.html", context, status=200)
    context = {"form": form, "crumbs": [queue_crumb()]}
    return render(request, "feedback/officers/new.html", context, status=status)
