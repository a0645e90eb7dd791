"""Statistics per unit, category and period: the page, and the same tables as .xlsx and .pdf
(``core.exports``: no formula, Vietnamese headers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.exports import XLSX, Table, TableCell, tables_pdf, tables_xlsx

from ...selectors.queue import queue_units
from ...selectors.statistics import Figures, Statistics, feedback_statistics
from ..forms.statistics import StatisticsForm
from .common import READ, queue_crumb


def _figures(request: ActorRequest) -> tuple[StatisticsForm, Statistics]:
    form = StatisticsForm(request.GET or None, units=queue_units(request.user))
    period, unit_id, category_id = form.choice()
    data = feedback_statistics(
        request.user, period=period, unit_id=unit_id, category_id=category_id
    )
    return form, data


def _number(value: float | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=1)


def _row(figures: Figures, label: str) -> list[TableCell]:
    return [
        label,
        figures.received,
        figures.resolved,
        _number(figures.on_time_percent),
        _number(figures.median_days),
        _number(figures.average_rating),
        figures.open_now,
        figures.overdue_now,
    ]


def _title(data: Statistics) -> str:
    return _("Feedback statistics from %(since)s to %(until)s") % {
        "since": data.period.since.strftime("%d/%m/%Y"),
        "until": data.period.until.strftime("%d/%m/%Y"),
    }


def _table(data: Statistics) -> Table:
    header = [
        _("Category"),
        _("Received"),
        _("Resolved"),
        _("Resolved on time (%)"),
        _("Median days to resolve"),
        _("Average rating"),
        _("Open now"),
        _("Overdue now"),
    ]
    rows = [_row(f, f.label) for f in data.rows] + [_row(data.total, _("Total"))]
    return Table(title=_("By category"), header=header, rows=rows)


@login_required
@require_http_methods(READ)
def statistics(request: ActorRequest) -> HttpResponse:
    form, data = _figures(request)
    status = 422 if form.is_bound and not form.is_valid() else 200
    context = {
        "form": form,
        "data": data,
        "title": _title(data),
        "table": _table(data),
        "query": request.GET.urlencode(),
        "crumbs": [queue_crumb()],
    }
    return render(request, "feedback/officers/statistics.html", context, status=status)


def _export(request: ActorRequest) -> Statistics:
    form, data = _figures(request)
    if form.is_bound and not form.is_valid():
        raise BadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return data


def _filename(data: Statistics, ext: str) -> str:
    return f"phan-anh-{data.period.since:%Y%m%d}-{data.period.until:%Y%m%d}.{ext}"


@login_required
@require_http_methods(READ)
def statistics_xlsx(request: ActorRequest) -> HttpResponse:
    data = _export(request)
    response = HttpResponse(tables_xlsx(_title(data), [_table(data)]), XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response


@login_required
@require_http_methods(READ)
def statistics_pdf(request: ActorRequest) -> HttpResponse:
    data = _export(request)
    response = HttpResponse(
        tables_pdf(_title(data), [_table(data)]), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response
