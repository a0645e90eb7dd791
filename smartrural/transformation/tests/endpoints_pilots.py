"""The smart pilot pages in the endpoint access matrix (see smartrural/testing_matrix.py).

Objects hang off Ngãi Xuyên (commune A): its smart-commune candidate for 2023 (proposed, or
selected with a plan and a milestone), a score, and the assessment of its hamlet. Reading them:
anyone whose scope holds commune A; Kim Sơn's officer and Càng Long's district officer get 404.
Writing: commune A's officer, Trà Cú's district officer and the province office; viewer and
resident 403. Scoring, selecting and the configuration: the province office only.
"""

from __future__ import annotations

from collections.abc import Callable

from smartrural.testing import Personas
from smartrural.testing_matrix import LOGIN, Endpoint, logged_in, officials_pages, unit_write

P = "/transformation/pilots"
YEAR = 2023


def _candidate(p: Personas, *, selected: bool = False) -> int:
    from smartrural.transformation.pilots.services import candidate_decide, candidate_propose

    candidate = candidate_propose(
        unit_code=p.commune_a_unit.code,
        kind="smart_commune",
        year=YEAR,
        field="production",
        by=p.commune_a,
    )
    if selected:
        candidate_decide(candidate=candidate, selected=True, decision="QĐ 1/QĐ-UBND", by=p.province)
    return candidate.pk


def _plan(p: Personas) -> int:
    import datetime as dt

    from smartrural.transformation.models import PilotCandidate
    from smartrural.transformation.pilots.services import pilot_plan_save

    candidate = PilotCandidate.objects.get(pk=_candidate(p, selected=True))
    pilot_plan_save(
        candidate=candidate,
        goal="Sản xuất thông minh",
        start=dt.date(2023, 4, 1),
        end=dt.date(2024, 12, 31),
        by=p.province,
    )
    return candidate.pk


def _milestone(p: Personas) -> int:
    import datetime as dt

    from smartrural.transformation.models import PilotPlan
    from smartrural.transformation.pilots.services import pilot_milestone_create

    plan = PilotPlan.objects.get(candidate_id=_plan(p))
    milestone = pilot_milestone_create(
        plan=plan, title="QR traceability", due=dt.date(2023, 12, 31), progress=40, by=p.province
    )
    return milestone.pk


def _score(p: Personas) -> int:
    from smartrural.transformation.models import PilotCandidate, ScoringCriterion
    from smartrural.transformation.pilots.services import (
        ScoreInput,
        candidate_scores_set,
        scoring_criterion_create,
    )

    criterion = scoring_criterion_create(
        kind="smart_commune", code="XA-01", name="Leadership", max_score=10, by=p.province
    )
    candidate = PilotCandidate.objects.get(pk=_candidate(p))
    candidate_scores_set(candidate=candidate, scores={criterion.pk: ScoreInput(7)}, by=p.province)
    return ScoringCriterion.objects.get(pk=criterion.pk).scores.get().pk


def _criterion(p: Personas) -> int:
    from smartrural.transformation.pilots.services import scoring_criterion_create

    return scoring_criterion_create(
        kind="smart_commune", code="XA-09", name="Funding plan", max_score=10, by=p.province
    ).pk


def _item(p: Personas) -> int:
    from smartrural.transformation.pilots.services import smart_hamlet_item_create

    return smart_hamlet_item_create(code="TM-09", name="Fibre", by=p.province).pk


def _assessment(p: Personas) -> int:
    from smartrural.transformation.pilots.services import Answer, hamlet_assess

    item = _item(p)
    rows = hamlet_assess(
        hamlet=p.hamlet_a_unit, year=YEAR, answers={item: Answer(True)}, by=p.commune_a
    )
    return rows[0].pk


def candidate_url(suffix: str = "", *, selected: bool = False) -> Callable[[Personas], str]:
    return lambda p: f"{P}/{_candidate(p, selected=selected)}/{suffix}"


# Province-only operations on a candidate of commune A: others in scope 403, outside 404.
OFFICE_ON_A: dict[str, int | str] = {
    "anonymous": LOGIN,
    "province": 302,
    "district": 403,
    "commune_a": 403,
    "viewer_a": 403,
    "commune_b": 404,
    "other_district": 404,
    "resident": 403,
}
READ_A = logged_in(200, commune_b=404, other_district=404)
OFFICE_ONLY = logged_in(403, province=200)
PLAN_BODY: dict[str, object] = {
    "goal": "Sản xuất thông minh",
    "start": "01/04/2023",
    "end": "31/12/2024",
}
MILESTONE_BODY: dict[str, object] = {
    "title": "E-commerce listing",
    "due": "30/06/2024",
    "progress": "50",
}

ENDPOINTS = [
    Endpoint("transformation:pilot-list", "get", lambda p: f"{P}/", logged_in(200)),
    Endpoint(
        "transformation:pilot-candidate-add",
        "get",
        lambda p: f"{P}/new/",
        logged_in(200, viewer_a=403, resident=403),
    ),
    # The unit is a form field: outside the user's units it is a form error (422), not a 404.
    Endpoint(
        "transformation:pilot-candidate-add",
        "post",
        lambda p: f"{P}/new/",
        unit_write(302) | {"commune_b": 422, "other_district": 422},
        body={"kind": "smart_commune", "year": "2023", "unit": "29479", "field": "production"},
    ),
    Endpoint("transformation:pilot-candidate-detail", "get", candidate_url(), READ_A),
    Endpoint("transformation:pilot-candidate-history", "get", candidate_url("history/"), READ_A),
    Endpoint(
        "transformation:pilot-candidate-scores",
        "post",
        candidate_url("scores/"),
        OFFICE_ON_A,
        body={"nothing": "to score"},
    ),
    Endpoint(
        "transformation:pilot-candidate-decide",
        "post",
        candidate_url("decide/"),
        OFFICE_ON_A,
        body={"action": "reject", "decision": "QĐ 567/QĐ-UBND ngày 15/03/2023", "version": "1"},
    ),
    Endpoint(
        "transformation:pilot-candidate-withdraw",
        "post",
        candidate_url("withdraw/"),
        unit_write(302),
        body={"version": "1"},
    ),
    Endpoint(
        "transformation:pilot-score-history",
        "get",
        lambda p: f"{P}/scores/{_score(p)}/history/",
        READ_A,
    ),
    Endpoint(
        "transformation:pilot-plan-edit",
        "get",
        candidate_url("plan/", selected=True),
        unit_write(200),
    ),
    Endpoint(
        "transformation:pilot-plan-edit",
        "post",
        candidate_url("plan/", selected=True),
        unit_write(302),
        body={**PLAN_BODY, "version": "0"},
    ),
    Endpoint(
        "transformation:pilot-plan-history",
        "get",
        lambda p: f"{P}/{_plan(p)}/plan/history/",
        READ_A,
    ),
    Endpoint(
        "transformation:pilot-milestone-add",
        "get",
        lambda p: f"{P}/{_plan(p)}/plan/milestones/add/",
        unit_write(200),
    ),
    Endpoint(
        "transformation:pilot-milestone-add",
        "post",
        lambda p: f"{P}/{_plan(p)}/plan/milestones/add/",
        unit_write(302),
        body=MILESTONE_BODY,
    ),
    Endpoint(
        "transformation:pilot-milestone-edit",
        "get",
        lambda p: f"{P}/milestones/{_milestone(p)}/",
        unit_write(200),
    ),
    Endpoint(
        "transformation:pilot-milestone-edit",
        "post",
        lambda p: f"{P}/milestones/{_milestone(p)}/",
        unit_write(302),
        body={**MILESTONE_BODY, "version": "1"},
    ),
    Endpoint(
        "transformation:pilot-milestone-delete",
        "post",
        lambda p: f"{P}/milestones/{_milestone(p)}/delete/",
        unit_write(302),
    ),
    Endpoint(
        "transformation:pilot-milestone-history",
        "get",
        lambda p: f"{P}/milestones/{_milestone(p)}/history/",
        READ_A,
    ),
    # The province's configuration.
    Endpoint("transformation:pilot-settings", "get", lambda p: f"{P}/settings/", OFFICE_ONLY),
    Endpoint(
        "transformation:pilot-defaults-load",
        "post",
        lambda p: f"{P}/settings/defaults/",
        logged_in(403, province=302),
    ),
    Endpoint(
        "transformation:pilot-criterion-add",
        "get",
        lambda p: f"{P}/settings/criteria/add/",
        OFFICE_ONLY,
    ),
    Endpoint(
        "transformation:pilot-criterion-add",
        "post",
        lambda p: f"{P}/settings/criteria/add/",
        logged_in(403, province=302),
        body={
            "kind": "smart_hamlet",
            "code": "AP-09",
            "name": "Consensus",
            "max_score": "20",
            "order": "1",
            "active": "on",
        },
    ),
    Endpoint(
        "transformation:pilot-criterion-edit",
        "get",
        lambda p: f"{P}/settings/criteria/{_criterion(p)}/",
        OFFICE_ONLY,
    ),
    Endpoint(
        "transformation:pilot-criterion-edit",
        "post",
        lambda p: f"{P}/settings/criteria/{_criterion(p)}/",
        logged_in(403, province=302),
        body={
            "kind": "smart_commune",
            "code": "XA-09",
            "name": "Funding",
            "max_score": "15",
            "order": "5",
            "version": "1",
        },
    ),
    Endpoint(
        "transformation:pilot-criterion-history",
        "get",
        lambda p: f"{P}/settings/criteria/{_criterion(p)}/history/",
        OFFICE_ONLY,
    ),
    Endpoint(
        "transformation:pilot-item-add",
        "get",
        lambda p: f"{P}/settings/checklist/add/",
        OFFICE_ONLY,
    ),
    Endpoint(
        "transformation:pilot-item-add",
        "post",
        lambda p: f"{P}/settings/checklist/add/",
        logged_in(403, province=302),
        body={"code": "TM-10", "name": "Smart loudspeakers", "order": "10", "active": "on"},
    ),
    Endpoint(
        "transformation:pilot-item-edit",
        "get",
        lambda p: f"{P}/settings/checklist/{_item(p)}/",
        OFFICE_ONLY,
    ),
    Endpoint(
        "transformation:pilot-item-edit",
        "post",
        lambda p: f"{P}/settings/checklist/{_item(p)}/",
        logged_in(403, province=302),
        body={"code": "TM-09", "name": "Fibre to households", "order": "1", "version": "1"},
    ),
    Endpoint(
        "transformation:pilot-item-history",
        "get",
        lambda p: f"{P}/settings/checklist/{_item(p)}/history/",
        OFFICE_ONLY,
    ),
    # Smart hamlets: the list is scoped (possibly empty); a hamlet of commune A.
    Endpoint("transformation:pilot-hamlet-list", "get", lambda p: f"{P}/hamlets/", logged_in(200)),
    Endpoint(
        "transformation:pilot-hamlet-assess",
        "get",
        lambda p: f"{P}/hamlets/{p.hamlet_a_unit.pk}/{YEAR}/",
        READ_A,
    ),
    Endpoint(
        "transformation:pilot-hamlet-assess",
        "post",
        lambda p: f"{P}/hamlets/{p.hamlet_a_unit.pk}/{YEAR}/",
        unit_write(302),
        body={"nothing": "to assess"},
    ),
    Endpoint(
        "transformation:pilot-assessment-history",
        "get",
        lambda p: f"{P}/assessments/{_assessment(p)}/history/",
        READ_A,
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
