"""Community technology teams, under /transformation/teams/."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

TEAM = "teams/<int:team_id>/"
MEMBER = f"{TEAM}members/<int:member_id>/"

urlpatterns: list[URLPattern] = [
    path("teams/", views.team_list, name="team-list"),
    path("teams/new/", views.team_create, name="team-create"),
    path(TEAM, views.team_detail, name="team-detail"),
    path(f"{TEAM}edit/", views.team_edit, name="team-edit"),
    path(f"{TEAM}deactivate/", views.team_deactivate, name="team-deactivate"),
    path(f"{TEAM}reactivate/", views.team_reactivate, name="team-reactivate"),
    path(f"{TEAM}history/", views.team_history, name="team-history"),
    path(f"{TEAM}members/new/", views.member_add, name="team-member-add"),
    path(f"{MEMBER}edit/", views.member_edit, name="team-member-edit"),
    path(f"{MEMBER}deactivate/", views.member_deactivate, name="team-member-deactivate"),
    path(f"{MEMBER}reactivate/", views.member_reactivate, name="team-member-reactivate"),
    path(f"{MEMBER}history/", views.member_history, name="team-member-history"),
    path(f"{TEAM}activities/new/", views.activity_add, name="team-activity-add"),
    path(
        f"{TEAM}activities/<int:activity_id>/delete/",
        views.activity_delete,
        name="team-activity-delete",
    ),
]
