"""The form that adds an official or corrects one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.page_forms import submit

from ...access import unit_for_writing
from ...models import Official
from .. import selectors, services
from ..forms import OfficialForm
from ..selectors import OFFICIAL_LEVELS
from .common import officials_crumb
from .officials import detail_url


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
