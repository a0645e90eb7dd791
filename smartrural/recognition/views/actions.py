"""Writes on the dossier page: a workflow move, the satisfaction rate.

A refused operation shows the dossier page again with the reason: 422 for a failed condition,
409 for a stage that does not allow it, 403 for the wrong actor.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act
from smartrural.core.versioned_forms import show_conflict
from smartrural.core.versioning import EditConflict

from .. import services
from ..access import access_dossier_for_user
from ..forms import MoveForm, SatisfactionForm
from ..models import Dossier
from ..workflow import ACTIONS
from .common import detail_url, refused_on, render_detail


def _move(request: ActorRequest, dossier: Dossier, form: MoveForm) -> Dossier:
    data = form.cleaned_data
    with transaction.atomic():
        moved = services.dossier_move(
            dossier=dossier,
            action_name=data["action"],
            by=request.user,
            comment=data["comment"] or "",
            decision_number=data["decision_number"] or "",
            decision_date=data["decision_date"],
            decision_signer=data["decision_signer"] or "",
            version=data["version"],
        )
        scan = data.get("decision_file")
        if data["action"] == "decide" and scan is not None:
            services.dossier_document_add(
                dossier=moved, kind="decision_scan", upload=scan, by=request.user
            )
    return moved


@login_required
@require_POST
def dossier_move(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id, write=True)
    form = MoveForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return render_detail(request, dossier, status=422, error=errors)
    action = ACTIONS.get(form.cleaned_data["action"])
    label = action.label if action else ""
    return act(
        request,
        lambda: _move(request, dossier, form),
        message=_("Done: %(action)s.") % {"action": label},
        then=detail_url,
        refused=refused_on(request, dossier),
    )


@login_required
@require_POST
def dossier_satisfaction(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id, write=True)
    form = SatisfactionForm(request.POST, initial={"version": dossier.version})
    if not form.is_valid():
        return render_detail(request, dossier, status=422, satisfaction_form=form)

    def refused(exc: DomainError) -> HttpResponse:
        if isinstance(exc, EditConflict):
            show_conflict(form, exc)
            return render_detail(request, dossier, status=exc.status_code, satisfaction_form=form)
        return render_detail(request, dossier, status=exc.status_code, error=exc.message)

    return act(
        request,
        lambda: services.dossier_set_satisfaction(
            dossier=dossier,
            rate=form.cleaned_data["satisfaction_rate"],
            surveyed_outside=form.cleaned_data["surveyed_outside"],
            version=form.cleaned_data["version"],
            by=request.user,
        ),
        message=_("Satisfaction rate recorded."),
        then=detail_url(dossier),
        refused=refused,
    )
