"""This app's rows of the endpoint access matrix (see smartrural/testing_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

PDF = b"%PDF-1.4\n%matrix\n"


class _Upload:
    """A file the test client can send to every persona (read() never runs dry)."""

    name = "letter.pdf"
    content_type = "application/pdf"

    def read(self) -> bytes:
        return PDF


def _dossier(p: Personas) -> int:
    """Commune A's NTM dossier for 2023 (registered), with one document."""
    from smartrural.criteria.models import CriteriaSet
    from smartrural.criteria.tests.factories import stored_set
    from smartrural.recognition.models import DossierDocument
    from smartrural.recognition.services import dossier_register

    criteria_set = CriteriaSet.objects.filter(code="T-XA").first() or stored_set()
    dossier = dossier_register(
        unit=p.commune_a_unit,
        target_level="ntm",
        criteria_set=criteria_set,
        year=2023,
        by=p.commune_a,
    )
    DossierDocument.objects.create(
        dossier=dossier,
        kind="other",
        file=ContentFile(PDF, name="a.pdf"),
        original_name="a.pdf",
        size=len(PDF),
    )
    return dossier.pk


def dossier_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/dossiers/{_dossier(p)}/{suffix}"


def document_url(p: Personas) -> str:
    from smartrural.recognition.models import DossierDocument

    dossier_id = _dossier(p)
    document = DossierDocument.objects.get(dossier_id=dossier_id)
    return f"/dossiers/{dossier_id}/documents/{document.pk}/"


def with_set(path: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        from smartrural.criteria.models import CriteriaSet
        from smartrural.criteria.tests.factories import stored_set

        if not CriteriaSet.objects.filter(code="T-XA").exists():
            stored_set()
        return path

    return build


# Reading a dossier of commune A: anyone whose scope holds it; other units 404.
DOSSIER_READ = logged_in(200, commune_b=404, other_district=404)


def unit_officers(ok: int) -> dict[str, int | str]:
    """Changes to commune A's dossier content: its officer and the province; the district
    officer sees it but is not its author (403)."""
    return {**unit_write(ok), "district": 403}


ENDPOINTS: list[Endpoint] = [
    Endpoint("recognition:dossier-list", "get", lambda p: "/dossiers/", logged_in(200)),
    Endpoint(
        "recognition:dossier-register",
        "get",
        lambda p: "/dossiers/new/",
        logged_in(200, viewer_a=403, resident=403),
    ),
    Endpoint(
        "recognition:dossier-register",
        "post",
        with_set("/dossiers/new/"),
        unit_officers(302),
        body={"unit": "29479", "target_level": "ntm", "year": "2023", "criteria_set": "T-XA"},
    ),
    Endpoint("recognition:dossier-detail", "get", dossier_url(), DOSSIER_READ),
    Endpoint("recognition:dossier-history", "get", dossier_url("history/"), DOSSIER_READ),
    Endpoint("recognition:report-pdf", "get", dossier_url("report.pdf"), DOSSIER_READ),
    Endpoint("recognition:document-download", "get", document_url, DOSSIER_READ),
    Endpoint(
        "recognition:dossier-move",
        "post",
        dossier_url("move/"),
        unit_officers(302),
        body={"action": "self_assess", "version": "1"},
    ),
    Endpoint(
        "recognition:dossier-satisfaction",
        "post",
        dossier_url("satisfaction/"),
        unit_officers(302),
        body={"satisfaction_rate": "95", "version": "1"},
    ),
    Endpoint(
        "recognition:document-upload",
        "post",
        dossier_url("documents/"),
        unit_officers(302),
        body={"kind": "submission_letter", "file": _Upload()},
    ),
    Endpoint(
        "recognition:report-attach", "post", dossier_url("report/attach/"), unit_officers(302)
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
