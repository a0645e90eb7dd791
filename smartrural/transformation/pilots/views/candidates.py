"""Candidate pages: the list, the proposal form, the candidate page (score sheet, selection,
withdrawal, plan) and the histories of a candidate and of a score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office, require_writer
from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import note_reference, note_year, year_reference
from smartrural.core.dates import Reference
from smartrural.core.errors import Conflict, DomainError
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, add_domain_error, submit
from smartrural.core.versioning import EditConflict

from ...models import CandidateStatus, PilotCandidate
from .. import selectors, services
from ..forms import (
    CandidateFilterForm,
    CandidateForm,
    DecisionForm,
    ScoreSheetForm,
    WithdrawForm,
)
from .common import PAGE_SIZE, crumbs, is_province_office


def detail_url(candidate: PilotCandidate) -> str:
    return reverse("transformation:pilot-candidate-detail", args=[candidate.pk])


@login_required
@require_http_methods(["GET", "HEAD"])
def pilot_list(request: ActorRequest) -> HttpResponse:
    params = request.GET.copy()
    if "year" not in params:
        # The latest year with candidates in the user's scope (the reference-date rule); an
        # empty ``year`` lists every year.
        latest = year_reference(
            user=request.user, asked=None, data=PilotCandidate.objects.all(), field="year"
        )
        params["year"] = str(latest.year)
    form = CandidateFilterForm(params)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if data.get("year"):
        note_reference(request, Reference.for_year(data["year"], asked="year" in request.GET))
    qs = selectors.candidates_for_user(
        user=request.user,
        year=data.get("year"),
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        field=data.get("field") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.candidate_rows(page.object_list, selectors.sheet_maxima())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        # The default year is no filter the reader chose.
        "filtered": any(v for k, v in data.items() if k != "year" or "year" in request.GET),
        "may_propose": bool(getattr(request.user, "can_write", False)),
        "is_office": is_province_office(request.user),
    }
    return render(request, "transformation/pilots/candidate_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_add(request: ActorRequest) -> HttpResponse:
    require_writer(request.user)
    form = CandidateForm(request.POST or None)
    done, status = submit(
        request,
        form,
        lambda data: services.candidate_propose(
            unit_code=data["unit"],
            kind=data["kind"],
            year=data["year"],
            field=data["field"],
            description=data["description"],
            by=request.user,
        ),
        message=lambda candidate: (
            _("%(unit)s was proposed as a %(kind)s for %(year)s.")
            % {
                "unit": candidate.unit.name,
                "kind": candidate.get_kind_display().lower(),
                "year": candidate.year,
            }
        ),
        then=detail_url,
    )
    if done is not None:
        return done
    return render(
        request, "transformation/pilots/candidate_form.html", {"form": form}, status=status
    )


def render_detail(
    request: ActorRequest,
    candidate: PilotCandidate,
    *,
    status: int = 200,
    score_form: ScoreSheetForm | None = None,
    decision_form: DecisionForm | None = None,
    error: str = "",
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The candidate page; a refused operation shows its form or ``error`` with ``status``."""
    note_year(request, candidate.year)
    user = request.user
    sheet = selectors.score_sheet(candidate)
    proposed = candidate.status == CandidateStatus.PROPOSED
    selected = candidate.status == CandidateStatus.SELECTED
    office = is_province_office(user)
    writer = bool(getattr(user, "can_write", False))
    may_score = office and proposed
    context = {
        "candidate": candidate,
        "sheet": sheet,
        "may_score": may_score,
        "score_form": score_form or (ScoreSheetForm(sheet=sheet) if may_score else None),
        "may_decide": office and proposed,
        "decision_form": decision_form or DecisionForm(initial={"version": candidate.version}),
        "may_withdraw": writer and proposed,
        "plan": selectors.plan_view(candidate) if selected else None,
        "may_plan": writer and selected,
        "error": error,
        "conflict": conflict,
    }
    return render(request, "transformation/pilots/candidate_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def candidate_detail(request: ActorRequest, candidate_id: int) -> HttpResponse:
    return render_detail(request, selectors.candidate_for_user(request.user, candidate_id))


@login_required
@require_POST
def candidate_scores(request: ActorRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.candidate_for_user(request.user, candidate_id, write=True)
    require_province_office(request.user)
    form = ScoreSheetForm(request.POST, sheet=selectors.score_sheet(candidate))
    if not form.is_valid():
        return render_detail(request, candidate, status=422, score_form=form)
    data = form.cleaned_data
    scores = {
        pk: services.ScoreInput(data[f"score_{pk}"], data[f"comment_{pk}"], version)
        for pk, version in form.changed.items()
    }
    try:
        services.candidate_scores_set(candidate=candidate, scores=scores, by=request.user)
    except EditConflict as exc:
        add_domain_error(form, exc)
        form.show_stored(selectors.score_sheet(candidate))
        return render_detail(request, candidate, status=exc.status_code, score_form=form)
    except Conflict as exc:
        return render_detail(request, candidate, status=exc.status_code, error=exc.message)
    except DomainError as exc:
        add_domain_error(form, exc)
        return render_detail(request, candidate, status=exc.status_code, score_form=form)
    messages.success(request, _("Scores saved."))
    return redirect(detail_url(candidate))


@login_required
@require_POST
def candidate_decide(request: ActorRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.candidate_for_user(request.user, candidate_id, write=True)
    require_province_office(request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_detail(request, candidate, status=422, decision_form=form)
    selected = form.cleaned_data["action"] == "select"
    try:
        candidate = services.candidate_decide(
            candidate=candidate,
            selected=selected,
            decision=form.cleaned_data["decision"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except EditConflict as exc:
        add_domain_error(form, exc)
        candidate.refresh_from_db()
        return render_detail(
            request, candidate, status=exc.status_code, decision_form=form, conflict=exc
        )
    except Conflict as exc:
        return render_detail(request, candidate, status=exc.status_code, error=exc.message)
    except DomainError as exc:
        add_domain_error(form, exc)
        return render_detail(request, candidate, status=exc.status_code, decision_form=form)
    if selected:
        messages.success(request, _("The candidate was selected as a pilot."))
    else:
        messages.success(request, _("The candidate was not selected."))
    return redirect(detail_url(candidate))


@login_required
@require_POST
def candidate_withdraw(request: ActorRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.candidate_for_user(request.user, candidate_id, write=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for e in form.non_field_errors())
        return render_detail(request, candidate, status=422, error=error)

    def refused(exc: DomainError) -> HttpResponse:
        if isinstance(exc, EditConflict):
            candidate.refresh_from_db()
            return render_detail(request, candidate, status=exc.status_code, conflict=exc)
        return render_detail(request, candidate, status=exc.status_code, error=exc.message)

    return act(
        request,
        lambda: services.candidate_withdraw(
            candidate=candidate, version=form.cleaned_data["version"], by=request.user
        ),
        message=_("The candidate was withdrawn."),
        then=detail_url,
        refused=refused,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def candidate_history(request: ActorRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.candidate_for_user(request.user, candidate_id)
    note_year(request, candidate.year)
    return render_history(
        request,
        candidate,
        title=str(candidate),
        back_url=detail_url(candidate),
        breadcrumbs=crumbs((detail_url(candidate), str(candidate))),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def score_history(request: ActorRequest, score_id: int) -> HttpResponse:
    score = selectors.score_for_user(request.user, score_id)
    candidate = score.candidate
    note_year(request, candidate.year)
    return render_history(
        request,
        score,
        title=f"{candidate} — {score.criterion}",
        back_url=detail_url(candidate),
        breadcrumbs=crumbs((detail_url(candidate), str(candidate))),
    )
