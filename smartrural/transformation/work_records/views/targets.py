"""The province's targets per KPI, level and year: the table, their entry, a target's history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import page_year
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.versioning import NOT_STORED

from ...models import Indicator, Target, TargetLevel
from .. import selectors
from ..forms import TargetForm
from ..targets import target_set
from .common import crumbs


def _targets_year(request: ActorRequest) -> int:
    """The ``year`` asked, else the latest year with targets that has begun, else this year.
    Targets are the province's: the same for every reader."""
    return page_year(request, data=Target.objects.all(), field="year", unit_field=None).year


@login_required
@require_http_methods(["GET", "HEAD"])
def target_list(request: ActorRequest) -> HttpResponse:
    years = selectors.target_years()
    year = _targets_year(request)
    user = request.user
    context = {
        "table": selectors.target_table(year=year),
        "year": year,
        "years": sorted({*years, year}, reverse=True),
        "may_edit": user.can_write and user.sees_everything,
        "crumbs": crumbs()[:1],
    }
    return render(request, "transformation/work_records/targets.html", context)


def _target_initial(request: ActorRequest) -> dict[str, Any]:
    year = _targets_year(request)
    indicator = request.GET.get("indicator") or Indicator.WORK_RECORDS_ONLINE
    level = request.GET.get("level") or TargetLevel.COMMUNE
    initial: dict[str, Any] = {
        "year": year,
        "indicator": indicator,
        "level": level,
        "version": NOT_STORED,
    }
    target = Target.objects.filter(year=year, indicator=indicator, level=level).first()
    if target is not None:
        initial.update(
            value=target.value_percent, legal_basis=target.legal_basis, version=target.version
        )
    else:
        same_year = Target.objects.filter(year=year).exclude(legal_basis="").first()
        initial["legal_basis"] = same_year.legal_basis if same_year else ""
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def target_edit(request: ActorRequest) -> HttpResponse:
    require_province_office(request.user)
    if request.method == "POST":
        form = TargetForm(request.POST)
    else:
        form = TargetForm(initial=_target_initial(request))
    done, status = submit(
        request,
        form,
        lambda data: target_set(
            year=data["year"],
            indicator=data["indicator"],
            level=data["level"],
            value=data["value"],
            legal_basis=data["legal_basis"],
            version=data["version"],
            by=request.user,
        ),
        message=lambda target: (
            _("Target saved: %(indicator)s, %(level)s, %(year)s: %(value)s%%.")
            % {
                "indicator": target.get_indicator_display(),
                "level": target.get_level_display(),
                "year": target.year,
                "value": target.value_percent.normalize(),
            }
        ),
        then=lambda target: f"{reverse('transformation:target-list')}?year={target.year}",
    )
    if done is not None:
        return done
    context = {"form": form, "crumbs": crumbs()[:1]}
    return render(request, "transformation/work_records/target_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def target_history(request: ActorRequest, pk: int) -> HttpResponse:
    target = Target.objects.filter(pk=pk).first()
    if target is None:
        raise Http404(_("No such target."))
    url = f"{reverse('transformation:target-list')}?year={target.year}"
    title = f"{target.get_indicator_display()} — {target.get_level_display()} — {target.year}"
    trail = [crumbs()[0], (url, _("Targets"))]
    return render_history(request, target, title=title, back_url=url, breadcrumbs=trail)
