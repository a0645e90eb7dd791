"""Officers' URLs of the surveys app: xlsform (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import xlsform

urlpatterns: list[URLPattern] = [
    path("<int:pk>/xlsform/", xlsform.xlsform_import, name="xlsform-import"),
    path("<int:pk>/xlsform/export/", xlsform.xlsform_export, name="xlsform-export"),
]
