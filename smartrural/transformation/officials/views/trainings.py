"""Training events: list, create, the event page, edit, delete, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.versioning import EditConflict

from ...access import unit_for_writing
from ...models import TrainingEvent
from .. import selectors, services
from ..forms import (
    AddUnitForm,
    MaterialForm,
    ParticipantAddForm,
    TrainingFilterForm,
    TrainingForm,
    attendance_choices,
    training_initial,
)
from ..selectors import OFFICIAL_LEVELS
from .common import PAGE_SIZE, history_crumbs, may_write, trainings_crumb


def detail_url(event: TrainingEvent) -> str:
    return reverse("transformation:training-detail", args=[event.pk])


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


@login_required
@require_http_methods(["GET", "HEAD"])
def training_detail(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id)
    return render_detail(request, event)


def _render_form(
    request: ActorRequest, form: TrainingForm, *, event: TrainingEvent | None, status: int
) -> HttpResponse:
    crumbs = [trainings_crumb()]
    if event is not None:
        crumbs.append((detail_url(event), event.title))
    context = {
        "form": form,
        "event": event,
        "crumbs": crumbs,
        "units": list(selectors.units_for_officials(request.user)),
    }
    return render(request, "transformation/officials/training_form.html", context, status=status)


def _save(request: ActorRequest, form: TrainingForm, event: TrainingEvent | None) -> TrainingEvent:
    data = dict(form.cleaned_data)
    data["unit"] = unit_for_writing(
        request.user, data["unit"], on=data["date"], levels=OFFICIAL_LEVELS
    )
    if event is None:
        data.pop("version", None)
        return services.training_create(**data, by=request.user)
    return services.training_update(event=event, **data, by=request.user)


def _form_view(
    request: ActorRequest, event: TrainingEvent | None, initial: dict[str, Any]
) -> HttpResponse:
    form = TrainingForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda _data: _save(request, form, event),
        message=_("Training saved."),
        then=detail_url,
    )
    if done is not None:
        return done
    return _render_form(request, form, event=event, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def training_create(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    return _form_view(request, None, {"digital_transformation": True, "residents": 0})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def training_edit(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    return _form_view(request, event, training_initial(event))


@login_required
@require_POST
def training_delete(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    title = event.title
    try:
        services.training_delete(event=event, by=request.user)
    except DomainError as exc:
        return render_detail(request, event, status=exc.status_code, error=exc.message)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
    return redirect("transformation:training-list")


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
