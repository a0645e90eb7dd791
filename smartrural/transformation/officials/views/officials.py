"""Officials of the programme: list, page, create, edit, deactivate and reactivate, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import note_reference, year_reference
from smartrural.core.dates import Reference, today
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit

from ...access import unit_for_writing
from ...models import Attendance, Official, TrainingParticipant
from .. import selectors, services
from ..forms import OfficialFilterForm, OfficialForm
from ..selectors import OFFICIAL_LEVELS
from .common import PAGE_SIZE, history_crumbs, may_write, officials_crumb


def detail_url(official: Official) -> str:
    return reverse("transformation:official-detail", args=[official.pk])


def _list_year(request: ActorRequest, asked: int | None) -> int:
    """The year asked, else the latest year in which an official of the user's units attended a
    digital transformation training (the reference-date rule), else this year."""
    if asked:
        reference = Reference.for_year(asked, asked=True)
    else:
        trained = TrainingParticipant.objects.filter(
            attendance=Attendance.ATTENDED, event__digital_transformation=True
        )
        reference = year_reference(
            user=request.user,
            asked=None,
            data=trained,
            field="event__date",
            dated_by="date",
            unit_field="official__unit",
        )
    return note_reference(request, reference).year


@login_required
@require_http_methods(["GET", "HEAD"])
def official_list(request: ActorRequest) -> HttpResponse:
    form = OfficialFilterForm(request.GET or None)
    form.is_valid()  # a wrong filter is shown with its error; the others still apply
    data: dict[str, Any] = {
        k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors
    }
    year = _list_year(request, data.get("year"))
    qs = selectors.filter_officials(
        selectors.officials_for_user(request.user),
        unit=data.get("unit") or "",
        level=data.get("level") or "",
        active=data.get("active") or "",
        name=data.get("q") or "",
        trained=data.get("trained") or "",
        year=year,
    )
    active, trained = selectors.trained_summary(qs, year=year)
    rows = selectors.with_training_facts(qs, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "year": year,
        "active_count": active,
        "trained_count": trained,
        "trained_percent": round(trained * 100 / active, 1) if active else None,
        "may_write": may_write(request.user),
    }
    return render(request, "transformation/officials/official_list.html", context)


def _unit_codes(request: ActorRequest) -> list[Any]:
    return list(selectors.units_for_officials(request.user))


def _render_form(
    request: ActorRequest, form: OfficialForm, *, official: Official | None, status: int
) -> HttpResponse:
    crumbs = [officials_crumb()]
    if official is not None:
        crumbs.append((detail_url(official), official.full_name))
    context = {"form": form, "official": official, "crumbs": crumbs, "units": _unit_codes(request)}
    return render(request, "transformation/officials/official_form.html", context, status=status)


def _save(request: ActorRequest, form: OfficialForm, official: Official | None) -> Official:
    data = form.cleaned_data
    unit = unit_for_writing(request.user, data["unit"], on=data["as_of"], levels=OFFICIAL_LEVELS)
    if official is None:
        return services.official_create(
            unit=unit,
            full_name=data["full_name"],
            position=data["position"],
            identifier=data["identifier"],
            by=request.user,
        )
    return services.official_update(
        official=official,
        unit=unit,
        full_name=data["full_name"],
        position=data["position"],
        identifier=data["identifier"],
        version=data["version"],
        by=request.user,
    )


def _form_view(request: ActorRequest, official: Official | None, initial: dict[str, Any]) -> Any:
    form = OfficialForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda _data: _save(request, form, official),
        message=_("Official added.") if official is None else _("Official saved."),
        then=detail_url,
    )
    if done is not None:
        return done
    return _render_form(request, form, official=official, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def official_create(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    result: HttpResponse = _form_view(request, None, {"as_of": today()})
    return result


@login_required
@require_http_methods(["GET", "HEAD"])
def official_detail(request: ActorRequest, official_id: int) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id)
    scope = scope_for_user(request.user)
    participations = [
        (p, scope.contains(p.event.unit)) for p in selectors.official_participations(official)
    ]
    context = {
        "official": official,
        "participations": participations,
        "crumbs": [officials_crumb()],
        "may_write": may_write(request.user),
    }
    return render(request, "transformation/officials/official_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def official_edit(request: ActorRequest, official_id: int) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id, write=True)
    unit = official.unit
    initial = {
        "unit": unit.code,
        "as_of": today() if unit.is_valid_on(today()) else unit.reference_date,
        "full_name": official.full_name,
        "position": official.position,
        "identifier": official.identifier,
        "version": official.version,
    }
    result: HttpResponse = _form_view(request, official, initial)
    return result


def _set_active(request: ActorRequest, official_id: int, *, active: bool) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id, write=True)
    try:
        services.official_set_active(official=official, active=active, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": official.full_name})
        else:
            messages.success(
                request,
                _("%(name)s is deactivated: no longer counted among the programme's officials.")
                % {"name": official.full_name},
            )
    return redirect(detail_url(official))


@login_required
@require_POST
def official_deactivate(request: ActorRequest, official_id: int) -> HttpResponse:
    return _set_active(request, official_id, active=False)


@login_required
@require_POST
def official_reactivate(request: ActorRequest, official_id: int) -> HttpResponse:
    return _set_active(request, official_id, active=True)


@login_required
@require_http_methods(["GET", "HEAD"])
def official_history(request: ActorRequest, official_id: int) -> HttpResponse:
    official = selectors.official_for_user(request.user, official_id)
    return render_history(
        request,
        official,
        title=official.full_name,
        back_url=detail_url(official),
        breadcrumbs=history_crumbs(officials_crumb(), (detail_url(official), official.full_name)),
    )
