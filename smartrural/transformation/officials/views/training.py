"""An event's page (participants, attendance, materials and their forms), its history and
its deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act
from smartrural.core.versioning import EditConflict

from ...models import TrainingEvent
from .. import selectors, services
from ..forms import (
    AddUnitForm,
    MaterialForm,
    ParticipantAddForm,
    attendance_choices,
)
from .common import PAGE_SIZE, history_crumbs, may_write, trainings_crumb


def detail_url(event: TrainingEvent) -> str:
    return reverse("transformation:training-detail", args=[event.pk])


def render_detail(
    request: ActorRequest,
    event: TrainingEvent,
    *,
    status: int = 200,
    error: str = "",
    conflict: EditConflict | None = None,
    add_form: ParticipantAddForm | None = None,
    unit_form: AddUnitForm | None = None,
    material_form: MaterialForm | None = None,
) -> HttpResponse:
    """The event page; a refused operation shows its form (or ``error``) with ``status``."""
    user = request.user
    writer = may_write(user)
    search = request.GET.get("q", "")[:100]
    participants = Paginator(selectors.event_participants(event), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "event": event,
        "crumbs": [trainings_crumb()],
        "may_write": writer,
        "error": error,
        "conflict": conflict,
        "counts": selectors.attendance_counts(event),
        "page": participants,
        "materials": list(event.materials.select_related("uploaded_by")),
        "search": search,
    }
    if writer:
        candidates = selectors.candidate_officials(event, user, search=search)
        context.update(
            {
                "add_form": add_form or ParticipantAddForm(event=event, user=user),
                "unit_form": unit_form or AddUnitForm(event=event, user=user),
                "material_form": material_form or MaterialForm(),
                "candidates": list(candidates[: selectors.CANDIDATE_LIMIT]),
                "candidate_count": candidates.count(),
                "candidate_limit": selectors.CANDIDATE_LIMIT,
                "attendance_choices": attendance_choices(event),
            }
        )
    return render(request, "transformation/officials/training_detail.html", context, status=status)


def refused_on(
    request: ActorRequest, event: TrainingEvent
) -> Callable[[DomainError], HttpResponse]:
    """An action button's refusal: the event page again with the conflict or the message."""

    def refused(exc: DomainError) -> HttpResponse:
        if isinstance(exc, EditConflict):
            return render_detail(request, event, status=exc.status_code, conflict=exc)
        return render_detail(request, event, status=exc.status_code, error=exc.message)

    return refused


@login_required
@require_http_methods(["GET", "HEAD"])
def training_detail(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id)
    return render_detail(request, event)


@login_required
@require_POST
def training_delete(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    title = event.title
    return act(
        request,
        lambda: services.training_delete(event=event, by=request.user),
        message=_("“%(title)s” was deleted.") % {"title": title},
        then=reverse("transformation:training-list"),
        refused=refused_on(request, event),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def training_history(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id)
    return render_history(
        request,
        event,
        title=event.title,
        back_url=detail_url(event),
        breadcrumbs=history_crumbs(trainings_crumb(), (detail_url(event), event.title)),
    )
