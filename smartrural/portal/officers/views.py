"""Residents' comments on the plans of the officer's units: the list (by status, newest first),
a comment's page with what may be done to it (publish, reject with a reason, answer), and its
history. Each write sends the version the page was loaded with: 409 when someone changed the
comment meanwhile. The gate is ``access.access_comment_for_user`` (404 outside the officer's
units, 403 to write read-only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit
from smartrural.surveys.forms.consultations import PublishForm, RejectForm

from ..access import CommentAction, access_comment_for_user, comments_for_user
from ..models import CommentStatus, PlanComment, PortalHome
from ..selectors import PlanConsultation, comment_counts, plan_consultations, portals_of_pages
from ..services import plan as services
from .forms import AnswerForm, CommentFilterForm

READ = ["GET", "HEAD"]
PAGE_SIZE = 25


def _list_crumb() -> tuple[str, str]:
    return reverse("portal-work:comments"), _("Comments on plans")


def _comment_url(comment: PlanComment) -> str:
    return reverse("portal-work:comment", args=[comment.pk])


def _get(request: ActorRequest, pk: int, action: CommentAction = "read") -> PlanComment:
    return access_comment_for_user(request.user, pk, action=action)


@login_required
@require_http_methods(READ)
def comment_list(request: ActorRequest) -> HttpResponse:
    form = CommentFilterForm(request.GET or None)
    scoped = comments_for_user(request.user)
    status = form.wanted()
    listed = scoped.filter(status=status) if status else scoped
    page = Paginator(listed.select_related("plan").order_by("-created_at", "-pk"), PAGE_SIZE)
    comments = page.get_page(request.GET.get("page"))
    portals = portals_of_pages(comment.plan for comment in comments)
    context = {
        "form": form,
        "page": comments,
        "rows": [(comment, portals.get(comment.plan_id)) for comment in comments],
        "counts": comment_counts(scoped),
        "plans": _with_portals(plan_consultations(scoped)),
        "crumbs": [],
    }
    return render(request, "portal/officers/comments.html", context)


def _with_portals(
    plans: list[PlanConsultation],
) -> list[tuple[PlanConsultation, PortalHome | None]]:
    portals = portals_of_pages(row.plan for row in plans)
    return [(row, portals.get(row.plan.pk)) for row in plans]


def _forms(comment: PlanComment) -> dict[str, forms.Form]:
    """The empty forms of what may be done to ``comment`` now (each with its version)."""
    version = {"version": comment.version}
    shown: dict[str, forms.Form] = {}
    if comment.status != CommentStatus.PUBLISHED:
        shown["publish"] = PublishForm(initial=version, prefix="publish")
    if comment.status != CommentStatus.REJECTED:
        shown["reject"] = RejectForm(initial=version, prefix="reject")
        shown["answer"] = AnswerForm(initial={**version, "answer": comment.answer}, prefix="answer")
    return shown


def _render_comment(
    request: ActorRequest,
    comment: PlanComment,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = bool(getattr(request.user, "can_write", False))
    actions = _forms(comment) if may_write else {}
    if bound is not None:
        actions[bound[0]] = bound[1]
    context = {
        "comment": comment,
        "portal": portals_of_pages([comment.plan]).get(comment.plan.pk),
        "actions": actions,
        "crumbs": [_list_crumb()],
    }
    return render(request, "portal/officers/comment.html", context, status=status)


@login_required
@require_http_methods(READ)
def comment_detail(request: ActorRequest, pk: int) -> HttpResponse:
    return _render_comment(request, _get(request, pk))


def _act(
    request: ActorRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    action: Callable[[PlanComment, dict[str, Any]], PlanComment],
    message: str,
) -> HttpResponse:
    comment = _get(request, pk, "act")
    form = form_class(request.POST, prefix=name)
    done, status = submit(
        request,
        form,
        lambda data: action(comment, data),
        message=message % {"pk": comment.pk},
        then=_comment_url(comment),
    )
    if done is not None:
        return done
    return _render_comment(request, _get(request, pk), bound=(name, form), status=status)


@login_required
@require_POST
def comment_publish(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "publish",
        PublishForm,
        lambda comment, data: services.plan_comment_publish(
            comment=comment, version=data["version"], by=request.user
        ),
        _("Comment #%(pk)s is published under the plan."),
    )


@login_required
@require_POST
def comment_reject(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reject",
        RejectForm,
        lambda comment, data: services.plan_comment_reject(
            comment=comment, version=data["version"], reason=data["reason"], by=request.user
        ),
        _("Comment #%(pk)s is rejected: it is not shown under the plan."),
    )


@login_required
@require_POST
def comment_answer(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "answer",
        AnswerForm,
        lambda comment, data: services.plan_comment_answer(
            comment=comment, version=data["version"], answer=data["answer"], by=request.user
        ),
        _("The answer to comment #%(pk)s is saved."),
    )


@login_required
@require_http_methods(READ)
def comment_history(request: ActorRequest, pk: int) -> HttpResponse:
    comment = _get(request, pk)
    url = _comment_url(comment)
    return render_history(
        request,
        comment,
        title=_("Comment #%(pk)s") % {"pk": comment.pk},
        back_url=url,
        breadcrumbs=[_list_crumb(), (url, f"#{comment.pk}")],
    )
