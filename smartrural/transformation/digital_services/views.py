"""Pages of the essential digital services' offerings (list with coverage, forms, end, evidence,
history; the catalogue's pages are in ``catalogue_views.py``). Thin: parse input, pass the
access gate, call a service, respond."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import day_reference, held_until, note_reference
from smartrural.core.dates import Reference, today
from smartrural.core.history import render_history
from smartrural.core.page_forms import posted, posted_files, submit
from smartrural.transformation.access import object_in_scope
from smartrural.transformation.models import ServiceOffering

from . import selectors, services
from .forms import OfferingEndForm, OfferingFilterForm, OfferingForm

PAGE_SIZE = 25
T = TypeVar("T")
READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]


def _list_crumb() -> tuple[str, str]:
    return reverse("transformation:offering-list"), _("Digital services")


def _catalogue_crumb() -> tuple[str, str]:
    return reverse("transformation:service-catalogue"), _("Catalogue of essential services")


def _root_crumb() -> tuple[str, str]:
    return "/transformation/", _("Digital transformation")


def _detail_url(offering: ServiceOffering) -> str:
    return reverse("transformation:offering-detail", args=[offering.pk])


def _offering(request: ActorRequest, offering_id: int, *, write: bool = False) -> ServiceOffering:
    queryset = ServiceOffering.objects.select_related("unit__parent", "service", "entered_by")
    return object_in_scope(queryset, request.user, offering_id, write=write)


def _form_page(
    request: ActorRequest,
    *,
    form: forms.Form,
    title: str,
    submit: str,
    crumbs: list[tuple[str, str]],
    cancel: str,
    status: int,
    multipart: bool = False,
    notice: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "crumbs": crumbs,
        "cancel": cancel,
        "multipart": multipart,
        "notice": notice,
    }
    return render(request, "transformation/digital_services/form_page.html", context, status=status)


# Offerings


@login_required
@require_http_methods(READ)
def offering_list(request: ActorRequest) -> HttpResponse:
    user = request.user
    # The latest day (not after today) on which an offering in the user's scope runs on a unit
    # valid that day: the reference-date rule; the filter's date overrides it.
    running = ServiceOffering.objects.filter(since__lte=today(), service__active=True)
    default = day_reference(
        user=user,
        asked=None,
        data=running,
        field=held_until("until", "unit__valid_to"),
        dated_by="until",
    )
    day = default.as_of
    form = OfferingFilterForm(
        request.GET or None, services=list(selectors.catalogue()), initial={"on": day}
    )
    offerings = selectors.offering_list(user=user, on=day)
    any_date = asked = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        asked = data["on"] is not None
        day = data["on"] or day
        any_date = data["any_date"]
        offerings = selectors.offering_list(
            user=user,
            service=form.chosen_service(),
            unit=data["unit"],
            level=data["level"],
            on=None if any_date else day,
        )
    note_reference(request, Reference.for_day(day, asked=asked))
    context = {
        "form": form,
        "page": Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("page")),
        "day": day,
        "any_date": any_date,
        "coverage": selectors.offering_coverage(user=user, on=day),
        "may_write": bool(getattr(user, "can_write", False)),
    }
    return render(request, "transformation/digital_services/offering_list.html", context)


def _offering_form(request: ActorRequest, offering: ServiceOffering | None) -> HttpResponse:
    editing = offering is not None
    available = list(selectors.catalogue(active_only=True))
    initial = {}
    if offering is not None:
        if not offering.service.active:
            available.append(offering.service)
        initial = {
            "unit": offering.unit.code,
            "service": offering.service.code,
            "since": offering.since,
            "until": offering.until,
            "note": offering.note,
            "version": offering.version,
        }
    form = OfferingForm(
        posted(request),
        posted_files(request),
        services=available,
        editing=editing,
        initial=initial,
    )

    def save(data: dict[str, Any]) -> ServiceOffering:
        fields = {
            "unit_code": data["unit"],
            "service": form.chosen_service(),
            "since": data["since"],
            "until": data["until"],
            "note": data["note"],
            "evidence": data["evidence"],
            "by": request.user,
        }
        if offering is None:
            return services.offering_create(**fields)
        return services.offering_update(
            offering=offering,
            remove_evidence=data["remove_evidence"],
            version=data["version"],
            **fields,
        )

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: (
            _("%(unit)s offers “%(service)s”: saved.")
            % {"unit": saved.unit.name, "service": saved.service.name}
        ),
        then=_detail_url,
    )
    if done is not None:
        return done
    crumbs = [_list_crumb()]
    if offering is not None:
        crumbs.append((_detail_url(offering), f"{offering.unit.name} — {offering.service.name}"))
    notice = ""
    if not available:
        notice = _("The catalogue has no service yet: the province office fills it first.")
    return _form_page(
        request,
        form=form,
        title=_("Edit the offering") if editing else _("Record a service offered by a unit"),
        submit=_("Save"),
        crumbs=crumbs,
        cancel=_detail_url(offering) if offering else reverse("transformation:offering-list"),
        status=status,
        multipart=True,
        notice=notice,
    )


@login_required
@require_http_methods(FORM)
def offering_create(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    return _offering_form(request, None)


@login_required
@require_http_methods(FORM)
def offering_edit(request: ActorRequest, offering_id: int) -> HttpResponse:
    return _offering_form(request, _offering(request, offering_id, write=True))


def _render_detail(
    request: ActorRequest,
    offering: ServiceOffering,
    *,
    end_form: OfferingEndForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "offering": offering,
        "evidence_name": PurePath(offering.evidence.name).name if offering.evidence else "",
        "end_form": end_form
        or OfferingEndForm(initial={"until": today(), "version": offering.version}),
        "ended": offering.until is not None and offering.until < today(),
        "may_write": bool(getattr(request.user, "can_write", False)),
        "crumbs": [_list_crumb()],
    }
    return render(
        request, "transformation/digital_services/offering_detail.html", context, status=status
    )


@login_required
@require_http_methods(READ)
def offering_detail(request: ActorRequest, offering_id: int) -> HttpResponse:
    return _render_detail(request, _offering(request, offering_id))


@login_required
@require_POST
def offering_end(request: ActorRequest, offering_id: int) -> HttpResponse:
    offering = _offering(request, offering_id, write=True)
    form = OfferingEndForm(request.POST)
    done, status = submit(
        request,
        form,
        lambda data: services.offering_end(
            offering=offering, until=data["until"], version=data["version"], by=request.user
        ),
        message=lambda _saved: (
            _("The offering ends on %(date)s.")
            % {"date": form.cleaned_data["until"].strftime("%d/%m/%Y")}
        ),
        then=_detail_url,
    )
    if done is not None:
        return done
    offering.refresh_from_db()
    return _render_detail(request, offering, end_form=form, status=status)


@login_required
@require_http_methods(READ)
def offering_history(request: ActorRequest, offering_id: int) -> HttpResponse:
    offering = _offering(request, offering_id)
    title = f"{offering.unit.name} — {offering.service.name}"
    return render_history(
        request,
        offering,
        title=title,
        back_url=_detail_url(offering),
        breadcrumbs=[_root_crumb(), _list_crumb(), (_detail_url(offering), title)],
    )


@login_required
@require_http_methods(READ)
def offering_evidence(request: ActorRequest, offering_id: int) -> FileResponse:
    offering = _offering(request, offering_id)
    if not offering.evidence:
        raise Http404(_("This offering has no evidence file."))
    return FileResponse(
        offering.evidence.open("rb"),
        as_attachment=True,
        filename=PurePath(offering.evidence.name).name,
        content_type=offering.evidence_content_type or "application/octet-stream",
    )
