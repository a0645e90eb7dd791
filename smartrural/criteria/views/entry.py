"""Data entry: the units a user can enter, a unit's entry page and its live check."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import scope_for_user
from smartrural.accounts.models import Role
from smartrural.accounts.reference import latest_with_data, note_reference
from smartrural.core.dates import Reference, today
from smartrural.core.errors import DomainError
from smartrural.core.versioned_forms import show_conflict
from smartrural.core.versioning import EditConflict, FieldConflict
from smartrural.geo.models import LEVEL_DEPTH, AdministrativeUnit, Level

from ..display import value_display
from ..forms import EntryForm, comment_field, value_field
from ..models import CriteriaSet, IndicatorValue
from ..selectors import RURAL_COMMUNE_KINDS, as_of_for_year, compiled
from ..values import ImportSummary, data_value_set_import, indicator_value_clear
from .common import Target, can_review, level_depth, load_target, stored_values
from .present import bound_fields, overall, present

PAGE_SIZE = 50


def _sets_by_year() -> list[tuple[CriteriaSet, int, int]]:
    """Every set with a version and the years it covers (versions prefetched: 2 queries)."""
    out = []
    for criteria_set in CriteriaSet.objects.prefetch_related("versions"):
        versions = sorted(criteria_set.versions.all(), key=lambda v: v.number)
        if versions:
            d = compiled(versions[-1]).definition
            out.append((criteria_set, d.valid_from_year, d.valid_to_year))
    return out


def _int(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


def _units(scope: Any, criteria_set: CriteriaSet, year: int) -> Any:
    """Units of the set's level in ``scope`` on 1 July of ``year``."""
    units = (
        AdministrativeUnit.objects.valid_on(as_of_for_year(year))
        .filter(scope.unit_q(), level=criteria_set.unit_level)
        .select_related("parent")
        .order_by("path")
    )
    if criteria_set.unit_level == Level.COMMUNE:
        units = units.filter(kind__in=RURAL_COMMUNE_KINDS)
    return units


def _default_year(
    request: HttpRequest, sets: list[tuple[CriteriaSet, int, int]], years: list[int], scope: Any
) -> int | None:
    """The latest year with indicator values among the user's units (the reference-date rule);
    without any, the latest year up to this one in which the user has units to enter (units
    change with reorganisations), else the latest year up to this one."""
    latest = latest_with_data(
        user=request.user, data=IndicatorValue.objects.all(), field="year", dated_by="year"
    )
    if latest is not None and latest.year in years:
        return latest.year
    past = [y for y in years if y <= today().year] or years[-1:]
    for year in past:
        for criteria_set, start, end in sets:
            if start <= year <= end and _units(scope, criteria_set, year).exists():
                return year
    return past[0] if past else None


@login_required
@require_http_methods(["GET", "HEAD"])
def entry_home(request: HttpRequest) -> HttpResponse:
    sets = _sets_by_year()
    scope = scope_for_user(request.user)
    years = sorted({y for _s, start, end in sets for y in range(start, end + 1)}, reverse=True)
    year = _int(request.GET.get("year"))
    if year not in years:
        year = _default_year(request, sets, years, scope)
    if year is not None:
        asked = _int(request.GET.get("year")) == year
        note_reference(request, Reference.for_year(year, asked=asked))
    valid = [s for s, start, end in sets if year is not None and start <= year <= end]
    chosen = next((s for s in valid if s.code == request.GET.get("set")), None)
    chosen = chosen or (valid[0] if valid else None)
    context: dict[str, Any] = {"years": years, "year": year, "sets": valid, "chosen": chosen}
    if chosen is not None and year is not None:
        units = _units(scope, chosen, year)
        user: Any = request.user
        if user.role == Role.COMMUNE_OFFICER and not request.GET.get("set"):
            own = list(units[:2])
            if len(own) == 1:  # a commune officer goes straight to their commune
                return redirect("criteria:entry", chosen.code, year, own[0].code)
        depth = level_depth(chosen.unit_level)
        above = [str(level) for level, d in LEVEL_DEPTH.items() if d < depth]
        context["page"] = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
        context["groups"] = list(
            AdministrativeUnit.objects.valid_on(as_of_for_year(year))
            .filter(scope.unit_q(), level__in=above)
            .order_by("path")[:PAGE_SIZE]
        )
    return render(request, "criteria/entry_home.html", context)


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary of a failed save: the message and the field it is about."""

    field_id: str  # "" when the error is about the whole form
    label: str
    message: str


def error_summary(form: EntryForm | None) -> list[ErrorLink]:
    """Every error of a failed save, in page order, each linking to its field."""
    if form is None or not form.is_bound or not form.errors:
        return []
    links = [ErrorLink("", "", str(m)) for m in form.non_field_errors()]
    for code in form.codes:
        for name, label in (
            (value_field(code), _("Value of %(code)s") % {"code": code}),
            (comment_field(code), _("Comment on %(code)s") % {"code": code}),
        ):
            for message in form.errors.get(name, []):
                links.append(ErrorLink(form.field_id(name), label, str(message)))
    return links


def _render_entry(
    request: HttpRequest,
    target: Target,
    form: EntryForm | None,
    stored: dict[str, Any],
    *,
    typed: dict[str, str] | None = None,
    status: int = 200,
    template: str = "criteria/entry.html",
) -> HttpResponse:
    result, criteria = present(target, stored, typed)
    bound_fields(form, criteria)
    if form is not None:
        form.mark_errors()
    context = {
        "target": target,
        "unit": target.unit,
        "criteria_set": target.criteria_set,
        "definition": target.definition,
        "year": target.year,
        "result": result,
        "criteria": criteria,
        "overall": overall(criteria),
        "form": form,
        "errors": error_summary(form) if status == 422 else [],
        "can_review": can_review(request.user, target.unit),
        "check_url": target.url("entry-check"),
    }
    return render(request, template, context, status=status)


def _form(request: HttpRequest, target: Target, stored: dict[str, Any]) -> EntryForm | None:
    if not getattr(request.user, "can_write", False):
        return None
    data = request.POST if request.method == "POST" else None
    return EntryForm(data, indicators=list(target.definition.indicators().values()), stored=stored)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: HttpRequest, set_code: str, year: int, unit_code: str) -> HttpResponse:
    write = request.method == "POST"
    target = load_target(request.user, set_code, year, unit_code, write=write, at_or_above=False)
    stored = stored_values(target)
    form = _form(request, target, stored)
    if form is None or request.method != "POST":
        return _render_entry(request, target, form, stored)
    if not form.is_valid():
        return _render_entry(request, target, form, stored, status=422)
    typed = form.raw_values()
    if request.POST.get("action") == "check":  # the no-JavaScript "check" button
        return _render_entry(request, target, form, stored, typed=typed)
    summary, cleared, meanwhile = _save(request, target, form)
    if form.errors or meanwhile:
        status = 422
        if meanwhile:
            show_conflict(form, EditConflict(_readable(target, meanwhile)))
            # What others changed meanwhile shows as stored; what this officer typed stays.
            stored = stored_values(target)
            form.show_stored(stored, keep=set(form.changed_codes()))
            typed = form.raw_values()
            status = 409
        return _render_entry(request, target, form, stored, typed=typed, status=status)
    messages.success(
        request,
        _(
            "Values saved: %(new)s new, %(changed)s changed, %(same)s unchanged, "
            "%(cleared)s cleared."
        )
        % {
            "new": summary.imported,
            "changed": summary.updated,
            "same": summary.ignored,
            "cleared": cleared,
        },
    )
    return redirect(target.url())


def _save(
    request: HttpRequest, target: Target, form: EntryForm
) -> tuple[ImportSummary, int, list[FieldConflict]]:
    """Clear the values the officer emptied and write those changed, all or nothing: the
    summary of the write, how many values were cleared, and the values changed meanwhile (any
    other problem is put on the form)."""
    meanwhile: list[FieldConflict] = []
    cleared = 0
    summary = ImportSummary()
    with transaction.atomic():
        for code in form.cleared_codes():
            try:
                removed = indicator_value_clear(
                    unit=target.unit,
                    criteria_set=target.criteria_set,
                    year=target.year,
                    indicator_code=code,
                    version=form.versions.get(code),
                    by=request.user,
                )
            except EditConflict as exc:
                meanwhile.extend(exc.conflicts)
            except DomainError as exc:
                form.add_error(value_field(code), exc.message)
            else:
                cleared += removed is not None
        rows = form.rows()
        if rows:
            summary = data_value_set_import(
                criteria_set=target.criteria_set,
                year=target.year,
                unit=target.unit,
                rows=rows,
                by=request.user,
            )
        changed_meanwhile = {c.row for c in summary.edited_meanwhile}
        meanwhile.extend(summary.edited_meanwhile)
        for conflict in summary.conflicts:
            if conflict.indicator in changed_meanwhile:
                continue  # shown with both values at the top of the form
            name = value_field(conflict.indicator)
            form.add_error(name if name in form.fields else None, conflict.message)
        if form.errors or meanwhile:
            transaction.set_rollback(True)  # nothing half-written
    return summary, cleared, meanwhile


def _readable(target: Target, conflicts: list[FieldConflict]) -> list[FieldConflict]:
    """The conflicts with values shown as on the page ("87,5%", "Đạt"), not as stored."""
    indicators = target.definition.indicators()
    out = []
    for c in conflicts:
        ind = indicators.get(c.row)
        if ind is not None and c.field == "value":
            c = replace(
                c,
                current_display=value_display(ind, c.current),
                sent_display=value_display(ind, c.sent),
            )
        out.append(c)
    return out


@login_required
@require_POST
def entry_check(request: HttpRequest, set_code: str, year: int, unit_code: str) -> HttpResponse:
    """The live check (htmx): what the typed values would make of each indicator and criterion,
    as out-of-band fragments of the entry page; nothing is saved."""
    target = load_target(request.user, set_code, year, unit_code, write=True, at_or_above=False)
    stored = stored_values(target)
    form = _form(request, target, stored)
    typed = form.raw_values() if form is not None else {}
    return _render_entry(
        request, target, form, stored, typed=typed, template="criteria/_check.html"
    )


def entry_url(criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit) -> str:
    return reverse("criteria:entry", args=[criteria_set.code, year, unit.code])
