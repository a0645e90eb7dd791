"""Smart pilots: the province's configuration, candidates (proposal, scores, selection,
withdrawal), plans and milestones, smart-hamlet assessments — the services and selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from smartrural.accounts.actor import Actor
from smartrural.accounts.reference import year_reference
from smartrural.core.dates import today
from smartrural.core.errors import Conflict, ValidationFailed
from smartrural.geo.services import unit_create
from smartrural.testing import TV_END, Personas
from smartrural.transformation.models import (
    CandidateScore,
    HamletAssessment,
    PilotCandidate,
    PilotMilestone,
    ScoringCriterion,
    SmartHamletItem,
)
from smartrural.transformation.pilots import selectors
from smartrural.transformation.pilots.services import (
    Answer,
    ScoreInput,
    candidate_decide,
    candidate_propose,
    candidate_scores_set,
    candidate_withdraw,
    hamlet_assess,
    load_defaults,
    pilot_defaults_load,
    pilot_milestone_create,
    pilot_milestone_delete,
    pilot_milestone_update,
    pilot_plan_save,
    scoring_criterion_create,
    scoring_criterion_update,
    smart_hamlet_item_create,
    smart_hamlet_item_update,
)

YEAR = 2023


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def propose(p: Personas, *, unit: str = "29479", kind: str = "smart_commune") -> PilotCandidate:
    return candidate_propose(
        unit_code=unit, kind=kind, year=YEAR, field="production", by=p.commune_a
    )


def score_all(p: Personas, candidate: PilotCandidate, value: int = 10) -> None:
    criteria = ScoringCriterion.objects.filter(kind=candidate.kind, active=True)
    scores = {c.pk: ScoreInput(min(value, c.max_score)) for c in criteria}
    candidate_scores_set(candidate=candidate, scores=scores, by=p.province)


def selected(p: Personas) -> PilotCandidate:
    load_defaults()
    candidate = propose(p)
    score_all(p, candidate)
    return candidate_decide(candidate=candidate, selected=True, decision="QĐ 1", by=p.province)


def planned(p: Personas) -> PilotCandidate:
    candidate = selected(p)
    pilot_plan_save(
        candidate=candidate,
        goal="Smart production",
        start=dt.date(2023, 4, 1),
        end=dt.date(2024, 12, 31),
        by=p.province,
    )
    return candidate


class DefaultsTests:
    def test_the_shipped_defaults_load_once(self, db: None) -> None:
        first = load_defaults()
        assert (first.criteria, first.items) == (11, 6)
        assert load_defaults().criteria == load_defaults().items == 0
        assert ScoringCriterion.objects.filter(kind="smart_commune").count() == 6
        assert sum(c.max_score for c in ScoringCriterion.objects.filter(kind="smart_hamlet")) == 100
        assert SmartHamletItem.objects.get(code="TM-02").name == "Wi-Fi miễn phí tại nhà văn hóa ấp"

    def test_reloading_keeps_the_province_changes(self, personas: Personas) -> None:
        load_defaults()
        item = SmartHamletItem.objects.get(code="TM-06")
        smart_hamlet_item_update(
            item=item, code="TM-06", name="Camera", order=1, active=False, by=personas.province
        )
        load_defaults()
        item.refresh_from_db()
        assert (item.name, item.active) == ("Camera", False)

    def test_only_the_province_office_loads_them(self, personas: Personas) -> None:
        with pytest.raises(PermissionDenied):
            pilot_defaults_load(by=personas.district)
        loaded = pilot_defaults_load(by=personas.province)
        assert loaded.items == 6
        item: Any = SmartHamletItem.objects.first()
        assert item.history.first().history_user == personas.province


class ConfigurationTests:
    def test_a_criterion_is_created_with_history(self, personas: Personas) -> None:
        criterion = scoring_criterion_create(
            kind="smart_commune",
            code="XA-01",
            name="Leadership",
            max_score=15,
            by=personas.province,
        )
        assert (criterion.code, criterion.max_score, criterion.active) == ("XA-01", 15, True)
        assert criterion.history.get().history_user == personas.province

    def test_codes_are_unique_per_sheet(self, personas: Personas) -> None:
        by = personas.province
        scoring_criterion_create(kind="smart_commune", code="C1", name="A", max_score=5, by=by)
        scoring_criterion_create(kind="smart_hamlet", code="C1", name="A", max_score=5, by=by)
        with pytest.raises(ValidationFailed, match=r"smart commune sheet already has .*C1"):
            scoring_criterion_create(kind="smart_commune", code="C1", name="B", max_score=5, by=by)
        smart_hamlet_item_create(code="TM-01", name="Fibre", by=by)
        with pytest.raises(ValidationFailed, match="checklist already has an item"):
            smart_hamlet_item_create(code="TM-01", name="Wi-Fi", by=by)

    def test_others_cannot_change_the_configuration(self, personas: Personas) -> None:
        for user in (personas.district, personas.commune_a, personas.viewer_a):
            with pytest.raises(PermissionDenied):
                scoring_criterion_create(
                    kind="smart_commune", code="C1", name="A", max_score=5, by=user
                )
            with pytest.raises(PermissionDenied):
                smart_hamlet_item_create(code="TM-01", name="Fibre", by=user)

    def test_a_used_criterion_keeps_its_kind_and_room_for_its_scores(
        self, personas: Personas
    ) -> None:
        by = personas.province
        criterion = scoring_criterion_create(
            kind="smart_commune", code="C1", name="A", max_score=20, by=by
        )
        candidate = propose(personas)
        candidate_scores_set(candidate=candidate, scores={criterion.pk: ScoreInput(15)}, by=by)
        common: dict[str, Any] = {"code": "C1", "name": "A", "order": 0, "active": True, "by": by}
        with pytest.raises(ValidationFailed, match="A score of 15 was already given"):
            scoring_criterion_update(
                criterion=criterion, kind="smart_commune", max_score=10, **common
            )
        with pytest.raises(ValidationFailed, match="pilot kind cannot change"):
            scoring_criterion_update(
                criterion=criterion, kind="smart_hamlet", max_score=20, **common
            )
        scoring_criterion_update(criterion=criterion, kind="smart_commune", max_score=15, **common)
        assert criterion.history.count() == 2


class ProposeTests:
    def test_a_commune_officer_proposes_their_commune_and_hamlet(self, personas: Personas) -> None:
        commune = propose(personas)
        hamlet = propose(personas, unit="2947901", kind="smart_hamlet")
        assert commune.unit == personas.commune_a_unit and commune.status == "proposed"
        assert commune.proposed_by == personas.commune_a
        assert hamlet.unit == personas.hamlet_a_unit
        assert commune.history.get().history_user == personas.commune_a

    def test_the_level_must_match_the_kind(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="smart commune candidate is a commune; Ấp Chợ"):
            propose(personas, unit="2947901")
        with pytest.raises(ValidationFailed, match="smart hamlet candidate is a hamlet; Xã Ngãi"):
            propose(personas, unit="29479", kind="smart_hamlet")

    def test_one_candidate_per_unit_kind_and_year(self, personas: Personas) -> None:
        candidate_withdraw(candidate=propose(personas), by=personas.commune_a)
        with pytest.raises(ValidationFailed) as info:
            propose(personas)
        assert info.value.message == (
            "Xã Ngãi Xuyên is already a smart commune candidate for 2023 (status: withdrawn): "
            "a unit is proposed once per kind and year."
        )
        assert info.value.field == "unit"

    def test_units_outside_the_scope_or_not_existing_that_year_are_refused(
        self, personas: Personas
    ) -> None:
        with pytest.raises(ValidationFailed, match="No unit with code “29482” on 01/07/2023"):
            propose(personas, unit="29482")
        # The Trà Vinh units end on 30/06/2025: on 1 July 2025 the code names nothing.
        with pytest.raises(ValidationFailed, match="on 01/07/2025"):
            candidate_propose(
                unit_code="29479",
                kind="smart_commune",
                year=2025,
                field="production",
                by=personas.commune_a,
            )

    def test_bad_input_is_refused(self, personas: Personas) -> None:
        # The rest of the input is the form's to check (test_pilots_forms.py); the year is a rule
        # of time the service keeps.
        cases: list[tuple[dict[str, Any], str]] = [
            ({"year": today().year + 2}, "year"),
            ({"year": 2009}, "year"),
        ]
        for change, field in cases:
            values: dict[str, Any] = {"unit_code": "29479", "kind": "smart_commune", "year": YEAR}
            values |= {"field": "production", **change}
            with pytest.raises(ValidationFailed) as info:
                candidate_propose(**values, by=personas.commune_a)
            assert info.value.field == field
        assert not PilotCandidate.objects.exists()

    def test_read_only_users_cannot_propose(self, personas: Personas) -> None:
        for user in (personas.viewer_a, personas.resident):
            with pytest.raises(PermissionDenied):
                candidate_propose(
                    unit_code="29479", kind="smart_commune", year=YEAR, field="production", by=user
                )


class ScoreTests:
    def test_scores_give_the_total_and_percentage(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        criteria = list(ScoringCriterion.objects.filter(kind="smart_commune"))
        scores = {c.pk: ScoreInput(10, "good") for c in criteria[:3]}
        candidate_scores_set(candidate=candidate, scores=scores, by=personas.province)
        sheet = selectors.score_sheet(candidate)
        assert (sheet.total, sheet.maximum, sheet.percent) == (30, 100, Decimal("30.0"))
        assert [c.code for c in sheet.missing] == ["XA-04", "XA-05", "XA-06"]
        # An empty score removes it; an unchanged one is not written again.
        scores[criteria[0].pk] = ScoreInput(None)
        candidate_scores_set(candidate=candidate, scores=scores, by=personas.province)
        assert selectors.score_sheet(candidate).total == 20
        assert CandidateScore.history.filter(history_type="~").count() == 0

    @pytest.mark.parametrize("value", [16, -1])
    def test_a_score_outside_the_criterion_range_is_refused(
        self, personas: Personas, value: int
    ) -> None:
        load_defaults()
        candidate = propose(personas)
        criterion = ScoringCriterion.objects.get(kind="smart_commune", code="XA-01")
        with pytest.raises(ValidationFailed) as info:
            candidate_scores_set(
                candidate=candidate, scores={criterion.pk: ScoreInput(value)}, by=personas.province
            )
        assert info.value.message == "The score for XA-01 must be a whole number from 0 to 15."
        assert info.value.field == f"score_{criterion.pk}"
        assert not CandidateScore.objects.exists()

    def test_criteria_of_the_other_kind_or_out_of_use_are_refused(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        other = ScoringCriterion.objects.get(kind="smart_hamlet", code="AP-01")
        with pytest.raises(ValidationFailed, match="not on the candidate's scoring sheet"):
            candidate_scores_set(
                candidate=candidate, scores={other.pk: ScoreInput(1)}, by=personas.province
            )

    def test_only_the_province_office_scores_and_only_while_proposed(
        self, personas: Personas
    ) -> None:
        load_defaults()
        candidate = propose(personas)
        with pytest.raises(PermissionDenied):
            candidate_scores_set(candidate=candidate, scores={}, by=personas.district)
        candidate_decide(candidate=candidate, selected=False, decision="QĐ 2", by=personas.province)
        with pytest.raises(Conflict, match="only while the candidate is proposed; it is not"):
            candidate_scores_set(candidate=candidate, scores={}, by=personas.province)

    def test_scores_on_criteria_taken_out_of_use_do_not_count(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        score_all(personas, candidate, value=10)
        ScoringCriterion.objects.filter(code="XA-06").update(active=False)
        sheet = selectors.score_sheet(candidate)
        assert (sheet.total, sheet.maximum, sheet.complete) == (50, 85, True)
        row: Any = selectors.candidates_for_user(user=personas.province).get()
        assert row.total == 50


class DecisionTests:
    def test_selecting_needs_a_complete_sheet_and_a_decision(self, personas: Personas) -> None:
        load_defaults()
        candidate = propose(personas)
        with pytest.raises(ValidationFailed, match="Give the reference of the decision"):
            candidate_decide(candidate=candidate, selected=True, decision=" ", by=personas.province)
        with pytest.raises(ValidationFailed, match="not scored yet: XA-01, XA-02"):
            candidate_decide(
                candidate=candidate, selected=True, decision="QĐ", by=personas.province
            )
        score_all(personas, candidate)
        decision = "QĐ 123/QĐ-UBND ngày 01/03/2023"
        candidate = candidate_decide(
            candidate=candidate, selected=True, decision=decision, by=personas.province
        )
        assert (candidate.status, candidate.decision) == ("selected", decision)
        with pytest.raises(Conflict, match=r"Only a proposed candidate .* this one is selected"):
            candidate_decide(
                candidate=candidate, selected=False, decision="x", by=personas.province
            )

    def test_not_selecting_needs_no_scores_but_the_province_office(
        self, personas: Personas
    ) -> None:
        candidate = propose(personas)
        with pytest.raises(PermissionDenied):
            candidate_decide(
                candidate=candidate, selected=False, decision="x", by=personas.district
            )
        candidate = candidate_decide(
            candidate=candidate, selected=False, decision="QĐ 9", by=personas.province
        )
        assert candidate.status == "not_selected"
        assert candidate.history.first().history_user == personas.province

    def test_the_proposing_side_withdraws_while_proposed(self, personas: Personas) -> None:
        candidate = propose(personas)
        with pytest.raises(PermissionDenied):
            candidate_withdraw(candidate=candidate, by=personas.commune_b)
        with pytest.raises(PermissionDenied):
            candidate_withdraw(candidate=candidate, by=personas.viewer_a)
        candidate = candidate_withdraw(candidate=candidate, by=personas.district)
        assert candidate.status == "withdrawn"
        with pytest.raises(Conflict, match="Only a proposed candidate can be withdrawn"):
            candidate_withdraw(candidate=candidate, by=personas.commune_a)


class PlanTests:
    def test_only_a_selected_pilot_has_a_plan(self, personas: Personas) -> None:
        candidate = propose(personas)
        with pytest.raises(Conflict, match="Only a selected pilot has a plan"):
            pilot_plan_save(
                candidate=candidate,
                goal="g",
                start=dt.date(2023, 1, 1),
                end=dt.date(2023, 12, 31),
                by=personas.province,
            )

    def test_the_end_is_not_before_the_start(self, personas: Personas) -> None:
        candidate = selected(personas)
        with pytest.raises(ValidationFailed) as info:
            pilot_plan_save(
                candidate=candidate,
                goal="g",
                start=dt.date(2023, 4, 1),
                end=dt.date(2023, 3, 31),
                by=personas.commune_a,
            )
        assert info.value.message == "The end (31/03/2023) cannot be before the start (01/04/2023)."

    def test_the_units_writers_keep_the_plan_others_cannot(self, personas: Personas) -> None:
        candidate = selected(personas)
        for user in (personas.commune_b, personas.other_district, personas.viewer_a):
            with pytest.raises(PermissionDenied):
                pilot_plan_save(
                    candidate=candidate,
                    goal="g",
                    start=dt.date(2023, 4, 1),
                    end=dt.date(2023, 12, 31),
                    by=user,
                )
        plan = pilot_plan_save(
            candidate=candidate,
            goal="g",
            start=dt.date(2023, 4, 1),
            end=dt.date(2023, 12, 31),
            by=personas.commune_a,
        )
        plan = pilot_plan_save(
            candidate=candidate,
            goal="g2",
            start=dt.date(2023, 4, 1),
            end=dt.date(2024, 12, 31),
            by=personas.district,
        )
        assert plan.goal == "g2" and plan.history.count() == 2

    def test_milestones_progress_and_overdue(self, personas: Personas) -> None:
        plan = planned(personas).plan
        done = pilot_milestone_create(
            plan=plan,
            title="Survey",
            due=dt.date(2023, 6, 30),
            done_on=dt.date(2023, 6, 20),
            by=personas.commune_a,
        )
        assert done.progress == 100  # a done date completes it
        full = pilot_milestone_create(
            plan=plan,
            title="QR codes",
            due=dt.date(2023, 12, 31),
            progress=100,
            by=personas.province,
        )
        assert full.done_on == today()  # complete without a date: done today
        late = pilot_milestone_create(
            plan=plan,
            title="E-commerce",
            due=dt.date(2024, 6, 30),
            progress=40,
            by=personas.district,
        )
        assert late.done_on is None
        view = selectors.plan_view(plan.candidate, on=dt.date(2024, 7, 1))
        assert view is not None
        assert view.progress == Decimal("80.0")
        assert [line.overdue for line in view.milestones] == [False, False, True]
        assert selectors.plan_view(plan.candidate, on=dt.date(2024, 6, 30)).overdue_count == 0  # type: ignore[union-attr]
        # The unit's officer reports progress; reopening needs the done date cleared.
        late = pilot_milestone_update(
            milestone=late,
            title="E-commerce",
            due=late.due,
            progress=70,
            done_on=None,
            note="3 of 4 products listed",
            by=personas.commune_a,
        )
        assert (late.progress, late.note, late.history.count()) == (70, "3 of 4 products listed", 2)
        assert selectors.plan_progress(plan) == Decimal("90.0")

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            (
                {"due": dt.date(2025, 1, 1)},
                "due",
                "The due date must fall within the plan (01/04/2023–31/12/2024).",
            ),
            (
                {"done_on": today() + dt.timedelta(days=1)},
                "done_on",
                "The done date cannot be in the future.",
            ),
        ],
    )
    def test_bad_milestones_are_refused(
        self, personas: Personas, change: dict[str, object], field: str, message: str
    ) -> None:
        plan = planned(personas).plan
        values: dict[str, object] = {"title": "Survey", "due": dt.date(2023, 6, 30), "progress": 0}
        with pytest.raises(ValidationFailed) as info:
            pilot_milestone_create(plan=plan, **(values | change), by=personas.commune_a)  # type: ignore[arg-type]
        assert (info.value.field, info.value.message) == (field, message)
        assert not PilotMilestone.objects.exists()

    def test_the_period_cannot_leave_a_milestone_outside(self, personas: Personas) -> None:
        candidate = planned(personas)
        pilot_milestone_create(
            plan=candidate.plan, title="Cameras", due=dt.date(2024, 9, 30), by=personas.province
        )
        with pytest.raises(ValidationFailed) as info:
            pilot_plan_save(
                candidate=candidate,
                goal="g",
                start=dt.date(2023, 4, 1),
                end=dt.date(2024, 6, 30),
                by=personas.province,
            )
        assert (
            info.value.message
            == "The milestone “Cameras” is due on 30/09/2024, outside the new period."
        )

    def test_milestones_of_other_units_are_not_theirs(self, personas: Personas) -> None:
        plan = planned(personas).plan
        milestone = pilot_milestone_create(
            plan=plan, title="Survey", due=dt.date(2023, 6, 30), by=personas.province
        )
        with pytest.raises(PermissionDenied):
            pilot_milestone_delete(milestone=milestone, by=personas.commune_b)
        pilot_milestone_delete(milestone=milestone, by=personas.commune_a)
        assert not PilotMilestone.objects.exists()
        assert (
            PilotMilestone.history.filter(history_type="-").get().history_user == personas.commune_a
        )


class AssessmentTests:
    @pytest.fixture
    def items(self, personas: Personas) -> list[SmartHamletItem]:
        load_defaults()
        return list(SmartHamletItem.objects.filter(active=True))

    def test_meeting_every_item_makes_a_smart_hamlet(
        self, personas: Personas, items: list[SmartHamletItem]
    ) -> None:
        hamlet = personas.hamlet_a_unit
        answers = {i.pk: Answer(True) for i in items}
        answers[items[-1].pk] = Answer(False, "no cameras yet")
        hamlet_assess(hamlet=hamlet, year=YEAR, answers=answers, by=personas.commune_a)
        checklist = selectors.hamlet_checklist(hamlet, YEAR)
        assert (checklist.met, checklist.total, checklist.smart) == (5, 6, False)
        answers[items[-1].pk] = Answer(True)
        hamlet_assess(hamlet=hamlet, year=YEAR, answers=answers, by=personas.district)
        assert selectors.hamlet_is_smart(hamlet, YEAR)
        assert not selectors.hamlet_is_smart(hamlet, 2022)
        row = HamletAssessment.objects.get(item=items[-1])
        assert row.history.count() == 2 and row.assessed_by == personas.district
        assert HamletAssessment.objects.count() == 6  # unchanged rows were not rewritten
        # An item added to the checklist later must be assessed too.
        smart_hamlet_item_create(code="TM-07", name="Smart lights", by=personas.province)
        assert not selectors.hamlet_is_smart(hamlet, YEAR)

    def test_every_item_must_be_answered(
        self, personas: Personas, items: list[SmartHamletItem]
    ) -> None:
        answers = {i.pk: Answer(True) for i in items[:-1]}
        with pytest.raises(ValidationFailed) as info:
            hamlet_assess(
                hamlet=personas.hamlet_a_unit, year=YEAR, answers=answers, by=personas.commune_a
            )
        assert info.value.field == f"met_{items[-1].pk}"
        assert info.value.message.startswith("Say whether “Camera an ninh")
        assert not HamletAssessment.objects.exists()

    def test_years_and_units_are_checked(
        self, personas: Personas, items: list[SmartHamletItem]
    ) -> None:
        answers = {i.pk: Answer(True) for i in items}
        hamlet = personas.hamlet_a_unit
        with pytest.raises(ValidationFailed, match="from 2010 to"):
            hamlet_assess(
                hamlet=hamlet, year=today().year + 1, answers=answers, by=personas.commune_a
            )
        with pytest.raises(ValidationFailed, match="Ấp Chợ did not exist on 01/07/2025"):
            hamlet_assess(hamlet=hamlet, year=2025, answers=answers, by=personas.commune_a)
        with pytest.raises(ValidationFailed, match="Only hamlets"):
            hamlet_assess(
                hamlet=personas.commune_a_unit, year=YEAR, answers=answers, by=personas.commune_a
            )
        for user in (personas.commune_b, personas.viewer_a, personas.resident):
            with pytest.raises(PermissionDenied):
                hamlet_assess(hamlet=hamlet, year=YEAR, answers=answers, by=user)


class SelectorTests:
    def test_candidates_are_scoped(self, personas: Personas) -> None:
        propose(personas)
        candidate_propose(
            unit_code="29482",
            kind="smart_commune",
            year=YEAR,
            field="tourism",
            by=personas.commune_b,
        )

        def codes(user: Actor) -> list[str]:
            return [c.unit.code for c in selectors.candidates_for_user(user=user)]

        assert codes(personas.commune_a) == ["29479"]
        assert codes(personas.resident) == ["29479"]
        assert codes(personas.district) == ["29479", "29482"]
        assert codes(personas.other_district) == []
        assert [
            c.unit.code
            for c in selectors.candidates_for_user(user=personas.province, field="tourism")
        ] == ["29482"]

    def test_hamlets_carry_their_result_and_filter_on_it(self, personas: Personas) -> None:
        load_defaults()
        items = list(SmartHamletItem.objects.filter(active=True))
        second = unit_create(
            code="2947902",
            name="Ấp Giồng Lớn",
            kind="ap",
            level="hamlet",
            parent=personas.commune_a_unit,
            valid_to=TV_END,
        )
        hamlet_assess(
            hamlet=personas.hamlet_a_unit,
            year=YEAR,
            answers={i.pk: Answer(True) for i in items},
            by=personas.commune_a,
        )
        hamlet_assess(
            hamlet=second,
            year=YEAR,
            answers={i.pk: Answer(i.code != "TM-06") for i in items},
            by=personas.commune_a,
        )
        rows: Any = selectors.hamlets_for_user(user=personas.commune_a, year=YEAR)
        assert [(h.code, h.met, h.assessed) for h in rows] == [
            ("2947901", 6, 6),
            ("2947902", 5, 6),
        ]
        smart = selectors.hamlets_for_user(user=personas.district, year=YEAR, smart=True)
        assert [h.code for h in smart] == ["2947901"]
        others = selectors.hamlets_for_user(user=personas.district, year=YEAR, smart=False)
        assert [h.code for h in others] == ["2947902"]
        assert list(selectors.hamlets_for_user(user=personas.commune_b, year=YEAR)) == []

        def default_year(user: Any) -> int:
            assessed = HamletAssessment.objects.all()
            rule = year_reference(
                user=user, asked=None, data=assessed, field="year", unit_field="hamlet"
            )
            return rule.year

        assert default_year(personas.commune_a) == YEAR
        assert default_year(personas.commune_b) == today().year
        assert [c.code for c in selectors.communes_for_user(user=personas.district, year=YEAR)] == [
            "29479",
            "29482",
        ]
