"""The plan of a selected pilot and its milestones: edit forms, deletion, histories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.accounts.reference import note_year
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.core.versioning import NOT_STORED

from ...models import CandidateStatus, PilotCandidate, PilotMilestone
from .. import selectors, services
from ..forms import MilestoneForm, PlanForm
from .candidates import detail_url, render_detail
from .common import crumbs


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: ActorRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.candidate_for_user(request.user, candidate_id, write=True)
    if candidate.status != CandidateStatus.SELECTED:
        return render_detail(
            request, candidate, status=409, error=_("Only a selected pilot has a plan.")
        )
    plan = selectors.plan_view(candidate)
    initial: dict[str, object] = {"version": NOT_STORED}
    if plan is not None:
        initial = {
            "goal": plan.plan.goal,
            "start": plan.plan.start,
            "end": plan.plan.end,
            "version": plan.plan.version,
        }
    form = PlanForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.pilot_plan_save(
            candidate=candidate,
            goal=data["goal"],
            start=data["start"],
            end=data["end"],
            version=data["version"],
            by=request.user,
        ),
        message=_("Plan saved."),
        then=detail_url(candidate),
    )
    if done is not None:
        return done
    note_year(request, candidate.year)
    context = {"form": form, "candidate": candidate, "creating": plan is None}
    return render(request, "transformation/pilots/plan_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def plan_history(request: ActorRequest, candidate_id: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, candidate_id)
    candidate = plan.candidate
    note_year(request, candidate.year)
    return render_history(
        request,
        plan,
        title=_("Plan of %(pilot)s") % {"pilot": candidate},
        back_url=detail_url(candidate),
        breadcrumbs=crumbs((detail_url(candidate), str(candidate))),
    )


def _milestone_page(
    request: ActorRequest,
    form: MilestoneForm,
    *,
    candidate: PilotCandidate,
    milestone: PilotMilestone | None,
    status: int,
) -> HttpResponse:
    note_year(request, candidate.year)
    context = {"form": form, "candidate": candidate, "milestone": milestone}
    return render(request, "transformation/pilots/milestone_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_add(request: ActorRequest, candidate_id: int) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, candidate_id, write=True)
    form = MilestoneForm(request.POST or None)
    done, status = submit(
        request,
        form,
        lambda data: services.pilot_milestone_create(
            plan=plan, **{k: v for k, v in data.items() if k != "version"}, by=request.user
        ),
        message=_("Milestone added."),
        then=detail_url(plan.candidate),
    )
    if done is not None:
        return done
    return _milestone_page(request, form, candidate=plan.candidate, milestone=None, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def milestone_edit(request: ActorRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.milestone_for_user(request.user, milestone_id, write=True)
    candidate = milestone.plan.candidate
    initial = {
        "title": milestone.title,
        "due": milestone.due,
        "progress": milestone.progress,
        "done_on": milestone.done_on,
        "note": milestone.note,
        "version": milestone.version,
    }
    form = MilestoneForm(request.POST or None, initial=initial)
    done, status = submit(
        request,
        form,
        lambda data: services.pilot_milestone_update(milestone=milestone, **data, by=request.user),
        message=_("Milestone saved."),
        then=detail_url(candidate),
    )
    if done is not None:
        return done
    return _milestone_page(request, form, candidate=candidate, milestone=milestone, status=status)


@login_required
@require_POST
def milestone_delete(request: ActorRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.milestone_for_user(request.user, milestone_id, write=True)
    candidate = milestone.plan.candidate
    services.pilot_milestone_delete(milestone=milestone, by=request.user)
    messages.success(request, _("Milestone deleted."))
    return redirect(detail_url(candidate))


@login_required
@require_http_methods(["GET", "HEAD"])
def milestone_history(request: ActorRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.milestone_for_user(request.user, milestone_id)
    candidate = milestone.plan.candidate
    note_year(request, candidate.year)
    return render_history(
        request,
        milestone,
        title=milestone.title,
        back_url=detail_url(candidate),
        breadcrumbs=crumbs((detail_url(candidate), str(candidate))),
    )
