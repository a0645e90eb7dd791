"""An event's participants: officials added one by one or a unit's at once, and removed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import act, attempt

from ...models import TrainingEvent
from .. import selectors, services
from ..forms import AddUnitForm, ParticipantAddForm
from .training import detail_url, refused_on, render_detail


def _added(request: ActorRequest, added: int) -> None:
    if added:
        messages.success(
            request,
            ngettext("%(n)s participant added.", "%(n)s participants added.", added) % {"n": added},
        )
    else:
        messages.info(request, _("They were already taking part: nothing added."))


def _add_participants(
    request: ActorRequest,
    event: TrainingEvent,
    form: forms.Form,
    add: Callable[[dict[str, Any]], int],
    *,
    refused: Callable[[], HttpResponse],
) -> HttpResponse:
    """The POST of one of the event page's add forms: ``add`` (given the cleaned data) returns
    how many were added; on bad input or a refusal, ``refused`` shows the page with ``form``."""
    if form.is_valid():
        added, _status = attempt(form, lambda: add(form.cleaned_data))
        if added is not None:
            _added(request, added)
            return redirect(detail_url(event) + "#participants")
    return refused()


@login_required
@require_POST
def participant_add(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    form = ParticipantAddForm(request.POST, event=event, user=request.user)

    def add(data: dict[str, Any]) -> int:
        return services.participants_add(
            event=event, officials=data["officials"], attendance=data["attendance"], by=request.user
        )

    return _add_participants(
        request,
        event,
        form,
        add,
        refused=lambda: render_detail(request, event, status=422, add_form=form),
    )


@login_required
@require_POST
def participant_add_unit(request: ActorRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    form = AddUnitForm(request.POST, event=event, user=request.user)

    def add(data: dict[str, Any]) -> int:
        return services.participants_add_unit(
            event=event,
            unit=form.units[data["unit"]],
            include_subunits=data["include_subunits"],
            attendance=data["attendance"],
            by=request.user,
        )

    return _add_participants(
        request,
        event,
        form,
        add,
        refused=lambda: render_detail(request, event, status=422, unit_form=form),
    )


@login_required
@require_POST
def participant_remove(request: ActorRequest, event_id: int, participant_id: int) -> HttpResponse:
    event = selectors.event_for_user(request.user, event_id, write=True)
    participant = event.participants.select_related("official").filter(pk=participant_id).first()
    if participant is None:
        raise Http404(_("No such participant."))
    return act(
        request,
        lambda: services.participant_remove(participant=participant, by=request.user),
        message=_("%(name)s removed from the participants.")
        % {"name": participant.official.full_name},
        then=detail_url(event) + "#participants",
        refused=refused_on(request, event),
    )
