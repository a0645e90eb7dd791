"""What the dossier views share: breadcrumbs and the dossier page with a refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import DomainError
from smartrural.core.versioning import EditConflict
from smartrural.criteria.selectors import evaluation_detail

from .. import permissions, selectors
from ..blockers import blockers
from ..deadlines import is_overdue
from ..extras import dossier_sections
from ..forms import DocumentForm, SatisfactionForm
from ..models import Authority, DocumentKind, Dossier
from ..permissions import available_actions
from ..satisfaction import dossier_survey
from ..workflow import LEVEL_RULES, Action


@dataclass(frozen=True)
class ActionOffer:
    action: Action
    blockers: list[str]


def detail_url(dossier: Dossier) -> str:
    return reverse("recognition:dossier-detail", args=[dossier.pk])


def crumbs() -> list[tuple[str, str]]:
    return [(reverse("recognition:dossier-list"), _("Recognition dossiers"))]


def _documents(dossier: Dossier) -> list[tuple[str, list[Any]]]:
    docs = list(dossier.documents.select_related("uploaded_by"))
    groups = []
    for kind, label in DocumentKind.choices:
        groups.append((str(label), [d for d in docs if d.kind == kind]))
    return groups


def render_detail(
    request: ActorRequest,
    dossier: Dossier,
    *,
    status: int = 200,
    error: str = "",
    satisfaction_form: SatisfactionForm | None = None,
    document_form: DocumentForm | None = None,
    move_errors: dict[str, str] | None = None,
    conflict: EditConflict | None = None,
) -> HttpResponse:
    """The dossier page; a refused operation shows ``error`` (or the ``conflict`` with what
    changed meanwhile) and answers with ``status``."""
    user = request.user
    found = evaluation_detail(dossier.unit, dossier.criteria_set, dossier.year)
    result = found[0] if found else None
    offers = [
        ActionOffer(action, blockers(dossier, action, result=result))
        for action in available_actions(user, dossier)
    ]
    may_edit = permissions.may_edit(user, dossier)
    transitions = list(dossier.transitions.select_related("by"))
    initial = {
        "satisfaction_rate": dossier.satisfaction_rate,
        "surveyed_outside": dossier.surveyed_outside,
        "version": dossier.version,
    }
    context = {
        "dossier": dossier,
        "crumbs": crumbs(),
        "error": error,
        "conflict": conflict or getattr(satisfaction_form, "edit_conflict", None),
        "overdue": is_overdue(dossier),
        "deadline": selectors.deadline_of(dossier),
        "result": result,
        "unmet": [c for c in result.criteria if not c.met] if result else [],
        "conditions": [i for c in result.conditions for i in c.indicators] if result else [],
        "authority": Authority(LEVEL_RULES[dossier.target_level].authority).label,
        "offers": offers,
        "move_errors": move_errors or {},
        "transitions": transitions,
        "late_transitions": selectors.late_transitions(transitions),
        "documents": _documents(dossier),
        "may_edit": may_edit,
        "satisfaction_form": satisfaction_form or SatisfactionForm(initial=initial),
        "document_form": document_form or DocumentForm(),
        "survey": dossier_survey(dossier),
        "extra_sections": dossier_sections(dossier, user),
    }
    return render(request, "recognition/dossier_detail.html", context, status=status)


def refused_on(request: ActorRequest, dossier: Dossier) -> Callable[[DomainError], HttpResponse]:
    """An action's refusal: the dossier page again, as stored now, with the conflict or the
    message, at the refusal's status."""

    def refused(exc: DomainError) -> HttpResponse:
        if isinstance(exc, EditConflict):
            dossier.refresh_from_db()
            return render_detail(request, dossier, status=exc.status_code, conflict=exc)
        return render_detail(request, dossier, status=exc.status_code, error=exc.message)

    return refused
