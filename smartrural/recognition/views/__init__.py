"""Dossier pages: list, registration, the dossier page and its actions, documents, report."""

from __future__ import annotations

from .actions import dossier_move, dossier_satisfaction
from .documents import document_download, document_upload, report_attach, report_pdf
from .pages import dossier_detail, dossier_history, dossier_list, dossier_register

__all__ = [
    "document_download",
    "document_upload",
    "dossier_detail",
    "dossier_history",
    "dossier_list",
    "dossier_move",
    "dossier_register",
    "dossier_satisfaction",
    "report_attach",
    "report_pdf",
]
