from __future__ import annotations

from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("", views.dossier_list, name="dossier-list"),
    path("new/", views.dossier_register, name="dossier-register"),
    path("<int:dossier_id>/", views.dossier_detail, name="dossier-detail"),
    path("<int:dossier_id>/history/", views.dossier_history, name="dossier-history"),
    path("<int:dossier_id>/move/", views.dossier_move, name="dossier-move"),
    path("<int:dossier_id>/satisfaction/", views.dossier_satisfaction, name="dossier-satisfaction"),
    path("<int:dossier_id>/documents/", views.document_upload, name="document-upload"),
    path(
        "<int:dossier_id>/documents/<int:document_id>/",
        views.document_download,
        name="document-download",
    ),
    path("<int:dossier_id>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:dossier_id>/report/attach/", views.report_attach, name="report-attach"),
]
