"""A unit's year of work records, with the monthly entry form, and a figure's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.versioning import NOT_STORED
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit

from ...access import object_in_scope, unit_for_writing
from ...models import Source, WorkRecordStat
from .. import selectors
from ..forms import UnitYearForm, WorkRecordForm, parse_month_input
from ..services import work_record_submit
from .common import crumbs, page_url, records_year

CHILDREN_PAGE = 25


def _selected_unit(
    request: ActorRequest, units: list[AdministrativeUnit]
) -> AdministrativeUnit | None:
    code = str(request.GET.get("unit", "")).strip()
    if not code:
        return selectors.default_unit(request.user, units)
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        raise Http404(_("No unit with this code among your units on that date."))
    return unit


def _entry_initial(request: ActorRequest, unit: AdministrativeUnit) -> dict[str, Any]:
    month = parse_month_input(request.GET.get("month"))
    if month is None:
        return {}
    stat = selectors.month_stat(unit=unit, month=month)
    initial: dict[str, Any] = {"month": month, "version": NOT_STORED}
    if stat is not None:
        initial.update(total=stat.total, online=stat.online, version=stat.version)
    return initial


def _submit(request: ActorRequest, unit: AdministrativeUnit, data: dict[str, Any]) -> Any:
    """Resolve the unit on the record's own month (it may not have existed then), then save."""
    month: dt.date = data["month"]
    on_month = unit_for_writing(
        request.user, unit.code, on=month, levels=frozenset(selectors.STAT_LEVELS)
    )
    return work_record_submit(
        unit=on_month,
        month=month,
        total=data["total"],
        online=data["online"],
        source=Source.ENTERED,
        version=data["version"],
        by=request.user,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_records(request: ActorRequest) -> HttpResponse:
    user = request.user
    year = records_year(request)
    as_of = as_of_for_year(year)
    units = list(selectors.stat_units_for_user(user=user, as_of=as_of))
    unit = _selected_unit(request, units)
    may_write = bool(getattr(user, "can_write", False)) and unit is not None
    form: WorkRecordForm | None = None
    status = 200
    if request.method == "POST":
        if unit is None:
            raise Http404(_("None of your units existed on that date."))
        require_writer(user)
        form = WorkRecordForm(request.POST)
        chosen = unit
        done, status = submit(
            request,
            form,
            lambda data: _submit(request, chosen, data),
            message=lambda stat: (
                _("Figures of %(month)s saved for %(unit)s: %(online)s of %(total)s online.")
                % {
                    "month": stat.month.strftime("%m/%Y"),
                    "unit": chosen.name,
                    "online": stat.online,
                    "total": stat.total,
                }
            ),
            then=lambda stat: page_url(chosen, stat.month.year),
        )
        if done is not None:
            return done
    elif may_write and unit is not None:
        form = WorkRecordForm(initial=_entry_initial(request, unit))
    data = selectors.unit_year(unit=unit, year=year, user=user) if unit is not None else None
    children_page = None
    if data is not None and data.children:
        children_page = Paginator(data.children, CHILDREN_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": UnitYearForm(
            initial={"unit": unit.code if unit else "", "year": year}, units=units, year=year
        ),
        "unit": unit,
        "year": year,
        "as_of": as_of,
        "data": data,
        "children_page": children_page,
        "form": form,
        "may_write": may_write,
        "crumbs": crumbs()[:1],
    }
    return render(request, "transformation/work_records/unit_year.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def work_record_history(request: ActorRequest, pk: int) -> HttpResponse:
    stat = object_in_scope(WorkRecordStat.objects.select_related("unit"), request.user, pk)
    back = page_url(stat.unit, stat.month.year)
    title = _("Work records of %(unit)s, %(month)s (%(source)s)") % {
        "unit": stat.unit.name,
        "month": stat.month.strftime("%m/%Y"),
        "source": stat.get_source_display(),
    }
    return render_history(request, stat, title=title, back_url=back, breadcrumbs=crumbs())
