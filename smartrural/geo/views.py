"""Pages of administrative units: browser, unit page, history, hamlet add, unit edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import access_unit_for_user, scope_for_user
from smartrural.accounts.reference import note_reference, units_day_reference
from smartrural.core.errors import ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit

from . import selectors
from .forms import HamletForm, UnitEditForm
from .models import AdministrativeUnit, Level
from .pages import unit_sections
from .services import hamlet_create, unit_update

PAGE_SIZE = 50


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The ``as_of`` parameter, else the reference-date rule's day (the last day with units, not
    after today); with an error message when the parameter is not a date. The day is noted on
    the request: the header names the province of that day and the date the units are taken at."""
    error = ""
    try:
        reference = units_day_reference(user=request.user, asked=request.GET.get("as_of"))
    except ValidationFailed as exc:
        error = exc.message
        reference = units_day_reference(user=request.user, asked=None)
    note_reference(request, reference)
    return reference.as_of, error


def unit_url(unit: AdministrativeUnit, as_of: dt.date | None = None, name: str = "detail") -> str:
    day = as_of if as_of is not None and unit.is_valid_on(as_of) else unit.reference_date
    return f"{reverse(f'geo:unit-{name}', args=[unit.code])}?as_of={day:%Y-%m-%d}"


def _crumbs(unit: AdministrativeUnit, as_of: dt.date) -> list[tuple[str, str]]:
    crumbs = [(reverse("geo:unit-list") + f"?as_of={as_of:%Y-%m-%d}", _("Administrative units"))]
    for ancestor in selectors.ancestors(unit=unit):
        crumbs.append((unit_url(ancestor, as_of), ancestor.name))
    return crumbs


@require_http_methods(["GET", "HEAD"])
def unit_list(request: HttpRequest) -> HttpResponse:
    as_of, as_of_error = _as_of(request)
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    if level not in Level.values:
        level = ""
    context: dict[str, Any] = {
        "as_of": as_of,
        "as_of_error": as_of_error,
        "q": q,
        "level": level,
        "levels": Level.choices,
    }
    if q or level:
        qs = selectors.units_on(as_of=as_of, level=level or None, q=q or None)
        context["page"] = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        context["tree"] = selectors.unit_tree(as_of=as_of)
    return render(request, "geo/unit_list.html", context)


def _missing(request: HttpRequest, code: str, as_of: dt.date) -> HttpResponse:
    """404 for a code with no unit on ``as_of``: the units that carried it, when they were valid
    and their successors (the same sentence as the API's ``detail``)."""
    uses = selectors.code_uses(code=code)
    if not uses:
        raise Http404(_("No administrative unit has code %(code)s.") % {"code": code})
    context = {
        "code": code,
        "as_of": as_of,
        "uses": uses,
        "message": selectors.code_not_valid_message(code=code, as_of=as_of, uses=uses),
    }
    return render(request, "geo/unit_missing.html", context, status=404)


@require_http_methods(["GET", "HEAD"])
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    as_of, as_of_error = _as_of(request)
    try:
        unit = access_unit_for_user(request.user, code, as_of=as_of)
    except Http404:
        return _missing(request, code, as_of)
    scope = scope_for_user(request.user)
    may_write = bool(getattr(request.user, "can_write", False)) and scope.contains(unit)
    earlier = [link.unit for link in selectors.all_predecessors(unit=unit)]
    context = {
        "unit": unit,
        "as_of": as_of,
        "as_of_error": as_of_error,
        "crumbs": _crumbs(unit, as_of),
        "children": list(selectors.children(unit=unit, as_of=as_of)),
        "predecessors": selectors.predecessors(unit=unit),
        "successors": selectors.successors(unit=unit),
        "can_add_hamlet": may_write and unit.level == Level.COMMUNE,
        "can_edit": may_write and scope.is_strictly_inside(unit),
        "sections": unit_sections(unit=unit, predecessors=earlier),
    }
    return render(request, "geo/unit_detail.html", context)


@require_http_methods(["GET", "HEAD"])
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    as_of, _error = _as_of(request)
    unit = access_unit_for_user(request.user, code, as_of=as_of)
    crumbs = [*_crumbs(unit, as_of), (unit_url(unit, as_of), unit.name)]
    return render_history(
        request, unit, title=unit.name, back_url=unit_url(unit, as_of), breadcrumbs=crumbs
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hamlet_add(request: HttpRequest, code: str) -> HttpResponse:
    as_of, _error = _as_of(request)
    commune = access_unit_for_user(request.user, code, as_of=as_of, action="add_child")
    if commune.level != Level.COMMUNE:
        raise Http404(_("Hamlets are added to a commune."))
    form = HamletForm(request.POST or None)
    done, status = submit(
        request,
        form,
        lambda data: hamlet_create(commune=commune, **data),
        message=lambda hamlet: _("Hamlet %(name)s added.") % {"name": hamlet.name},
        then=unit_url(commune, as_of),
    )
    if done is not None:
        return done
    context = {
        "unit": commune,
        "as_of": as_of,
        "form": form,
        "crumbs": [*_crumbs(commune, as_of), (unit_url(commune, as_of), commune.name)],
        "title": _("Add a hamlet"),
    }
    return render(request, "geo/unit_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    as_of, _error = _as_of(request)
    unit = access_unit_for_user(request.user, code, as_of=as_of, action="edit")
    initial = {
        "name": unit.name,
        "region": unit.region,
        "commune_group": unit.commune_group,
        "especially_difficult": unit.especially_difficult,
        "especially_difficult_basis": unit.especially_difficult_basis,
        "especially_difficult_from": unit.especially_difficult_from,
        "especially_difficult_to": unit.especially_difficult_to,
        "version": unit.version,
    }
    # The province office alone designates especially difficult communes.
    difficult_editable = unit.level == Level.COMMUNE and bool(
        getattr(request.user, "sees_everything", False)
    )
    form = UnitEditForm(
        request.POST or None, initial=initial, difficult_editable=difficult_editable
    )
    done, status = submit(
        request,
        form,
        lambda data: unit_update(
            unit=unit,
            name=data["name"],
            region=data["region"],
            commune_group=data["commune_group"],
            valid_to=data["valid_to"] or "unchanged",
            especially_difficult=form.difficult_status(),
            version=data["version"],
        ),
        message=lambda _saved: _("%(name)s saved.") % {"name": unit.name},
        then=unit_url(unit, as_of),
    )
    if done is not None:
        return done
    context = {
        "unit": unit,
        "as_of": as_of,
        "form": form,
        "crumbs": [*_crumbs(unit, as_of), (unit_url(unit, as_of), unit.name)],
        "title": _("Edit %(name)s") % {"name": unit.name},
    }
    return render(request, "geo/unit_form.html", context, status=status)
