"""A unit's entry page (values, comments, the evaluation as it stands) and its live check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.versioned_forms import show_conflict
from smartrural.core.versioning import EditConflict
from smartrural.geo.models import AdministrativeUnit

from ..forms import EntryForm, comment_field, value_field
from ..models import CriteriaSet
from .common import Target, can_review, load_target, stored_values
from .entry_save import readable, save
from .present import bound_fields, present
from .rows import overall


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
    request: ActorRequest,
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


def _form(request: ActorRequest, target: Target, stored: dict[str, Any]) -> EntryForm | None:
    if not request.user.can_write:
        return None
    data = request.POST if request.method == "POST" else None
    return EntryForm(data, indicators=list(target.definition.indicators().values()), stored=stored)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: ActorRequest, set_code: str, year: int, unit_code: str) -> HttpResponse:
    write = request.method == "POST"
    user = request.user
    target = load_target(user, set_code, year, unit_code, write=write, at_or_above=False)
    stored = stored_values(target)
    form = _form(request, target, stored)
    if form is None or request.method != "POST":
        return _render_entry(request, target, form, stored)
    if not form.is_valid():
        return _render_entry(request, target, form, stored, status=422)
    typed = form.raw_values()
    if request.POST.get("action") == "check":  # the no-JavaScript "check" button
        return _render_entry(request, target, form, stored, typed=typed)
    summary, cleared, meanwhile = save(target, form, by=user)
    if form.errors or meanwhile:
        status = 422
        if meanwhile:
            show_conflict(form, EditConflict(readable(target, meanwhile)))
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


@login_required
@require_POST
def entry_check(request: ActorRequest, set_code: str, year: int, unit_code: str) -> HttpResponse:
    """The live check (htmx): what the typed values would make of each indicator and criterion,
    as out-of-band fragments of the entry page; nothing is saved."""
    user = request.user
    target = load_target(user, set_code, year, unit_code, write=True, at_or_above=False)
    stored = stored_values(target)
    form = _form(request, target, stored)
    typed = form.raw_values() if form is not None else {}
    return _render_entry(
        request, target, form, stored, typed=typed, template="criteria/_check.html"
    )


def entry_url(criteria_set: CriteriaSet, year: int, unit: AdministrativeUnit) -> str:
    return reverse("criteria:entry", args=[criteria_set.code, year, unit.code])
