"""Pages of work records processed online: a unit's year (with monthly entry), the upload of an
e-office export, and the targets."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_province_office, require_writer
from smartrural.accounts.reference import page_year
from smartrural.core.errors import ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.versioning import NOT_STORED
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit

from ..access import object_in_scope, unit_for_writing
from ..models import Indicator, Source, Target, TargetLevel, WorkRecordStat
from . import selectors
from .forms import TargetForm, UnitYearForm, UploadForm, WorkRecordForm, parse_month_input
from .services import work_record_submit
from .targets import target_set
from .upload import template_bytes, work_records_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHILDREN_PAGE = 25


def _records_year(request: HttpRequest) -> int:
    """The ``year`` asked, else the year of the latest figures among the user's units (the
    reference-date rule), else this year."""
    return page_year(
        request, data=WorkRecordStat.objects.all(), field="month", dated_by="date"
    ).year


def _targets_year(request: HttpRequest) -> int:
    """The ``year`` asked, else the latest year with targets that has begun, else this year.
    Targets are the province's: the same for every reader."""
    return page_year(request, data=Target.objects.all(), field="year", unit_field=None).year


def page_url(unit: AdministrativeUnit | str, year: int, **extra: str) -> str:
    code = unit if isinstance(unit, str) else unit.code
    query = urlencode({"unit": code, "year": year, **extra})
    return f"{reverse('transformation:work-records')}?{query}"


def _crumbs() -> list[tuple[str, str]]:
    return [
        ("/transformation/", _("Digital transformation")),
        (reverse("transformation:work-records"), _("Work records")),
    ]


def _selected_unit(
    request: HttpRequest, units: list[AdministrativeUnit]
) -> AdministrativeUnit | None:
    code = str(request.GET.get("unit", "")).strip()
    if not code:
        return selectors.default_unit(request.user, units)
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        raise Http404(_("No unit with this code among your units on that date."))
    return unit


def _entry_initial(request: HttpRequest, unit: AdministrativeUnit) -> dict[str, Any]:
    month = parse_month_input(request.GET.get("month"))
    if month is None:
        return {}
    stat = selectors.month_stat(unit=unit, month=month)
    initial: dict[str, Any] = {"month": month, "version": NOT_STORED}
    if stat is not None:
        initial.update(total=stat.total, online=stat.online, version=stat.version)
    return initial


def _submit(request: HttpRequest, unit: AdministrativeUnit, data: dict[str, Any]) -> Any:
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
def work_records(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _records_year(request)
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
        "crumbs": _crumbs()[:1],
    }
    return render(request, "transformation/work_records/unit_year.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def work_record_history(request: HttpRequest, pk: int) -> HttpResponse:
    stat = object_in_scope(WorkRecordStat.objects.select_related("unit"), request.user, pk)
    back = page_url(stat.unit, stat.month.year)
    title = _("Work records of %(unit)s, %(month)s (%(source)s)") % {
        "unit": stat.unit.name,
        "month": stat.month.strftime("%m/%Y"),
        "source": stat.get_source_display(),
    }
    return render_history(request, stat, title=title, back_url=back, breadcrumbs=_crumbs())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_record_upload(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    problems: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                result = work_records_upload(upload=form.cleaned_data["file"], by=request.user)
            except ValidationFailed as exc:
                form.add_error("file", exc.message)
            else:
                problems = result.problems
                if result.ok:
                    messages.success(
                        request,
                        _("File imported: %(new)s new and %(updated)s updated monthly figures.")
                        % {"new": result.imported, "updated": result.updated},
                    )
                    return redirect("transformation:work-record-upload")
    context = {
        "form": form,
        "problems": problems,
        "year": _records_year(request),
        "crumbs": _crumbs(),
    }
    return render(request, "transformation/work_records/upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def work_record_template(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    year = _records_year(request)
    units = selectors.stat_units_for_user(user=request.user, as_of=as_of_for_year(year))
    response = HttpResponse(template_bytes(units=list(units)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ho-so-cong-viec-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def target_list(request: HttpRequest) -> HttpResponse:
    years = selectors.target_years()
    year = _targets_year(request)
    user: Any = request.user
    context = {
        "table": selectors.target_table(year=year),
        "year": year,
        "years": sorted({*years, year}, reverse=True),
        "may_edit": user.can_write and user.sees_everything,
        "crumbs": _crumbs()[:1],
    }
    return render(request, "transformation/work_records/targets.html", context)


def _target_initial(request: HttpRequest) -> dict[str, Any]:
    year = _targets_year(request)
    indicator = request.GET.get("indicator") or Indicator.WORK_RECORDS_ONLINE
    level = request.GET.get("level") or TargetLevel.COMMUNE
    initial: dict[str, Any] = {
        "year": year,
        "indicator": indicator,
        "level": level,
        "version": NOT_STORED,
    }
    target = Target.objects.filter(year=year, indicator=indicator, level=level).first()
    if target is not None:
        initial.update(
            value=target.value_percent, legal_basis=target.legal_basis, version=target.version
        )
    else:
        same_year = Target.objects.filter(year=year).exclude(legal_basis="").first()
        initial["legal_basis"] = same_year.legal_basis if same_year else ""
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def target_edit(request: HttpRequest) -> HttpResponse:
    require_province_office(request.user)
    if request.method == "POST":
        form = TargetForm(request.POST)
    else:
        form = TargetForm(initial=_target_initial(request))
    done, status = submit(
        request,
        form,
        lambda data: target_set(
            year=data["year"],
            indicator=data["indicator"],
            level=data["level"],
            value=data["value"],
            legal_basis=data["legal_basis"],
            version=data["version"],
            by=request.user,
        ),
        message=lambda target: (
            _("Target saved: %(indicator)s, %(level)s, %(year)s: %(value)s%%.")
            % {
                "indicator": target.get_indicator_display(),
                "level": target.get_level_display(),
                "year": target.year,
                "value": target.value_percent.normalize(),
            }
        ),
        then=lambda target: f"{reverse('transformation:target-list')}?year={target.year}",
    )
    if done is not None:
        return done
    context = {"form": form, "crumbs": _crumbs()[:1]}
    return render(request, "transformation/work_records/target_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def target_history(request: HttpRequest, pk: int) -> HttpResponse:
    target = Target.objects.filter(pk=pk).first()
    if target is None:
        raise Http404(_("No such target."))
    url = f"{reverse('transformation:target-list')}?year={target.year}"
    title = f"{target.get_indicator_display()} — {target.get_level_display()} — {target.year}"
    crumbs = [_crumbs()[0], (url, _("Targets"))]
    return render_history(request, target, title=title, back_url=url, breadcrumbs=crumbs)
