"""Read pages: the dossier list, registration, the dossier page and its history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import access_unit_for_user, require_writer, scope_for_user
from smartrural.accounts.actor import Actor, ActorRequest
from smartrural.accounts.reference import held_until, note_reference, note_year, year_reference
from smartrural.core.dates import Reference, today
from smartrural.core.errors import Forbidden, ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.text import fold
from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.selectors import as_of_for_year
from smartrural.geo.models import AdministrativeUnit, Level, valid_on_q
from smartrural.geo.selectors import code_not_valid_message, unit_by_code

from .. import selectors, services
from ..access import access_dossier_for_user, dossiers_for_user
from ..deadlines import is_overdue
from ..forms import DossierFilterForm, DossierRegisterForm
from ..models import Dossier
from .common import crumbs, detail_url, render_detail

PAGE_SIZE = 50


def _filtered(qs: QuerySet[Dossier], form: DossierFilterForm) -> QuerySet[Dossier]:
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["q"]:
        text = data["q"].strip()
        qs = qs.filter(Q(unit__search_name__icontains=fold(text)) | Q(unit__code__startswith=text))
    if data["year"]:
        qs = qs.filter(year=data["year"])
    if data["stage"]:
        qs = qs.filter(stage=data["stage"])
    if data["target_level"]:
        qs = qs.filter(target_level=data["target_level"])
    if data["overdue"]:
        qs = qs.filter(selectors.overdue_q())
    return qs


def _list_filters(request: ActorRequest) -> DossierFilterForm:
    """The list's filters; without a ``year`` parameter, the latest year with dossiers among the
    user's units (the reference-date rule). An empty ``year`` asks for every year."""
    params = request.GET.copy()
    if "year" not in params:
        default = year_reference(
            user=request.user, asked=None, data=Dossier.objects.all(), field="year"
        )
        params["year"] = str(default.year)
    form = DossierFilterForm(params)
    if form.is_valid() and form.cleaned_data["year"]:
        asked = "year" in request.GET
        note_reference(request, Reference.for_year(form.cleaned_data["year"], asked=asked))
    return form


@login_required
@require_http_methods(["GET", "HEAD"])
def dossier_list(request: ActorRequest) -> HttpResponse:
    form = _list_filters(request)
    qs = _filtered(dossiers_for_user(request.user), form).select_related("unit__parent")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(d, is_overdue(d, now=now), selectors.deadline_of(d)) for d in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "may_register": bool(getattr(request.user, "can_write", False)),
    }
    return render(request, "recognition/dossier_list.html", context)


def _registrable(user: Actor) -> QuerySet[AdministrativeUnit]:
    """The units whose dossiers ``user`` registers (their own communes or districts; every one
    for the province office), of any date."""
    scope = scope_for_user(user)
    qs = AdministrativeUnit.objects.filter(level__in=(Level.COMMUNE, Level.DISTRICT))
    if not scope.everything:
        qs = qs.filter(path__in=scope.paths)
    return qs


def _register_reference(request: ActorRequest, asked: Any) -> Reference:
    """The reference-date rule over the user's registrable units: the year asked, else the last
    year whose 1 July one of them saw, else this year."""
    started = _registrable(request.user).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today())
    )
    return year_reference(
        user=request.user,
        asked=asked,
        data=started,
        field=held_until("valid_to"),
        dated_by="until",
        unit_field=None,  # already the user's own units
    )


def _register_year(request: ActorRequest) -> int:
    """The year the form registers for (the one posted, or asked with ``?year=``, or the
    default); the units offered are those valid on its 1 July."""
    asked = request.POST.get("year") if request.method == "POST" else request.GET.get("year")
    try:
        reference = _register_reference(request, asked)
    except ValidationFailed:
        # The form reports the malformed year; the units offered are the default year's.
        reference = _register_reference(request, None)
    note_reference(request, reference)
    return reference.year


def _register(request: ActorRequest, form: DossierRegisterForm) -> Dossier:
    """Resolve the posted unit through the gate (404 outside the scope), then register. A code
    that names no unit on 1 July of the year is a form error saying when it was valid."""
    data = form.cleaned_data
    as_of = as_of_for_year(data["year"])
    if unit_by_code(code=data["unit"], as_of=as_of) is None:
        raise ValidationFailed(code_not_valid_message(code=data["unit"], as_of=as_of), field="unit")
    unit = access_unit_for_user(request.user, data["unit"], as_of=as_of, action="add_child")
    criteria_set = CriteriaSet.objects.filter(code=data["criteria_set"]).first()
    if criteria_set is None:
        raise ValidationFailed(_("Unknown criteria set."), field="criteria_set")
    return services.dossier_register(
        unit=unit,
        target_level=data["target_level"],
        criteria_set=criteria_set,
        year=data["year"],
        by=request.user,
    )


def _register_shown(request: ActorRequest, form: DossierRegisterForm) -> Dossier:
    """A unit the user may not register for (the gate's refusal) is said on the form (403), not
    on an error page."""
    try:
        return _register(request, form)
    except PermissionDenied as exc:
        raise Forbidden(str(exc)) from exc


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_register(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    year = _register_year(request)
    units = list(
        _registrable(request.user).filter(valid_on_q(as_of_for_year(year))).order_by("path")
    )
    form = DossierRegisterForm(request.POST or None, units=units, initial={"year": year})
    done, status = submit(
        request,
        form,
        lambda _data: _register_shown(request, form),
        message=_("Dossier registered."),
        then=detail_url,
    )
    if done is not None:
        return done
    context = {"form": form, "crumbs": crumbs()}
    return render(request, "recognition/dossier_register.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def dossier_detail(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id)
    note_year(request, dossier.year)
    return render_detail(request, dossier)


@login_required
@require_http_methods(["GET", "HEAD"])
def dossier_history(request: ActorRequest, dossier_id: int) -> HttpResponse:
    dossier = access_dossier_for_user(request.user, dossier_id)
    note_year(request, dossier.year)
    return render_history(
        request,
        dossier,
        title=str(dossier),
        back_url=detail_url(dossier),
        breadcrumbs=[*crumbs(), (detail_url(dossier), str(dossier))],
    )
