"""The form that ends an offering on its last day."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.page_forms import submit

from .. import services
from ..forms import OfferingEndForm
from .common import _detail_url, _offering
from .offering import _render_detail


@login_required
@require_POST
def offering_end(request: ActorRequest, offering_id: int) -> HttpResponse:
    offering = _offering(request, offering_id, write=True)
    form = OfferingEndForm(request.POST)
    done, status = submit(
        request,
        form,
        lambda data: services.offering_end(
            offering=offering, until=data["until"], version=data["version"], by=request.user
        ),
        message=lambda _saved: (
            _("The offering ends on %(date)s.")
            % {"date": form.cleaned_data["until"].strftime("%d/%m/%Y")}
        ),
        then=_detail_url,
    )
    if done is not None:
        return done
    offering.refresh_from_db()
    return _render_detail(request, offering, end_form=form, status=status)
