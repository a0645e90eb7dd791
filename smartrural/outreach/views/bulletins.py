"""The officers' bulletin pages (/outreach/work/bulletins/): the list of their units'
bulletins, a new one spoken from text or from a recording, its page with the player, its
changes while a draft, publishing and withdrawing (POST only), its audio (gated, never a
public file), its CAP export (emergencies) and its history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, posted, posted_files, submit
from smartrural.core.versioned_forms import parse_version

from .. import cap
from ..access import access_for_user, may_change, scoped
from ..choices import bulletin_targets, office_units
from ..forms.bulletins import (
    BulletinEditForm,
    BulletinFilterForm,
    BulletinPublishForm,
    BulletinTextForm,
    BulletinUploadForm,
    default_window,
)
from ..models import Bulletin, BulletinSource, BulletinStatus, Priority
from ..services import bulletins as services

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
PAGE_SIZE = 25


def list_url() -> str:
    return reverse("outreach:bulletin-list")


def detail_url(bulletin: Bulletin) -> str:
    return reverse("outreach:bulletin-detail", args=[bulletin.pk])


def crumbs(bulletin: Bulletin | None = None) -> list[tuple[str, str]]:
    items = [(reverse("outreach:home"), _("Outreach")), (list_url(), _("Bulletins"))]
    if bulletin is not None:
        items.append((detail_url(bulletin), bulletin.title))
    return items


def _may_write(request: ActorRequest) -> bool:
    return bool(getattr(request.user, "can_write", False))


def _get(request: ActorRequest, pk: int, *, action: str = "read") -> Bulletin:
    return access_for_user(
        Bulletin,
        request.user,
        pk,
        action="write" if action == "write" else "read",
        queryset=Bulletin.objects.select_related("unit", "created_by"),
    )


@login_required
@require_http_methods(READ)
def bulletin_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    form = BulletinFilterForm(request.GET or None)
    bulletins = scoped(Bulletin, request.user)
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("priority") is not None:
            bulletins = bulletins.filter(priority=form.cleaned_data["priority"])
        if form.cleaned_data.get("status"):
            bulletins = bulletins.filter(status=form.cleaned_data["status"])
    bulletins = bulletins.select_related("unit").order_by("-created_at", "-pk")
    page = Paginator(bulletins, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_write": _may_write(request),
        "crumbs": crumbs()[:1],
    }
    return render(request, "outreach/bulletins/list.html", context)


def _create(request: ActorRequest, *, spoken: bool) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    units = office_units(request.user)
    initial: dict[str, Any] = {**default_window(), "priority": str(Priority.NORMAL)}
    first = list(units[:2])
    if len(first) == 1:
        initial["unit"] = first[0].pk
    form: BulletinTextForm | BulletinUploadForm
    if spoken:
        form = BulletinTextForm(posted(request), initial=initial, units=units)
    else:
        form = BulletinUploadForm(
            posted(request), posted_files(request), initial=initial, units=units
        )

    def create(data: dict[str, Any]) -> Bulletin:
        common = {
            "unit": data["unit"],
            "title": data["title"],
            "priority": data["priority"],
            "plays_from": data["plays_from"],
            "expires_at": data["expires_at"],
            "by": request.user,
        }
        if spoken:
            return services.bulletin_create_from_text(text=data["text"], **common)
        return services.bulletin_create_from_upload(
            upload=data["audio"], text=data.get("text") or "", **common
        )

    done, status = submit(
        request,
        form,
        create,
        message=lambda b: (
            _("Bulletin “%(title)s” made as a draft (%(seconds)s s).")
            % {"title": b.title, "seconds": b.duration}
        ),
        then=detail_url,
    )
    if done is not None:
        return done
    title = _("New bulletin from text") if spoken else _("New bulletin from a recording")
    context = {
        "form": form,
        "title": title,
        "submit": _("Make the bulletin"),
        "cancel": list_url(),
        "crumbs": crumbs(),
        "multipart": not spoken,
    }
    return render(request, "outreach/bulletins/form_page.html", context, status=status)


@login_required
@require_http_methods(FORM)
def bulletin_create_text(request: ActorRequest) -> HttpResponse:
    return _create(request, spoken=True)


@login_required
@require_http_methods(FORM)
def bulletin_create_upload(request: ActorRequest) -> HttpResponse:
    return _create(request, spoken=False)


def _detail_page(
    request: ActorRequest,
    bulletin: Bulletin,
    *,
    publish_form: BulletinPublishForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    may_write = _may_write(request) and may_change(bulletin, request.user)
    if publish_form is None and may_write and bulletin.status == BulletinStatus.DRAFT:
        stations, zones = bulletin_targets(bulletin)
        publish_form = BulletinPublishForm(
            initial={"version": bulletin.version}, stations=stations, zones=zones
        )
    context = {
        "bulletin": bulletin,
        "stations": bulletin.stations.select_related("unit").order_by("name"),
        "zones": bulletin.zones.order_by("path"),
        "publish_form": publish_form,
        "may_write": may_write,
        "exportable": cap.exportable(bulletin),
        "statuses": BulletinStatus,
        "spoken": bulletin.source != BulletinSource.UPLOAD,
        "error": error,
        "crumbs": crumbs(),
    }
    return render(request, "outreach/bulletins/detail.html", context, status=status)


@login_required
@require_http_methods(READ)
def bulletin_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _get(request, pk))


@login_required
@require_http_methods(FORM)
def bulletin_edit(request: ActorRequest, pk: int) -> HttpResponse:
    bulletin = _get(request, pk, action="write")
    spoken = bulletin.source != BulletinSource.UPLOAD
    initial = {
        "title": bulletin.title,
        "text": bulletin.text,
        "priority": str(bulletin.priority),
        "plays_from": bulletin.plays_from,
        "expires_at": bulletin.expires_at,
        "version": bulletin.version,
    }
    form = BulletinEditForm(posted(request), posted_files(request), initial=initial, spoken=spoken)

    def save(data: dict[str, Any]) -> Bulletin:
        return services.bulletin_update(
            bulletin=bulletin,
            version=data["version"],
            title=data["title"],
            text=data.get("text") or "",
            priority=data["priority"],
            plays_from=data["plays_from"],
            expires_at=data["expires_at"],
            upload=data.get("audio"),
            by=request.user,
        )

    done, status = submit(
        request,
        form,
        save,
        message=lambda b: _("Bulletin “%(title)s” saved.") % {"title": b.title},
        then=detail_url,
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "title": _("Change the bulletin"),
        "submit": _("Save"),
        "cancel": detail_url(bulletin),
        "crumbs": crumbs(bulletin),
        "multipart": not spoken,
    }
    return render(request, "outreach/bulletins/form_page.html", context, status=status)


@login_required
@require_POST
def bulletin_publish(request: ActorRequest, pk: int) -> HttpResponse:
    bulletin = _get(request, pk, action="write")
    stations, zones = bulletin_targets(bulletin)
    form = BulletinPublishForm(request.POST, stations=stations, zones=zones)
    done, status = submit(
        request,
        form,
        lambda data: services.bulletin_publish(
            bulletin=bulletin,
            version=data["version"],
            stations=data.get("stations") or [],
            zones=data.get("zones") or [],
            by=request.user,
        ),
        message=_("The bulletin is published: the stations take it at their next poll."),
        then=detail_url(bulletin),
    )
    if done is not None:
        return done
    return _detail_page(request, bulletin, publish_form=form, status=status)


@login_required
@require_POST
def bulletin_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    bulletin = _get(request, pk, action="write")
    raw = request.POST.get("version", "")
    try:
        version = parse_version(raw)
    except forms.ValidationError:  # a damaged field: the state check still applies
        version = None

    def refused(exc: DomainError) -> HttpResponse:
        return _detail_page(request, bulletin, error=exc.message, status=exc.status_code)

    return act(
        request,
        lambda: services.bulletin_withdraw(bulletin=bulletin, version=version, by=request.user),
        message=_("The bulletin is withdrawn: it plays nowhere any more."),
        then=detail_url(bulletin),
        refused=refused,
    )


@login_required
@require_http_methods(READ)
def bulletin_audio(request: ActorRequest, pk: int) -> FileResponse:
    """The bulletin's MP3 for officers of its unit (the player on its page)."""
    bulletin = _get(request, pk)
    if not bulletin.audio:
        raise Http404(_("This bulletin has no audio."))
    try:
        handle = bulletin.audio.open("rb")
    except OSError as exc:  # the row outlived its file
        raise Http404(_("This bulletin has no audio.")) from exc
    response = FileResponse(handle, content_type=bulletin.audio_mime or "audio/mpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(READ)
def bulletin_cap(request: ActorRequest, pk: int) -> HttpResponse:
    """The bulletin as a CAP 1.2 file (published emergencies only; else 404)."""
    bulletin = _get(request, pk)
    if not cap.exportable(bulletin):
        raise Http404(_("Only published emergency bulletins are exported as CAP alerts."))
    response = HttpResponse(cap.cap_export(bulletin), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.pk}.cap.xml"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(READ)
def bulletin_history(request: ActorRequest, pk: int) -> HttpResponse:
    bulletin = _get(request, pk)
    return render_history(
        request,
        bulletin,
        title=bulletin.title,
        back_url=detail_url(bulletin),
        breadcrumbs=crumbs(bulletin),
        hidden=frozenset({"audio", "sha256", "audio_mime"}),
    )
