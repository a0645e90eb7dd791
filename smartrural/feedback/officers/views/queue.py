"""The work queue: counts by status and overdue, filters, oldest first, and bulk assignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.core.dates import today
from smartrural.core.errors import DomainError, ValidationFailed
from smartrural.core.page_forms import add_domain_error

from ...access import reports_for_user
from ...models import Report
from ...selectors import queue as selectors
from ...services.bulk import BatchRefused, reports_assign
from ..forms.queue import BulkAssignForm, QueueFilterForm
from .common import PAGE_SIZE, READ


def _page(request: ActorRequest, bulk: BulkAssignForm, status: int) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET or None, units=selectors.queue_units(user))
    wanted = form.wanted()
    page = Paginator(selectors.queue(user, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "bulk": bulk,
        "page": page,
        "counts": selectors.queue_counts(user, wanted),
        "today": today(),
        "query": query.urlencode(),
        "may_write": bool(getattr(user, "can_write", False)),
    }
    return render(request, "feedback/officers/queue.html", context, status=status)


@login_required
@require_http_methods(READ)
def queue(request: ActorRequest) -> HttpResponse:
    bulk = BulkAssignForm(None, officers=selectors.officers_in_scope(request.user))
    return _page(request, bulk, 200)


@login_required
@require_POST
def bulk_assign(request: ActorRequest) -> HttpResponse:
    """Every ticked report to one officer, or none (one message per report refused)."""
    require_writer(request.user)
    form = BulkAssignForm(request.POST, officers=selectors.officers_in_scope(request.user))

    def assign(data: dict[str, object]) -> list[Report]:
        picked = data["picked"]
        assert isinstance(picked, dict)
        found = {
            r.pk: r
            for r in reports_for_user(request.user)
            .select_related("responsible_unit")
            .filter(pk__in=list(picked))
        }
        missing = [pk for pk in picked if pk not in found]
        if missing:
            raise ValidationFailed(
                _("No report %(numbers)s in your units.")
                % {"numbers": ", ".join(f"#{pk}" for pk in missing)}
            )
        return reports_assign(
            reports=[(found[pk], picked[pk]) for pk in picked],
            assignee=data["assignee"],  # type: ignore[arg-type]
            by=request.user,
        )

    if not form.is_valid():
        return _page(request, form, 422)
    try:
        assigned = assign(form.cleaned_data)
    except BatchRefused as exc:  # one message per report refused
        for problem in exc.problems:
            form.add_error(None, problem)
        return _page(request, form, exc.status_code)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, form, exc.status_code)
    n = len(assigned)
    messages.success(
        request, ngettext("%(n)d report assigned.", "%(n)d reports assigned.", n) % {"n": n}
    )
    return redirect(reverse("feedback-work:queue") + _back(request))


def _back(request: ActorRequest) -> str:
    query = str(request.POST.get("query", ""))
    return f"?{query}" if query and "\n" not in query and len(query) < 1000 else ""
