"""Officers' URLs of the surveys app: surveys, their questions and paper sheets (in ``urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import paper, questions, surveys

urlpatterns: list[URLPattern] = [
    path("", surveys.survey_list, name="survey-list"),
    path("new/", surveys.survey_create, name="survey-create"),
    path("<int:pk>/", surveys.survey_detail, name="survey-detail"),
    path("<int:pk>/edit/", surveys.survey_edit, name="survey-edit"),
    path("<int:pk>/open/", surveys.survey_open, name="survey-open"),
    path("<int:pk>/close/", surveys.survey_close, name="survey-close"),
    path("<int:pk>/history/", surveys.survey_history, name="survey-history"),
    path("<int:pk>/questions/", questions.question_list, name="question-list"),
    path("<int:pk>/questions/add/", questions.question_add, name="question-add"),
    path(
        "<int:pk>/questions/<int:question_id>/edit/",
        questions.question_edit,
        name="question-edit",
    ),
    path(
        "<int:pk>/questions/<int:question_id>/delete/",
        questions.question_delete,
        name="question-delete",
    ),
    path(
        "<int:pk>/questions/<int:question_id>/move/",
        questions.question_move,
        name="question-move",
    ),
    path("<int:pk>/paper/", paper.survey_paper, name="survey-paper"),
]
