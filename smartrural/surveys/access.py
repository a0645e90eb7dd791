"""Gates for surveys: the only way an officer's view or API operation gets a survey, a household
or a consultation.

An officer reads the surveys, households and consultations of the units in their scope (a
district officer those of the district and its communes); outside it, 404. Changing one needs a
writer (read-only: 403). Residents and the public never come through here: they answer with a
household's code and read published consultations through the public selectors.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from smartrural.accounts.access import Visitor, require_official, require_writer, scope_for_user

from .models import Consultation, Household, Opinion, Survey

Action = Literal["read", "write"]


def surveys_for_user(user: Visitor) -> QuerySet[Survey]:
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return Survey.objects.none()
    return Survey.objects.filter(scope.unit_q("unit__"))


def access_survey_for_user(user: Visitor, pk: int, *, action: Action = "read") -> Survey:
    """The survey ``pk`` if ``user`` may read it (404 otherwise); ``action="write"``: 403 for a
    reader who may not change it."""
    require_official(user)
    survey = surveys_for_user(user).select_related("unit", "criteria_set").filter(pk=pk).first()
    if survey is None:
        raise Http404(_("No survey #%(pk)s in your units.") % {"pk": pk})
    if action == "write":
        require_writer(user)
    return survey


def households_for_user(user: Visitor) -> QuerySet[Household]:
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return Household.objects.none()
    return Household.objects.filter(scope.unit_q("hamlet__"))


def access_household_for_user(user: Visitor, pk: int, *, action: Action = "read") -> Household:
    require_official(user)
    household = households_for_user(user).select_related("hamlet").filter(pk=pk).first()
    if household is None:
        raise Http404(_("No household #%(pk)s in your units.") % {"pk": pk})
    if action == "write":
        require_writer(user)
    return household


def consultations_for_user(user: Visitor) -> QuerySet[Consultation]:
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return Consultation.objects.none()
    return Consultation.objects.filter(scope.unit_q("unit__"))


def access_consultation_for_user(
    user: Visitor, pk: int, *, action: Action = "read"
) -> Consultation:
    require_official(user)
    consultation = (
        consultations_for_user(user).select_related("unit", "dossier").filter(pk=pk).first()
    )
    if consultation is None:
        raise Http404(_("No consultation #%(pk)s in your units.") % {"pk": pk})
    if action == "write":
        require_writer(user)
    return consultation


def opinions_for_user(user: Visitor) -> QuerySet[Opinion]:
    scope = scope_for_user(user)
    if not scope.everything and not scope.paths:
        return Opinion.objects.none()
    return Opinion.objects.filter(scope.unit_q("consultation__unit__"))


def access_opinion_for_user(user: Visitor, pk: int, *, action: Action = "read") -> Opinion:
    """A resident's opinion on a consultation of the officer's units (404 otherwise; 403 to
    moderate it read-only)."""
    require_official(user)
    opinion = (
        opinions_for_user(user)
        .select_related("consultation__unit", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if opinion is None:
        raise Http404(_("No opinion #%(pk)s in your units.") % {"pk": pk})
    if action == "write":
        require_writer(user)
    return opinion
