"""Shared set-up of the dossier page tests: a stored set whose criteria commune A meets."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.tests.factories import ALL_MET, stored_set
from smartrural.geo.models import AdministrativeUnit
from smartrural.recognition.models import Dossier
from smartrural.recognition.services import dossier_register
from smartrural.testing import Personas

YEAR = 2023


def met_set(personas: Personas, values: dict[str, str] | None = None) -> CriteriaSet:
    criteria_set = stored_set()
    for code, value in (ALL_MET if values is None else values).items():
        indicator_value_submit(
            unit=personas.commune_a_unit,
            criteria_set=criteria_set,
            year=YEAR,
            indicator_code=code,
            value=value,
            by=personas.commune_a,
        )
    return criteria_set


def register(
    personas: Personas, criteria_set: CriteriaSet, unit: AdministrativeUnit | None = None
) -> Dossier:
    return dossier_register(
        unit=unit or personas.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=YEAR,
        by=personas.province,
    )


def en_client(personas: Personas, user: Any) -> Client:
    """A test client for ``user`` that asks for English pages."""
    test_client = personas.client(user)
    test_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return test_client
