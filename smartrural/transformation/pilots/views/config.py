"""The province's configuration of the pilots: the scoring sheet of each pilot kind and the
smart-hamlet checklist (province office only, 403 for everyone else)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit

from ...models import PilotKind, ScoringCriterion, SmartHamletItem
from .. import services
from ..forms import CriterionForm, ItemForm
from .common import crumbs

SETTINGS = "transformation:pilot-settings"


def _settings_crumbs() -> list[tuple[str, str]]:
    return crumbs((reverse(SETTINGS), _("Scoring sheets and checklist")))


@login_required
@require_http_methods(["GET", "HEAD"])
def pilot_settings(request: HttpRequest) -> HttpResponse:
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
def defaults_load(request: HttpRequest) -> HttpResponse:
    loaded = services.pilot_defaults_load(by=request.user)
    messages.success(
        request,
        _("Defaults loaded: %(criteria)s scoring criteria and %(items)s checklist items added.")
        % {"criteria": loaded.criteria, "items": loaded.items},
    )
    return redirect(SETTINGS)


def _criterion(pk: int) -> ScoringCriterion:
    criterion = ScoringCriterion.objects.filter(pk=pk).first()
    if criterion is None:
        raise Http404(_("No such criterion."))
    return criterion


def _item(pk: int) -> SmartHamletItem:
    item = SmartHamletItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such checklist item."))
    return item


def _config_form(
    request: HttpRequest, form: Any, *, title: str, history_url: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "title": title, "history_url": history_url}
    return render(request, "transformation/pilots/config_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def criterion_add(request: HttpRequest) -> HttpResponse:
    require_province_office(request.user)
    initial = {"kind": request.GET.get("kind") or PilotKind.SMART_COMMUNE, "active": True}
    form = CriterionForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.scoring_criterion_create(
            **{k: v for k, v in data.items() if k != "version"}, by=request.user
        ),
        message=_("Scoring criterion added."),
        then=SETTINGS,
    )
    if done is not None:
        return done
    return _config_form(request, form, title=_("Add a scoring criterion"), status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def criterion_edit(request: HttpRequest, criterion_id: int) -> HttpResponse:
    require_province_office(request.user)
    criterion = _criterion(criterion_id)
    initial = {
        "kind": criterion.kind,
        "code": criterion.code,
        "name": criterion.name,
        "max_score": criterion.max_score,
        "order": criterion.order,
        "active": criterion.active,
        "version": criterion.version,
    }
    form = CriterionForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.scoring_criterion_update(
            criterion=criterion, **data, by=request.user
        ),
        message=_("Scoring criterion saved."),
        then=SETTINGS,
    )
    if done is not None:
        return done
    history = reverse("transformation:pilot-criterion-history", args=[criterion.pk])
    title = _("Scoring criterion %(code)s") % {"code": criterion.code}
    return _config_form(request, form, title=title, history_url=history, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def criterion_history(request: HttpRequest, criterion_id: int) -> HttpResponse:
    require_province_office(request.user)
    criterion = _criterion(criterion_id)
    return render_history(
        request,
        criterion,
        title=str(criterion),
        back_url=reverse(SETTINGS),
        breadcrumbs=_settings_crumbs(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_add(request: HttpRequest) -> HttpResponse:
    require_province_office(request.user)
    form = ItemForm(request.POST or None, initial={"active": True})
    done, status = submit(
        request,
        form,
        lambda data: services.smart_hamlet_item_create(
            **{k: v for k, v in data.items() if k != "version"}, by=request.user
        ),
        message=_("Checklist item added."),
        then=SETTINGS,
    )
    if done is not None:
        return done
    return _config_form(request, form, title=_("Add a checklist item"), status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    require_province_office(request.user)
    item = _item(item_id)
    initial = {
        "code": item.code,
        "name": item.name,
        "order": item.order,
        "active": item.active,
        "version": item.version,
    }
    form = ItemForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.smart_hamlet_item_update(item=item, **data, by=request.user),
        message=_("Checklist item saved."),
        then=SETTINGS,
    )
    if done is not None:
        return done
    history = reverse("transformation:pilot-item-history", args=[item.pk])
    title = _("Checklist item %(code)s") % {"code": item.code}
    return _config_form(request, form, title=title, history_url=history, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def item_history(request: HttpRequest, item_id: int) -> HttpResponse:
    require_province_office(request.user)
    item = _item(item_id)
    return render_history(
        request,
        item,
        title=str(item),
        back_url=reverse(SETTINGS),
        breadcrumbs=_settings_crumbs(),
    )
