"""The outreach report: messages per channel, campaign and commune, costs, loudspeaker plays
and uptime for a period; the page, and the same tables as .xlsx and .pdf (``core.exports``:
every cell escaped, no formula).

Filters by campaign or station go through the gates (another commune's: 404); a unit outside
the reader's scope is no choice of the form (422 on the page, 400 for a download).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_official, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.exports import XLSX, Table, TableCell, tables_pdf, tables_xlsx
from smartrural.core.numbers import format_number, format_percent
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import access_for_user, scoped
from ..models import Campaign, Channel, PlayStatus, Station
from ..reporting import (
    FAST_ENOUGH,
    UPTIME_THRESHOLD,
    Counts,
    Filters,
    OutreachReport,
    Period,
    Uptime,
    outreach_report,
)

READ = ["GET", "HEAD"]
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_PERIOD_DAYS = 366 * 5
NONE = "—"
PLAY_COLUMNS = (PlayStatus.PLAYED, PlayStatus.FAILED, PlayStatus.SKIPPED)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def this_month() -> Period:
    day = today()
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(since=first, until=following - dt.timedelta(days=1))


class ReportForm(forms.Form):
    since = _date_field(pgettext_lazy("period", "From"))
    until = _date_field(gettext_lazy("Until"))
    channel = forms.ChoiceField(label=pgettext_lazy("outreach", "Channel"), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    # Ids, not choices: the gates answer 404 for another commune's campaign or station.
    campaign = forms.IntegerField(
        label=gettext_lazy("Campaign no."), required=False, min_value=1, max_value=2**31 - 1
    )
    station = forms.IntegerField(
        label=gettext_lazy("Station"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, data: QueryDict | None, *, user: Any) -> None:
        super().__init__(data)
        channel: Any = self.fields["channel"]
        channel.choices = [("", _("All channels")), *Channel.choices]
        scope = scope_for_user(user)
        unit: Any = self.fields["unit"]
        unit.queryset = (
            AdministrativeUnit.objects.filter(scope.unit_q())
            .filter(level__in=(Level.DISTRICT, Level.COMMUNE))
            .order_by("path")
        )
        unit.empty_label = _("All my units")
        stations = scoped(Station, user).order_by("unit__code", "name", "pk")
        self.fields["station"].widget = forms.Select(
            choices=[("", _("All stations")), *((s.pk, s.name) for s in stations)]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default = this_month()
        since = data.get("since") or default.since
        until = data.get("until") or default.until
        if since > until:
            self.add_error("until", _("The end of the period is before its start."))
        elif (until - since).days > MAX_PERIOD_DAYS:
            self.add_error("until", _("A period can be at most five years."))
        data["period"] = Period(since=since, until=until)
        return data


@dataclass(frozen=True)
class PageTable:
    """A table of the page: the export's ``Table``, and per row a link and a highlight."""

    table: Table
    links: list[str]
    below: list[bool]
    has_total: bool = True

    @property
    def rows(self) -> list[tuple[list[TableCell], str, bool, bool]]:
        last = len(self.table.rows) - 1
        return [
            (row, self.links[i], self.below[i], self.has_total and i == last)
            for i, row in enumerate(self.table.rows)
        ]


def _percent(value: Decimal | None) -> str:
    return NONE if value is None else format_percent(value, 1)


def _seconds(value: float | None) -> str:
    return NONE if value is None else format_number(value, 1)


def _counts_header(first: str, *, timing: bool) -> list[str]:
    header = [
        first,
        _("Queued"),
        _("Accepted (no receipt yet)"),
        _("Delivered"),
        _("Failed"),
        _("Cancelled"),
        _("Total"),
        _("Sent"),
        _("Delivery rate"),
    ]
    if timing:
        header += [
            _("Accepted within %(seconds)s s") % {"seconds": int(FAST_ENOUGH.total_seconds())},
            _("95th percentile to acceptance (s)"),
        ]
    return [*header, _("Cost (VND)")]


def _counts_row(counts: Counts, label: str, *, timing: bool) -> list[TableCell]:
    row: list[TableCell] = [
        label,
        counts.queued,
        counts.accepted,
        counts.delivered,
        counts.failed,
        counts.cancelled,
        counts.total,
        counts.sent,
        _percent(counts.delivery_rate),
    ]
    if timing:
        row += [_percent(counts.fast_share), _seconds(counts.p95_seconds)]
    return [*row, int(counts.cost)]


def _counts_table(
    title: str, first: str, rows: list[Counts], total: Counts, *, timing: bool = False
) -> Table:
    body = [_counts_row(c, c.label or NONE, timing=timing) for c in rows]
    if rows:
        body.append(_counts_row(total, _("Total"), timing=timing))
    return Table(title=title, header=_counts_header(first, timing=timing), rows=body)


def _sum(rows: list[Counts]) -> Counts:
    total = Counts()
    for counts in rows:
        total.add(counts)
    return total


def _uptime_row(uptime: Uptime, first: list[TableCell]) -> list[TableCell]:
    return [
        *first,
        uptime.heard,
        uptime.expected,
        _percent(uptime.percent),
        *(uptime.plays.get(status, 0) for status in PLAY_COLUMNS),
        uptime.plays_total,
    ]


def _uptime_header(first: list[str]) -> list[str]:
    return [
        *first,
        _("5-minute periods heard"),
        _("5-minute periods in the period"),
        _("Uptime"),
        pgettext("play", "Played"),
        pgettext("play", "Failed"),
        pgettext("play", "Skipped"),
        pgettext("play", "Plays"),
    ]


def _title(report: OutreachReport) -> str:
    return _("Outreach report from %(since)s to %(until)s") % {
        "since": report.period.since.strftime("%d/%m/%Y"),
        "until": report.period.until.strftime("%d/%m/%Y"),
    }


def _campaign_link(query: QueryDict, key: object) -> str:
    if key is None:
        return ""
    params = query.copy()
    params["campaign"] = str(key)
    return f"{reverse('outreach:report')}?{params.urlencode()}"


def page_tables(report: OutreachReport, query: QueryDict) -> list[PageTable]:
    messages = report.messages
    radio = report.radio
    campaigns = messages.by_campaign
    for counts in campaigns:
        if counts.key is None:
            counts.label = _("Single messages (no campaign)")
    stations_table = Table(
        title=_("Loudspeakers by station"),
        header=_uptime_header([_("Station")]),
        rows=[_uptime_row(s, [s.label]) for s in radio.stations]
        + ([_uptime_row(radio.total, [_("Total")])] if radio.stations else []),
    )
    clusters_table = Table(
        title=_("Loudspeakers by cluster"),
        header=_uptime_header([_("Station"), _("Cluster"), _("Hamlet")]),
        rows=[_uptime_row(c, [c.station, c.label, c.hamlet or NONE]) for c in radio.clusters],
    )
    return [
        PageTable(
            _counts_table(
                _("Messages by channel"),
                pgettext("outreach", "Channel"),
                messages.by_channel,
                messages.total,
                timing=True,
            ),
            [""] * (len(messages.by_channel) + 1),
            [False] * (len(messages.by_channel) + 1),
        ),
        PageTable(
            _counts_table(_("Messages by campaign"), _("Campaign"), campaigns, _sum(campaigns)),
            [_campaign_link(query, c.key) for c in campaigns] + [""],
            [False] * (len(campaigns) + 1),
        ),
        PageTable(
            _counts_table(
                _("Messages by commune"),
                _("Commune"),
                messages.by_unit,
                _sum(messages.by_unit),
            ),
            [""] * (len(messages.by_unit) + 1),
            [False] * (len(messages.by_unit) + 1),
        ),
        PageTable(
            stations_table,
            [""] * (len(radio.stations) + 1),
            [s.below for s in radio.stations] + [radio.total.below],
        ),
        PageTable(
            clusters_table,
            [""] * len(radio.clusters),
            [c.below for c in radio.clusters],
            has_total=False,
        ),
    ]


def _report(request: ActorRequest) -> tuple[ReportForm, OutreachReport]:
    """The form and the report asked by ``request.GET`` (this month's, unfiltered, when the
    form is not valid); campaign and station through their gates (404 outside the scope)."""
    require_official(request.user)
    form = ReportForm(request.GET or None, user=request.user)
    period = this_month()
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = data["period"]
        campaign = station = None
        if data.get("campaign"):
            campaign = access_for_user(Campaign, request.user, data["campaign"])
        if data.get("station"):
            station = access_for_user(Station, request.user, data["station"])
        filters = Filters(
            channel=data.get("channel") or "",
            campaign=campaign,
            unit=data.get("unit"),
            station=station,
        )
    return form, outreach_report(request.user, period=period, filters=filters)


def _shown(cell: TableCell) -> str:
    if isinstance(cell, int):
        return number_format(cell, force_grouping=True)
    return cell


@login_required
@require_http_methods(READ)
def report(request: ActorRequest) -> HttpResponse:
    form, data = _report(request)
    status = 422 if form.is_bound and not form.is_valid() else 200
    tables = page_tables(data, request.GET)
    for page_table in tables:
        for row in page_table.table.rows:
            row[:] = [_shown(cell) for cell in row]
    campaign = data.filters.campaign
    context = {
        "form": form,
        "report": data,
        "title": _title(data),
        "tables": tables,
        "channels_chart": _bars(data.messages.by_channel),
        "chart_height": 28 * len(data.messages.by_channel) + 8,
        "campaign": campaign,
        "threshold": format_percent(UPTIME_THRESHOLD, 0),
        "fast_seconds": int(FAST_ENOUGH.total_seconds()),
        "query": request.GET.urlencode(),
    }
    return render(request, "outreach/reports/report.html", context, status=status)


BAR_LEFT = 180


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    delivered: float
    accepted: float
    failed: float
    text: str

    @property
    def accepted_x(self) -> float:
        return round(BAR_LEFT + self.delivered, 1)

    @property
    def failed_x(self) -> float:
        return round(BAR_LEFT + self.delivered + self.accepted, 1)


def _bars(rows: list[Counts]) -> list[Bar]:
    """Per channel, the share delivered, accepted and failed of its messages, as widths in a
    400-wide plot (the template draws them as inline SVG)."""
    bars = []
    for index, counts in enumerate(rows):
        total = counts.total or 1
        bars.append(
            Bar(
                label=counts.label,
                y=index * 28,
                delivered=round(400 * counts.delivered / total, 1),
                accepted=round(400 * counts.accepted / total, 1),
                failed=round(400 * counts.failed / total, 1),
                text=_percent(counts.delivery_rate),
            )
        )
    return bars


def _export(request: ActorRequest) -> tuple[OutreachReport, list[Table]]:
    form, data = _report(request)
    if form.is_bound and not form.is_valid():
        raise BadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return data, [page_table.table for page_table in page_tables(data, request.GET)]


def _filename(data: OutreachReport, ext: str) -> str:
    return f"truyen-thong-{data.period.since:%Y%m%d}-{data.period.until:%Y%m%d}.{ext}"


@login_required
@require_http_methods(READ)
def report_xlsx(request: ActorRequest) -> HttpResponse:
    data, tables = _export(request)
    response = HttpResponse(tables_xlsx(_title(data), tables), XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response


@login_required
@require_http_methods(READ)
def report_pdf(request: ActorRequest) -> HttpResponse:
    data, tables = _export(request)
    response = HttpResponse(tables_pdf(_title(data), tables), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response
