"""Officers' URLs of the surveys app: results (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import results

urlpatterns: list[URLPattern] = [
    path("<int:pk>/results/", results.results, name="results"),
    path("<int:pk>/results.xlsx", results.results_xlsx, name="results-xlsx"),
    path("<int:pk>/results.pdf", results.results_pdf, name="results-pdf"),
    path("<int:pk>/answers.csv", results.answers_csv, name="answers-csv"),
    path("<int:pk>/answers.xlsx", results.answers_xlsx, name="answers-xlsx"),
]
