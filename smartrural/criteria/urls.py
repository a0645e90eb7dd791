from __future__ import annotations

from django.urls import path

from . import views

app_name = "criteria"
_unit = "<str:set_code>/<int:year>/<str:unit_code>/"
_value = _unit + "<str:indicator_code>/"
urlpatterns = [
    path("", views.entry_home, name="entry-home"),
    path(_unit, views.entry, name="entry"),
    path(_unit + "check/", views.entry_check, name="entry-check"),
    path(_unit + "template.xlsx", views.workbook_template, name="workbook-template"),
    path(_unit + "upload/", views.workbook_upload, name="workbook-upload"),
    path(_value + "evidence/", views.evidence_upload, name="evidence-upload"),
    path(_value + "evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path(_value + "return/", views.value_return, name="value-return"),
    path(_value + "accept/", views.value_accept, name="value-accept"),
    path(_value + "history/", views.value_history, name="value-history"),
]
