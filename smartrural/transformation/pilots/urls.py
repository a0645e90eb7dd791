"""Smart commune and smart hamlet pilots, under /transformation/pilots/."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

P = "pilots/"

urlpatterns: list[URLPattern] = [
    path(P, views.pilot_list, name="pilot-list"),
    path(f"{P}new/", views.candidate_add, name="pilot-candidate-add"),
    path(f"{P}<int:candidate_id>/", views.candidate_detail, name="pilot-candidate-detail"),
    path(
        f"{P}<int:candidate_id>/history/", views.candidate_history, name="pilot-candidate-history"
    ),
    path(f"{P}<int:candidate_id>/scores/", views.candidate_scores, name="pilot-candidate-scores"),
    path(f"{P}<int:candidate_id>/decide/", views.candidate_decide, name="pilot-candidate-decide"),
    path(
        f"{P}<int:candidate_id>/withdraw/",
        views.candidate_withdraw,
        name="pilot-candidate-withdraw",
    ),
    path(f"{P}scores/<int:score_id>/history/", views.score_history, name="pilot-score-history"),
    path(f"{P}<int:candidate_id>/plan/", views.plan_edit, name="pilot-plan-edit"),
    path(f"{P}<int:candidate_id>/plan/history/", views.plan_history, name="pilot-plan-history"),
    path(
        f"{P}<int:candidate_id>/plan/milestones/add/",
        views.milestone_add,
        name="pilot-milestone-add",
    ),
    path(f"{P}milestones/<int:milestone_id>/", views.milestone_edit, name="pilot-milestone-edit"),
    path(
        f"{P}milestones/<int:milestone_id>/delete/",
        views.milestone_delete,
        name="pilot-milestone-delete",
    ),
    path(
        f"{P}milestones/<int:milestone_id>/history/",
        views.milestone_history,
        name="pilot-milestone-history",
    ),
    path(f"{P}settings/", views.pilot_settings, name="pilot-settings"),
    path(f"{P}settings/defaults/", views.defaults_load, name="pilot-defaults-load"),
    path(f"{P}settings/criteria/add/", views.criterion_add, name="pilot-criterion-add"),
    path(
        f"{P}settings/criteria/<int:criterion_id>/",
        views.criterion_edit,
        name="pilot-criterion-edit",
    ),
    path(
        f"{P}settings/criteria/<int:criterion_id>/history/",
        views.criterion_history,
        name="pilot-criterion-history",
    ),
    path(f"{P}settings/checklist/add/", views.item_add, name="pilot-item-add"),
    path(f"{P}settings/checklist/<int:item_id>/", views.item_edit, name="pilot-item-edit"),
    path(
        f"{P}settings/checklist/<int:item_id>/history/",
        views.item_history,
        name="pilot-item-history",
    ),
    path(f"{P}hamlets/", views.hamlet_list, name="pilot-hamlet-list"),
    path(
        f"{P}hamlets/<int:hamlet_id>/<int:year>/",
        views.hamlet_assess,
        name="pilot-hamlet-assess",
    ),
    path(
        f"{P}assessments/<int:assessment_id>/history/",
        views.assessment_history,
        name="pilot-assessment-history",
    ),
]
