"""Officers' pages of commune radio: the stations of their units with their loudspeaker
clusters (status, last contact), adding and editing them, a cluster's device token (shown once,
on the page that answers its creation or rotation, never again), revoking it; a station's
programme of a day with what each cluster reported, and its play log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import day_reference, held_until
from smartrural.core.dates import today
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import attempt, posted, submit
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import access_for_user, scoped
from ..forms.stations import (
    ClusterForm,
    ProgrammeDayForm,
    StationCreateForm,
    StationForm,
    TokenActionForm,
)
from ..models import Cluster, PlayLog, ProgrammeItem, Station
from ..programmes import programme_build
from ..services.stations import (
    IssuedToken,
    cluster_create,
    cluster_state,
    cluster_token_revoke,
    cluster_token_rotate,
    cluster_update,
    station_create,
    station_update,
)

PAGE_SIZE = 25
UPTIME_WINDOW = dt.timedelta(hours=24)
UPTIME_BUCKETS = UPTIME_WINDOW // dt.timedelta(minutes=5)
LOG_PAGE_SIZE = 50


def crumbs(station: Station | None = None) -> list[tuple[str, str]]:
    trail = [
        (reverse("outreach:home"), _("Outreach")),
        (reverse("outreach:station-list"), _("Radio stations")),
    ]
    if station is not None:
        trail.append((reverse("outreach:station-detail", args=[station.pk]), station.name))
    return trail


def _with_states(clusters: list[Cluster]) -> list[Cluster]:
    now = timezone.now()
    for cluster in clusters:
        cluster.state = cluster_state(cluster, now=now)  # type: ignore[attr-defined]
    return clusters


def _clusters() -> Prefetch[Any]:
    return Prefetch("clusters", queryset=Cluster.objects.select_related("hamlet"))


def _communes(request: ActorRequest) -> QuerySet[AdministrativeUnit]:
    """The communes of the officer's units today, else on the last day some commune of theirs
    existed (an officer of a commune merged in 2025 still sees theirs)."""
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    reference = day_reference(
        user=request.user,
        asked=None,
        data=communes,
        field=held_until("valid_to"),
        unit_field="",
    )
    return (
        AdministrativeUnit.objects.valid_on(reference.as_of)
        .filter(level=Level.COMMUNE)
        .filter(scope_for_user(request.user).unit_q())
        .order_by("path")
    )


def _hamlets(station: Station) -> QuerySet[AdministrativeUnit]:
    """The hamlets of the station's commune today, or on its last day."""
    unit = station.unit
    as_of = min(today(), unit.valid_to) if unit.valid_to else today()
    return (
        AdministrativeUnit.objects.valid_on(as_of)
        .filter(level=Level.HAMLET, parent=unit.pk)
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def station_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    stations = scoped(Station, request.user).select_related("unit").prefetch_related(_clusters())
    page = Paginator(stations.order_by("unit__path", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for station in page.object_list:
        _with_states(list(station.clusters.all()))
    context = {
        "page": page,
        "may_write": request.user.can_write,
        "crumbs": crumbs()[:1],
        "offline_minutes": _offline_minutes(),
    }
    return render(request, "outreach/stations/station_list.html", context)


def _offline_minutes() -> int:
    from django.conf import settings

    return int(settings.OUTREACH_CLUSTER_OFFLINE_MINUTES)


@login_required
@require_http_methods(["GET", "HEAD"])
def station_detail(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(
        Station, request.user, pk, queryset=Station.objects.select_related("unit")
    )
    since = timezone.now() - UPTIME_WINDOW
    clusters: list[Cluster] = list(
        Cluster.objects.filter(station=station)
        .select_related("hamlet")
        .annotate(buckets=Count("heartbeats", filter=Q(heartbeats__bucket__gte=since)))
        .order_by("name", "pk")
    )
    for cluster in clusters:
        # Uptime: the share of the window's 5-minute buckets the cluster was heard in.
        cluster.uptime = min(100, round(100 * cluster.buckets / UPTIME_BUCKETS))  # type: ignore[attr-defined]
    context = {
        "station": station,
        "clusters": _with_states(clusters),
        "may_write": request.user.can_write,
        "crumbs": crumbs(),
        "offline_minutes": _offline_minutes(),
    }
    return render(request, "outreach/stations/station_detail.html", context)


def _station_form_page(
    request: ActorRequest, form: forms.Form, *, station: Station | None, status: int
) -> HttpResponse:
    context = {"form": form, "station": station, "crumbs": crumbs(station)}
    return render(request, "outreach/stations/station_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def station_add(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    form = StationCreateForm(posted(request), communes=_communes(request))
    done, status = submit(
        request,
        form,
        lambda data: station_create(
            unit=data["unit"], name=data["name"], active=data["active"], by=request.user
        ),
        message=lambda s: _("Radio station “%(name)s” added.") % {"name": s.name},
        then=lambda s: reverse("outreach:station-detail", args=[s.pk]),
    )
    if done is not None:
        return done
    return _station_form_page(request, form, station=None, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def station_edit(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(Station, request.user, pk, action="write")
    initial = {"name": station.name, "active": station.active, "version": station.version}
    form = StationForm(posted(request), initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: station_update(
            station=station,
            version=data["version"],
            by=request.user,
            name=data["name"],
            active=data["active"],
        ),
        message=lambda s: _("Radio station “%(name)s” saved.") % {"name": s.name},
        then=lambda s: reverse("outreach:station-detail", args=[s.pk]),
    )
    if done is not None:
        return done
    return _station_form_page(request, form, station=station, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def station_history(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(Station, request.user, pk)
    return render_history(
        request,
        station,
        title=station.name,
        back_url=reverse("outreach:station-detail", args=[station.pk]),
        breadcrumbs=crumbs(station),
    )


def _token_page(request: ActorRequest, issued: IssuedToken, *, rotated: bool) -> HttpResponse:
    """The one page that shows a cluster's token: not stored, not cached, never shown again."""
    cluster = issued.cluster
    context = {
        "cluster": cluster,
        "station": cluster.station,
        "token": issued.token,
        "rotated": rotated,
        "api_base": request.build_absolute_uri("/api/v1/loudspeakers/"),
        "crumbs": crumbs(cluster.station),
    }
    response = render(request, "outreach/stations/cluster_token.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _cluster_form_page(
    request: ActorRequest,
    form: forms.Form,
    *,
    station: Station,
    cluster: Cluster | None,
    status: int,
) -> HttpResponse:
    context = {"form": form, "station": station, "cluster": cluster, "crumbs": crumbs(station)}
    return render(request, "outreach/stations/cluster_form.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cluster_add(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(
        Station, request.user, pk, action="write", queryset=Station.objects.select_related("unit")
    )
    form = ClusterForm(posted(request), hamlets=_hamlets(station), others=station.clusters.all())
    del form.fields["active"]
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            issued, status = attempt(
                form,
                lambda: cluster_create(
                    station=station,
                    name=data["name"],
                    hamlet=data["hamlet"],
                    speakers=data["speakers"],
                    by=request.user,
                ),
            )
            if issued is not None:
                return _token_page(request, issued, rotated=False)
    return _cluster_form_page(request, form, station=station, cluster=None, status=status)


def _cluster_for(request: ActorRequest, pk: int, *, action: str = "read") -> Cluster:
    return access_for_user(
        Cluster,
        request.user,
        pk,
        action="write" if action == "write" else "read",
        queryset=Cluster.objects.select_related("station", "station__unit", "hamlet"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cluster_edit(request: ActorRequest, pk: int) -> HttpResponse:
    cluster = _cluster_for(request, pk, action="write")
    initial = {
        "name": cluster.name,
        "hamlet": cluster.hamlet_id,
        "speakers": cluster.speakers,
        "active": cluster.active,
        "version": cluster.version,
    }
    form = ClusterForm(
        posted(request),
        initial=initial,
        hamlets=_hamlets(cluster.station),
        others=Cluster.objects.filter(station=cluster.station_id).exclude(pk=cluster.pk),
    )
    done, status = submit(
        request,
        form,
        lambda data: cluster_update(
            cluster=cluster,
            version=data["version"],
            by=request.user,
            name=data["name"],
            hamlet=data["hamlet"],
            speakers=data["speakers"],
            active=data["active"],
        ),
        message=lambda c: _("Loudspeaker cluster “%(name)s” saved.") % {"name": c.name},
        then=lambda c: reverse("outreach:station-detail", args=[c.station_id]),
    )
    if done is not None:
        return done
    return _cluster_form_page(
        request, form, station=cluster.station, cluster=cluster, status=status
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def cluster_history(request: ActorRequest, pk: int) -> HttpResponse:
    cluster = _cluster_for(request, pk)
    return render_history(
        request,
        cluster,
        title=cluster.name,
        back_url=reverse("outreach:station-detail", args=[cluster.station_id]),
        breadcrumbs=crumbs(cluster.station),
    )


def _refused(request: ActorRequest, cluster: Cluster, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("outreach:station-detail", cluster.station_id)


@never_cache
@login_required
@require_POST
def cluster_rotate(request: ActorRequest, pk: int) -> HttpResponse:
    cluster = _cluster_for(request, pk, action="write")
    form = TokenActionForm(request.POST)
    if not form.is_valid():
        return _refused(request, cluster, " ".join(str(e) for e in form.non_field_errors()))
    try:
        issued = cluster_token_rotate(
            cluster=cluster, version=form.cleaned_data["version"], by=request.user
        )
    except DomainError as exc:
        return _refused(request, cluster, exc.message)
    return _token_page(request, issued, rotated=True)


@login_required
@require_POST
def cluster_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    cluster = _cluster_for(request, pk, action="write")
    form = TokenActionForm(request.POST)
    if not form.is_valid():
        return _refused(request, cluster, " ".join(str(e) for e in form.non_field_errors()))
    try:
        cluster_token_revoke(cluster=cluster, version=form.cleaned_data["version"], by=request.user)
    except DomainError as exc:
        return _refused(request, cluster, exc.message)
    messages.success(
        request,
        _("The token of “%(name)s” is revoked: the cluster can no longer fetch bulletins.")
        % {"name": cluster.name},
    )
    return redirect("outreach:station-detail", cluster.station_id)


@login_required
@require_http_methods(["GET", "HEAD"])
def station_programme(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(
        Station, request.user, pk, queryset=Station.objects.select_related("unit")
    )
    form = ProgrammeDayForm(request.GET or None)
    day = today()
    status = 200
    if form.is_bound:
        if form.is_valid():
            day = form.cleaned_data["day"] or day
        else:
            status = 422
    if day >= today():
        # What the clusters will be sent: built as the device API builds it (idempotent).
        programme_build(station=station, day=day)
    clusters = list(station.clusters.all())
    items = list(
        ProgrammeItem.objects.filter(station=station, day=day)
        .select_related("bulletin")
        .prefetch_related(Prefetch("plays", queryset=PlayLog.objects.order_by("cluster_id")))
        .order_by("position", "pk")
    )
    names = {cluster.pk: cluster.name for cluster in clusters}
    rows = [
        {
            "item": item,
            "plays": [(names.get(log.cluster_id, "?"), log) for log in item.plays.all()],
            "waiting": len(clusters) - len(item.plays.all()),
        }
        for item in items
    ]
    context = {
        "station": station,
        "form": form,
        "day": day,
        "rows": rows,
        "crumbs": crumbs(station),
    }
    return render(request, "outreach/stations/programme.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def station_plays(request: ActorRequest, pk: int) -> HttpResponse:
    station = access_for_user(Station, request.user, pk)
    logs = (
        PlayLog.objects.filter(item__station=station)
        .select_related("cluster", "item", "item__bulletin")
        .order_by("-played_at", "-pk")
    )
    page = Paginator(logs, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"station": station, "page": page, "crumbs": crumbs(station)}
    return render(request, "outreach/stations/plays.html", context)
