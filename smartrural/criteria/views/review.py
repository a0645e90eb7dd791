"""District review of a value: return it with a comment, or accept it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.page_forms import act, submit
from smartrural.core.versioned_forms import show_conflict
from smartrural.core.versioning import EditConflict

from ..forms import AcceptForm, ReturnForm
from ..models import IndicatorValue
from ..services import indicator_value_accept, indicator_value_return
from .common import Target, can_review, load_target, stored_value


def _reviewer_target(
    request: ActorRequest, set_code: str, year: int, unit_code: str, *, write: bool
) -> Target:
    user = request.user
    target = load_target(user, set_code, year, unit_code, write=write, at_or_above=False)
    if not can_review(user, target.unit):
        raise PermissionDenied(_("Values are reviewed by the district or the province."))
    return target


def _render_review(
    request: ActorRequest,
    target: Target,
    value: IndicatorValue,
    *,
    form: ReturnForm | None = None,
    accept_form: AcceptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "target": target,
        "unit": target.unit,
        "value": value,
        "indicator": target.definition.indicators().get(value.indicator_code),
        "form": form or ReturnForm(initial={"version": value.version}),
        "accept_form": accept_form or AcceptForm(initial={"version": value.version}),
        "conflict": getattr(form, "edit_conflict", None)
        or getattr(accept_form, "edit_conflict", None),
    }
    return render(request, "criteria/review.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def value_return(
    request: ActorRequest, set_code: str, year: int, unit_code: str, indicator_code: str
) -> HttpResponse:
    write = request.method == "POST"
    target = _reviewer_target(request, set_code, year, unit_code, write=write)
    value = stored_value(target, indicator_code)
    form = ReturnForm(request.POST or None, initial={"version": value.version})
    done, status = submit(
        request,
        form,
        lambda data: indicator_value_return(
            value=value, comment=data["comment"], version=data["version"], by=request.user
        ),
        message=_("Indicator %(code)s returned to the commune.") % {"code": indicator_code},
        then=target.url(),
    )
    if done is not None:
        return done
    return _render_review(request, target, value, form=form, status=status)


@login_required
@require_POST
def value_accept(
    request: ActorRequest, set_code: str, year: int, unit_code: str, indicator_code: str
) -> HttpResponse:
    target = _reviewer_target(request, set_code, year, unit_code, write=True)
    value = stored_value(target, indicator_code)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _render_review(request, target, value, accept_form=form, status=422)

    def refused(exc: DomainError) -> HttpResponse:
        if isinstance(exc, EditConflict):
            show_conflict(form, exc)
            return _render_review(request, target, value, accept_form=form, status=exc.status_code)
        messages.error(request, exc.message)  # said on the entry page, as a refusal of the list
        return redirect(target.url())

    return act(
        request,
        lambda: indicator_value_accept(
            value=value, version=form.cleaned_data["version"], by=request.user
        ),
        message=_("Indicator %(code)s accepted.") % {"code": indicator_code},
        then=target.url(),
        refused=refused,
    )
