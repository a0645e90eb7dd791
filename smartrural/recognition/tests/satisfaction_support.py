"""A dossier's satisfaction met by a survey held outside SmartRural: the rate typed in, the box
ticked, the minutes attached (what the workflow tests need before a submission)."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from smartrural.accounts.actor import Actor
from smartrural.recognition.models import DocumentKind, Dossier
from smartrural.recognition.services import dossier_document_add, dossier_set_satisfaction

MINUTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def minutes(dossier: Dossier, *, by: Actor, kind: str = DocumentKind.MEETING_MINUTES) -> None:
    upload = SimpleUploadedFile("bien-ban.pdf", MINUTES, content_type="application/pdf")
    dossier_document_add(dossier=dossier, kind=kind, upload=upload, by=by)


def surveyed_outside(dossier: Dossier, *, by: Actor, rate: Decimal = Decimal("95")) -> Dossier:
    minutes(dossier, by=by)
    return dossier_set_satisfaction(dossier=dossier, rate=rate, surveyed_outside=True, by=by)
