"""The form that records a training event or corrects one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import submit

from ...access import unit_for_writing
from ...models import TrainingEvent
from .. import selectors, services
from ..forms import (
    TrainingForm,
    training_initial,
)
from ..selectors import OFFICIAL_LEVELS
from .common import trainings_crumb
from .training import detail_url


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
