"""Community technology team rows of the endpoint access matrix (smartrural/testing_matrix.py).

The data: a team of Ngãi Xuyên's hamlet Ấp Chợ (commune A) with one member and one activity,
made on first use in each test. Creating a team for commune A's hamlet: writers whose scope
holds it; Kim Sơn's and Càng Long's officers get the form back (422: no such unit among theirs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write


def _team(p: Personas) -> tuple[int, int, int]:
    """Ids of the team of Ấp Chợ, its member and its activity."""
    from smartrural.transformation.models import CommunityTechTeam
    from smartrural.transformation.teams.services import activity_record, member_add, team_create

    team = CommunityTechTeam.objects.filter(unit=p.hamlet_a_unit).first()
    if team is None:
        team = team_create(
            unit_code=p.hamlet_a_unit.code,
            name="Tổ công nghệ số Ấp Chợ",
            established=dt.date(2023, 3, 1),
            by=p.province,
        )
        member_add(team=team, full_name="Nguyễn Văn A", role="Tổ trưởng", by=p.province)
        activity_record(
            team=team,
            date=dt.date(2023, 5, 2),
            kind="cashless_payment",
            households=12,
            by=p.province,
        )
    member = team.members.get()
    activity = team.activities.get()
    return team.pk, member.pk, activity.pk


def team_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/transformation/teams/{_team(p)[0]}/{suffix}"


def member_url(suffix: str) -> Callable[[Personas], str]:
    def build(p: Personas) -> str:
        team, member, _activity = _team(p)
        return f"/transformation/teams/{team}/members/{member}/{suffix}"

    return build


def activity_url(p: Personas) -> str:
    team, _member, activity = _team(p)
    return f"/transformation/teams/{team}/activities/{activity}/delete/"


READ = logged_in(200, commune_b=404, other_district=404)
WRITE_FORM = logged_in(200, viewer_a=403, resident=403)
# A unit code outside the user's scope is a form error, not a page error.
CREATE = {**unit_write(302), "commune_b": 422, "other_district": 422}

ENDPOINTS: list[Endpoint] = [
    Endpoint("transformation:team-list", "get", lambda p: "/transformation/teams/", logged_in(200)),
    Endpoint(
        "transformation:team-create", "get", lambda p: "/transformation/teams/new/", WRITE_FORM
    ),
    Endpoint(
        "transformation:team-create",
        "post",
        lambda p: "/transformation/teams/new/",
        CREATE,
        body={"unit": "2947901", "name": "Tổ CNS Ấp Chợ", "established": "01/03/2023"},
    ),
    Endpoint("transformation:team-detail", "get", team_url(), READ),
    Endpoint("transformation:team-history", "get", team_url("history/"), READ),
    Endpoint("transformation:team-edit", "get", team_url("edit/"), unit_write(200)),
    Endpoint(
        "transformation:team-edit",
        "post",
        team_url("edit/"),
        unit_write(302),
        body={
            "unit": "2947901",
            "name": "Tổ CNS Ấp Chợ (mới)",
            "established": "01/03/2023",
            "version": "1",
        },
    ),
    Endpoint("transformation:team-deactivate", "post", team_url("deactivate/"), unit_write(302)),
    Endpoint("transformation:team-reactivate", "post", team_url("reactivate/"), unit_write(302)),
    Endpoint("transformation:team-member-add", "get", team_url("members/new/"), unit_write(200)),
    Endpoint(
        "transformation:team-member-add",
        "post",
        team_url("members/new/"),
        unit_write(302),
        body={"full_name": "Trần Thị B", "role": "Thành viên", "phone": "0912 345 678"},
    ),
    Endpoint("transformation:team-member-edit", "get", member_url("edit/"), unit_write(200)),
    Endpoint(
        "transformation:team-member-edit",
        "post",
        member_url("edit/"),
        unit_write(302),
        body={
            "full_name": "Nguyễn Văn A",
            "role": "Tổ trưởng",
            "phone": "+84912345678",
            "version": "1",
        },
    ),
    Endpoint(
        "transformation:team-member-deactivate",
        "post",
        member_url("deactivate/"),
        unit_write(302),
    ),
    Endpoint(
        "transformation:team-member-reactivate",
        "post",
        member_url("reactivate/"),
        unit_write(302),
    ),
    Endpoint("transformation:team-member-history", "get", member_url("history/"), READ),
    Endpoint(
        "transformation:team-activity-add", "get", team_url("activities/new/"), unit_write(200)
    ),
    Endpoint(
        "transformation:team-activity-add",
        "post",
        team_url("activities/new/"),
        unit_write(302),
        body={"date": "15/06/2023", "kind": "national_id_app", "households": "8", "note": ""},
    ),
    Endpoint("transformation:team-activity-delete", "post", activity_url, unit_write(302)),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
