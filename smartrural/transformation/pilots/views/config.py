"""The province's configuration of the pilots: the scoring sheet of each pilot kind and the
smart-hamlet checklist (province office only, 403 for everyone else)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit

from ...models import PilotKind, ScoringCriterion, SmartHamletItem
from .. import services
from ..forms import CriterionForm, ItemForm
from .common import crumbs

SETTINGS = "transformation:pilot-settings"
M = TypeVar("M", bound=Model)


def _settings_crumbs() -> list[tuple[str, str]]:
    return crumbs((reverse(SETTINGS), _("Scoring sheets and checklist")))


@login_required
@require_http_methods(["GET", "HEAD"])
def pilot_settings(request: ActorRequest) -> HttpResponse:
    require_province_office(request.user)
    criteria = list(ScoringCriterion.objects.all())
    sheets = [
        (kind, label, [c for c in criteria if c.kind == kind]) for kind, label in PilotKind.choices
    ]
    items = list(SmartHamletItem.objects.all())
    context = {
        "sheets": [
            {
                "kind": kind,
                "label": label,
                "criteria": rows,
                "maximum": sum(c.max_score for c in rows if c.active),
            }
            for kind, label, rows in sheets
        ],
        "items": items,
        "any_empty": not items or any(not rows for _k, _l, rows in sheets),
    }
    return render(request, "transformation/pilots/settings.html", context)


@login_required
@require_POST
def defaults_load(request: ActorRequest) -> HttpResponse:
    loaded = services.pilot_defaults_load(by=request.user)
    messages.success(
        request,
        _("Defaults loaded: %(criteria)s scoring criteria and %(items)s checklist items added.")
        % {"criteria": loaded.criteria, "items": loaded.items},
    )
    return redirect(SETTINGS)


def _config_object(model: type[M], pk: int, message: str) -> M:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj


def _config_page(
    request: ActorRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    message: str,
    title: str,
    history_url: str = "",
) -> HttpResponse:
    """The page of one setting (a criterion, a checklist item): saved through ``save``, then
    back to the settings; otherwise the form again (422 when it was refused)."""
    done, status = submit(request, form, save, message=message, then=SETTINGS)
    if done is not None:
        return done
    context = {"form": form, "title": title, "history_url": history_url}
    return render(request, "transformation/pilots/config_form.html", context, status=status)


def _config_history(request: ActorRequest, obj: ScoringCriterion | SmartHamletItem) -> HttpResponse:
    return render_history(
        request, obj, title=str(obj), back_url=reverse(SETTINGS), breadcrumbs=_settings_crumbs()
    )


def _without_version(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "version"}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def criterion_add(request: ActorRequest) -> HttpResponse:
    require_province_office(request.user)
    initial = {"kind": request.GET.get("kind") or PilotKind.SMART_COMMUNE, "active": True}
    return _config_page(
        request,
        CriterionForm(request.POST or None, initial=initial),
        lambda data: services.scoring_criterion_create(**_without_version(data), by=request.user),
        message=_("Scoring criterion added."),
        title=_("Add a scoring criterion"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def criterion_edit(request: ActorRequest, criterion_id: int) -> HttpResponse:
    require_province_office(request.user)
    criterion = _config_object(ScoringCriterion, criterion_id, _("No such criterion."))
    fields = ("kind", "code", "name", "max_score", "order", "active", "version")
    return _config_page(
        request,
        CriterionForm(request.POST or None, initial={f: getattr(criterion, f) for f in fields}),
        lambda data: services.scoring_criterion_update(
            criterion=criterion, **data, by=request.user
        ),
        message=_("Scoring criterion saved."),
        title=_("Scoring criterion %(code)s") % {"code": criterion.code},
        history_url=reverse("transformation:pilot-criterion-history", args=[criterion.pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def criterion_history(request: ActorRequest, criterion_id: int) -> HttpResponse:
    require_province_office(request.user)
    criterion = _config_object(ScoringCriterion, criterion_id, _("No such criterion."))
    return _config_history(request, criterion)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_add(request: ActorRequest) -> HttpResponse:
    require_province_office(request.user)
    return _config_page(
        request,
        ItemForm(request.POST or None, initial={"active": True}),
        lambda data: services.smart_hamlet_item_create(**_without_version(data), by=request.user),
        message=_("Checklist item added."),
        title=_("Add a checklist item"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: ActorRequest, item_id: int) -> HttpResponse:
    require_province_office(request.user)
    item = _config_object(SmartHamletItem, item_id, _("No such checklist item."))
    fields = ("code", "name", "order", "active", "version")
    return _config_page(
        request,
        ItemForm(request.POST or None, initial={f: getattr(item, f) for f in fields}),
        lambda data: services.smart_hamlet_item_update(item=item, **data, by=request.user),
        message=_("Checklist item saved."),
        title=_("Checklist item %(code)s") % {"code": item.code},
        history_url=reverse("transformation:pilot-item-history", args=[item.pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def item_history(request: ActorRequest, item_id: int) -> HttpResponse:
    require_province_office(request.user)
    item = _config_object(SmartHamletItem, item_id, _("No such checklist item."))
    return _config_history(request, item)
