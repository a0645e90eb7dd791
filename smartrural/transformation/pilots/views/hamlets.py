"""Smart hamlets: the hamlets in the user's scope with their checklist result for a year, and
one hamlet's assessment against the province's checklist."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import page_year
from smartrural.core.dates import today
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.geo.models import AdministrativeUnit

from ...models import HamletAssessment, SmartHamletItem
from .. import selectors, services
from ..forms import AssessmentForm, HamletFilterForm
from .common import PAGE_SIZE, crumbs

LIST = "transformation:pilot-hamlet-list"


def assess_url(hamlet: AdministrativeUnit, year: int) -> str:
    return reverse("transformation:pilot-hamlet-assess", args=[hamlet.pk, year])


@login_required
@require_http_methods(["GET", "HEAD"])
def hamlet_list(request: ActorRequest) -> HttpResponse:
    user = request.user
    # The year asked, else the latest assessed in the user's scope (the reference-date rule).
    assessed = HamletAssessment.objects.all()
    year = page_year(request, data=assessed, field="year", unit_field="hamlet").year
    communes = list(selectors.communes_for_user(user=user, year=year))
    params = request.GET.copy()
    params["year"] = str(year)
    form = HamletFilterForm(params, communes=communes)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    commune = next((c for c in communes if c.code == data.get("commune")), None)
    smart = {"yes": True, "no": False}.get(data.get("smart") or "")
    items = selectors.active_item_count()
    qs = selectors.hamlets_for_user(user=user, year=year, commune=commune, smart=smart, items=items)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    hamlet_count, smart_count = selectors.hamlet_totals(
        user=user, year=year, commune=commune, items=items
    )
    context = {
        "form": form,
        "year": year,
        "items": items,
        "page": page,
        "rows": [(h, items > 0 and h.met == items) for h in page.object_list],
        "smart_count": smart_count,
        "hamlet_count": hamlet_count,
    }
    return render(request, "transformation/pilots/hamlet_list.html", context)


def _hamlet_in_year(request: ActorRequest, hamlet_id: int, year: int, *, write: bool) -> Any:
    hamlet = selectors.hamlet_for_user(request.user, hamlet_id, write=write)
    if not selectors.FIRST_YEAR <= year <= today().year:
        raise Http404(_("Smart-hamlet assessments are kept for past and current years only."))
    if not hamlet.is_valid_on(selectors.reference_date(year)):
        raise Http404(_("This hamlet did not exist in that year."))
    return hamlet


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hamlet_assess(request: ActorRequest, hamlet_id: int, year: int) -> HttpResponse:
    writing = request.method == "POST"
    hamlet = _hamlet_in_year(request, hamlet_id, year, write=writing)
    checklist = selectors.hamlet_checklist(hamlet, year)
    items: list[SmartHamletItem] = [line.item for line in checklist.lines]
    found = {line.item.pk: line.assessment for line in checklist.lines if line.assessment}
    form = AssessmentForm(request.POST or None, items=items, found=found)

    def save(data: dict[str, Any]) -> None:
        answers = {
            pk: services.Answer(data[f"met_{pk}"] == "yes", data[f"comment_{pk}"], version)
            for pk, version in form.changed.items()
        }
        services.hamlet_assess(hamlet=hamlet, year=year, answers=answers, by=request.user)

    done, status = submit(
        request, form, save, message=_("Assessment saved."), then=assess_url(hamlet, year)
    )
    if done is not None:
        return done
    if getattr(form, "edit_conflict", None) is not None:
        checklist = selectors.hamlet_checklist(hamlet, year)
        form.show_stored(
            {line.item.pk: line.assessment for line in checklist.lines if line.assessment}
        )
    context = {
        "hamlet": hamlet,
        "year": year,
        "checklist": checklist,
        "form": form,
        "may_assess": bool(getattr(request.user, "can_write", False)) and items,
        "list_url": f"{reverse(LIST)}?year={year}",
    }
    return render(request, "transformation/pilots/hamlet_assess.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def assessment_history(request: ActorRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_for_user(request.user, assessment_id)
    back = assess_url(assessment.hamlet, assessment.year)
    return render_history(
        request,
        assessment,
        title=f"{assessment.hamlet.name} {assessment.year} — {assessment.item}",
        back_url=back,
        breadcrumbs=crumbs(
            (reverse(LIST), _("Smart hamlets")),
            (back, f"{assessment.hamlet.name} {assessment.year}"),
        ),
    )
