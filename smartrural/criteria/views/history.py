"""The history of one indicator value of a unit and year: every entry, correction, review and
clearing, kept under its key (set, year, unit, indicator) even after the value was cleared."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history

from ..display import value_display
from ..models import IndicatorValue
from ..selectors import root_id
from .common import load_target, slug


@login_required
@require_http_methods(["GET", "HEAD"])
def value_history(
    request: ActorRequest, set_code: str, year: int, unit_code: str, indicator_code: str
) -> HttpResponse:
    target = load_target(request.user, set_code, year, unit_code, at_or_above=False)
    indicator = target.definition.indicators().get(indicator_code)
    if indicator is None:
        raise Http404(
            _("The set %(set)s has no indicator %(code)s.")
            % {"set": set_code, "code": indicator_code}
        )
    history = getattr(IndicatorValue, "history")  # noqa: B009 - added by simple_history
    records = history.filter(
        unit_id=target.unit.pk,
        criteria_set_id=root_id(target.criteria_set),
        year=year,
        indicator_code=indicator_code,
    )
    return render_history(
        request,
        target.unit,
        title=_("Indicator %(code)s of %(unit)s, %(year)s")
        % {"code": indicator_code, "unit": target.unit.name, "year": year},
        back_url=f"{target.url()}#indicator-{slug(indicator_code)}",
        breadcrumbs=[
            (reverse("criteria:entry-home"), _("Data entry")),
            (target.url(), target.unit.name),
        ],
        records=records,
        display={"value": lambda text: value_display(indicator, str(text))},
        hidden=frozenset({"number", "unit", "criteria_set", "year", "indicator_code"}),
    )
