"""Officers' pages of households: the list of the reader's hamlets (filtered, searched without
diacritics), add, edit, make inactive or active again, history, and the Excel/CSV import with
its template."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_official, require_writer, scope_for_user
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import day_reference, held_until, note_reference
from smartrural.core.errors import DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, import_submit, posted, submit
from smartrural.core.tabular import read_table
from smartrural.core.text import fold
from smartrural.geo.models import AdministrativeUnit, Level

from ..access import access_household_for_user, households_for_user
from ..forms.households import (
    HouseholdActiveForm,
    HouseholdCreateForm,
    HouseholdFilterForm,
    HouseholdForm,
    ImportForm,
)
from ..models import Household
from ..services.households import household_create, household_set_active, household_update
from ..services.households_import import (
    household_rows,
    households_import,
    template_bytes,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("surveys:household-list") + (f"?{query}" if query else "")


def crumbs() -> list[tuple[str, str]]:
    return [("/surveys/work/", _("Surveys")), (list_url(), _("Households"))]


def hamlets_for_user(request: ActorRequest, asked: dt.date | None) -> tuple[dt.date, QuerySet[Any]]:
    """The reader's hamlets on the day asked, else on the last day (not after today) some hamlet
    of theirs is valid (after the 2025 reorganisation: the new communes' hamlets)."""
    reference = note_reference(
        request,
        day_reference(
            user=request.user,
            asked=asked,
            data=AdministrativeUnit.objects.filter(level=Level.HAMLET),
            field=held_until("valid_to"),
            unit_field="",
        ),
    )
    hamlets = (
        AdministrativeUnit.objects.valid_on(reference.as_of)
        .filter(level=Level.HAMLET)
        .filter(scope_for_user(request.user).unit_q())
        .select_related("parent")
        .order_by("path")
    )
    return reference.as_of, hamlets


def _asked_day(raw: str | None) -> dt.date | None:
    try:
        day: dt.date | None = HouseholdFilterForm.base_fields["as_of"].clean(raw or "")
    except forms.ValidationError:
        return None  # the filter form shows what is wrong with it
    return day


def filter_households(
    qs: QuerySet[Household], *, hamlet: AdministrativeUnit | None, q: str, active: str
) -> QuerySet[Household]:
    if hamlet is not None:
        qs = qs.filter(hamlet=hamlet)
    text = q.strip()
    if text:
        qs = qs.filter(Q(number__icontains=text) | Q(search_name__contains=fold(text)))
    if active:
        qs = qs.filter(active=active == "yes")
    return qs


@login_required
@require_http_methods(["GET", "HEAD"])
def household_list(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    as_of, hamlets = hamlets_for_user(request, _asked_day(request.GET.get("as_of")))
    form = HouseholdFilterForm(request.GET or None, hamlets=hamlets, initial={"as_of": as_of})
    form.is_valid()  # a wrong filter is shown with its error; the others still apply
    data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    qs = filter_households(
        households_for_user(request.user).filter(hamlet__in=hamlets),
        hamlet=data.get("hamlet"),
        q=data.get("q") or "",
        active=data.get("active") or "",
    )
    rows = qs.select_related("hamlet", "hamlet__parent").order_by(
        "hamlet__path", Length("number"), "number", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "as_of": as_of,
        "may_write": request.user.can_write,
        "crumbs": crumbs()[:1],
    }
    return render(request, "surveys/households/household_list.html", context)


def _form_page(
    request: ActorRequest, form: forms.Form, *, household: Household | None, status: int
) -> HttpResponse:
    context = {"form": form, "household": household, "crumbs": crumbs()}
    return render(request, "surveys/households/household_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_add(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    _as_of, hamlets = hamlets_for_user(request, None)
    initial = {"hamlet": request.GET.get("hamlet")} if request.GET.get("hamlet") else {}
    form = HouseholdCreateForm(posted(request), hamlets=hamlets, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: household_create(
            hamlet=data["hamlet"],
            number=data["number"],
            head_name=data["head_name"],
            address=data["address"] or "",
            by=request.user,
        ),
        message=lambda h: (
            _("Household %(number)s added to %(hamlet)s.")
            % {"number": h.number, "hamlet": h.hamlet.name}
        ),
        then=lambda h: list_url(hamlet=h.hamlet_id),
    )
    if done is not None:
        return done
    return _form_page(request, form, household=None, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_edit(request: ActorRequest, pk: int) -> HttpResponse:
    household = access_household_for_user(request.user, pk, action="write")
    initial = {
        "number": household.number,
        "head_name": household.head_name,
        "address": household.address,
        "version": household.version,
    }
    form = HouseholdForm(posted(request), initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: household_update(
            household=household,
            version=data["version"],
            by=request.user,
            number=data["number"],
            head_name=data["head_name"],
            address=data["address"] or "",
        ),
        message=lambda h: _("Household %(number)s saved.") % {"number": h.number},
        then=lambda h: list_url(hamlet=h.hamlet_id),
    )
    if done is not None:
        return done
    return _form_page(request, form, household=household, status=status)


@login_required
@require_POST
def household_active(request: ActorRequest, pk: int) -> HttpResponse:
    """Make a household inactive (``active=0``: moved away) or active again (``active=1``)."""
    household = access_household_for_user(request.user, pk, action="write")
    form = HouseholdActiveForm(request.POST)
    then = reverse("surveys:household-edit", args=[household.pk])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect(then)
    active = request.POST.get("active") == "1"
    done = (
        _("Household %(number)s is active again.")
        if active
        else _("Household %(number)s is inactive: it is left out of samples drawn from now on.")
    )

    def refused(exc: DomainError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(then)

    return act(
        request,
        lambda: household_set_active(
            household=household,
            active=active,
            version=form.cleaned_data["version"],
            by=request.user,
        ),
        message=done % {"number": household.number},
        then=then,
        refused=refused,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def household_history(request: ActorRequest, pk: int) -> HttpResponse:
    household = access_household_for_user(request.user, pk)
    return render_history(
        request,
        household,
        title=_("Household %(number)s, %(hamlet)s")
        % {"number": household.number, "hamlet": household.hamlet.name},
        back_url=list_url(hamlet=household.hamlet_id),
        breadcrumbs=crumbs(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def household_import(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    as_of, _hamlets = hamlets_for_user(request, None)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"as_of": as_of})
    done, status, errors = import_submit(
        request,
        form,
        lambda data: households_import(
            rows=household_rows(read_table(data["file"])), as_of=data["as_of"], by=request.user
        ),
        message=lambda result: (
            _(
                "Import done: %(created)s household(s) added, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ),
        then=reverse("surveys:household-list"),
    )
    if done is not None:
        return done
    context = {"form": form, "errors": errors, "crumbs": crumbs()}
    return render(request, "surveys/households/household_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def household_import_template(request: ActorRequest) -> HttpResponse:
    require_official(request.user)
    require_writer(request.user)
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ho-gia-dinh-mau.xlsx"'
    return response
