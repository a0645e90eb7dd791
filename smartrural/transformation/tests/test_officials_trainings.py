"""Training events: the event's rules, participants and attendance, materials, and the
"trained in digital transformation" rule the official list shares with the KPI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict

from smartrural.core.errors import ValidationFailed
from smartrural.testing import Personas
from smartrural.transformation.models import (
    Official,
    TrainingEvent,
    TrainingMaterial,
    TrainingParticipant,
)
from smartrural.transformation.officials import selectors
from smartrural.transformation.officials.forms import MaterialForm, TrainingForm
from smartrural.transformation.officials.services import (
    material_add,
    material_delete,
    official_create,
    official_set_active,
    participant_remove,
    participants_add,
    participants_add_unit,
    participants_set_attendance,
    training_create,
    training_delete,
    training_update,
)

MAY = dt.date(2023, 5, 10)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _english(settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def event(p: Personas, **kwargs: Any) -> TrainingEvent:
    fields: dict[str, Any] = {
        "unit": p.district_unit,
        "kind": "course",
        "title": "Tập huấn chuyển đổi số",
        "date": MAY,
        "by": p.district,
    }
    fields.update(kwargs)
    return training_create(**fields)


def official(p: Personas, name: str, unit: Any = None, **kwargs: Any) -> Official:
    return official_create(
        unit=unit or p.commune_a_unit,
        full_name=name,
        position="Công chức",
        by=p.province,
        **kwargs,
    )


def future() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


class TrainingEventTests:
    def test_it_records_an_event_with_history(self, personas: Personas) -> None:
        created = event(personas, end_date=dt.date(2023, 5, 12), residents=12, topic="DT")
        assert (created.residents, created.topic, created.created_by) == (
            12,
            "DT",
            personas.district,
        )
        assert created.history.get().history_user == personas.district

    @pytest.mark.parametrize(
        ("kwargs", "field", "message"),
        [
            ({"end_date": dt.date(2023, 5, 9)}, "end_date", "cannot be before the first day"),
            ({"date": dt.date(1999, 12, 31)}, "date", "Trainings before 01/01/2000"),
            ({"date": dt.date(2025, 7, 1)}, "unit", "did not exist on 01/07/2025"),
        ],
    )
    def test_it_rejects_wrong_input(
        self, personas: Personas, kwargs: dict[str, Any], field: str, message: str
    ) -> None:
        with pytest.raises(ValidationFailed, match=message) as info:
            event(personas, **kwargs)
        assert info.value.field == field
        assert not TrainingEvent.objects.exists()

    def test_dates_more_than_a_year_ahead_are_refused(self, personas: Personas) -> None:
        # Trà Vinh's units ended on 30/06/2025; a unit of today is needed for a future event.
        from smartrural.geo.services import unit_create

        today_unit = unit_create(
            code="86", name="Tỉnh Vĩnh Long", kind="tinh", level="province", parent=None
        )
        ahead = timezone.localdate() + dt.timedelta(days=400)
        with pytest.raises(ValidationFailed, match="more than a year ahead"):
            event(personas, unit=today_unit, date=ahead, by=personas.province)
        assert event(personas, unit=today_unit, date=future(), by=personas.province)

    def test_hamlets_and_units_outside_the_scope_do_not_organise(self, personas: Personas) -> None:
        with pytest.raises(ValidationFailed, match="province, district or commune"):
            event(personas, unit=personas.hamlet_a_unit)
        with pytest.raises(ValidationFailed, match="not among your units"):
            event(personas, unit=personas.other_district_unit)
        with pytest.raises(PermissionDenied):
            event(personas, unit=personas.commune_a_unit, by=personas.viewer_a)

    def test_moving_the_event_keeps_its_participants_possible(self, personas: Personas) -> None:
        course = event(personas)
        participants_add(
            event=course,
            officials=[official(personas, "Trần Thị Mai")],
            attendance="attended",
            by=personas.district,
        )
        common: dict[str, Any] = {
            "event": course,
            "kind": "course",
            "title": course.title,
            "date": MAY,
            "by": personas.district,
        }
        with pytest.raises(ValidationFailed, match="outside Xã Kim Sơn"):
            training_update(unit=personas.commune_b_unit, **common)
        training_update(unit=personas.commune_a_unit, **{**common, "residents": 30})
        course.refresh_from_db()
        assert (course.unit, course.residents) == (personas.commune_a_unit, 30)
        assert course.history.count() == 2
        training_update(unit=personas.commune_a_unit, **{**common, "residents": 30})
        assert course.history.count() == 2  # nothing changed: nothing recorded

    def test_deleting_an_event_deletes_its_rows(self, personas: Personas) -> None:
        course = event(personas)
        participants_add(
            event=course,
            officials=[official(personas, "Trần Thị Mai")],
            attendance="attended",
            by=personas.district,
        )
        material_add(
            event=course, title="", upload=SimpleUploadedFile("a.pdf", PDF), by=personas.district
        )
        with pytest.raises(PermissionDenied):
            training_delete(event=course, by=personas.commune_a)  # organised by the district
        training_delete(event=course, by=personas.district)
        assert not TrainingEvent.objects.exists()
        assert not TrainingParticipant.objects.exists()
        assert not TrainingMaterial.objects.exists()
        assert (
            TrainingEvent.history.filter(history_type="-").get().history_user == personas.district
        )


class ParticipantTests:
    def test_officials_of_the_subtree_in_the_scope_can_take_part(self, personas: Personas) -> None:
        course = event(personas)
        mai = official(personas, "Trần Thị Mai")
        binh = official(personas, "Lê Văn Bình", unit=personas.commune_b_unit)
        far = official(personas, "Võ Văn Xa", unit=personas.other_commune_unit)
        added = participants_add(
            event=course, officials=[mai, binh], attendance="attended", by=personas.district
        )
        assert added == 2
        assert (
            participants_add(
                event=course, officials=[mai], attendance="absent", by=personas.district
            )
            == 0
        )  # already taking part: left as it is
        assert TrainingParticipant.objects.get(official=mai).attendance == "attended"
        with pytest.raises(ValidationFailed, match="Võ Văn Xa cannot take part"):
            participants_add(
                event=course, officials=[far], attendance="attended", by=personas.district
            )
        with pytest.raises(ValidationFailed, match="Choose at least one official"):
            participants_add(
                event=course, officials=[], attendance="attended", by=personas.district
            )

    def test_a_commune_officer_adds_only_their_communes_officials(self, personas: Personas) -> None:
        course = event(personas, unit=personas.commune_a_unit, by=personas.commune_a)
        binh = official(personas, "Lê Văn Bình", unit=personas.commune_b_unit)
        with pytest.raises(ValidationFailed, match="cannot take part"):
            participants_add(
                event=course, officials=[binh], attendance="attended", by=personas.commune_a
            )

    def test_a_units_active_officials_are_added_at_once(self, personas: Personas) -> None:
        course = event(personas)
        official(personas, "Trần Thị Mai")
        gone = official(personas, "Lê Văn Đi")
        official_set_active(official=gone, active=False, by=personas.province)
        official(personas, "Đặng Văn Huyện", unit=personas.district_unit)
        official(personas, "Lê Văn Bình", unit=personas.commune_b_unit)
        added = participants_add_unit(
            event=course, unit=personas.commune_a_unit, attendance="invited", by=personas.district
        )
        assert added == 1
        added = participants_add_unit(
            event=course,
            unit=personas.district_unit,
            include_subunits=True,
            attendance="invited",
            by=personas.district,
        )
        assert added == 2
        names = set(course.participants.values_list("official__full_name", flat=True))
        assert names == {"Trần Thị Mai", "Đặng Văn Huyện", "Lê Văn Bình"}
        with pytest.raises(ValidationFailed, match="has no active official"):
            participants_add_unit(
                event=course,
                unit=personas.hamlet_a_unit,
                attendance="invited",
                by=personas.district,
            )
        with pytest.raises(ValidationFailed, match="not Huyện Trà Cú or a unit under it"):
            participants_add_unit(
                event=course,
                unit=personas.other_commune_unit,
                attendance="invited",
                by=personas.province,
            )

    def test_attendance_is_set_and_kept_in_the_history(self, personas: Personas) -> None:
        course = event(personas)
        mai = official(personas, "Trần Thị Mai")
        participants_add(event=course, officials=[mai], attendance="invited", by=personas.district)
        participant = TrainingParticipant.objects.get()
        changed = participants_set_attendance(
            event=course, attendance={participant.pk: "attended"}, by=personas.district
        )
        assert changed == 1
        assert participant.history.first().history_user == personas.district
        with pytest.raises(ValidationFailed, match="not an attendance"):
            participants_set_attendance(
                event=course, attendance={participant.pk: "late"}, by=personas.district
            )
        with pytest.raises(ValidationFailed, match="not in this event"):
            participants_set_attendance(
                event=course, attendance={participant.pk + 99: "absent"}, by=personas.district
            )
        participant_remove(participant=participant, by=personas.district)
        assert not TrainingParticipant.objects.exists()

    def test_before_the_event_participants_can_only_be_invited(self, personas: Personas) -> None:
        from smartrural.geo.services import unit_create

        today_unit = unit_create(
            code="86", name="Tỉnh Vĩnh Long", kind="tinh", level="province", parent=None
        )
        planned = event(personas, unit=today_unit, date=future(), by=personas.province)
        staff = official(personas, "Trần Thị Mai", unit=today_unit)
        with pytest.raises(ValidationFailed, match="can only be invited"):
            participants_add(
                event=planned, officials=[staff], attendance="attended", by=personas.province
            )
        participants_add(
            event=planned, officials=[staff], attendance="invited", by=personas.province
        )


class MaterialTests:
    def test_documents_are_checked_by_content_and_deleted_with_their_file(
        self, personas: Personas
    ) -> None:
        course = event(personas)
        with pytest.raises(ValidationFailed, match="not a PDF"):
            material_add(
                event=course,
                title="x",
                upload=SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
                by=personas.district,
            )
        kept = material_add(
            event=course,
            title="chuong-trinh.pdf",
            upload=SimpleUploadedFile("chuong-trinh.pdf", PDF),
            by=personas.district,
        )
        assert (kept.title, kept.content_type) == ("chuong-trinh.pdf", "application/pdf")
        path = Path(kept.file.path)
        assert path.exists()
        with pytest.raises(PermissionDenied):
            material_delete(material=kept, by=personas.viewer_a)
        material_delete(material=kept, by=personas.district)
        assert not TrainingMaterial.objects.exists()


class TrainedRuleTests:
    def test_only_active_officials_who_attended_a_dt_event_of_the_period_count(
        self, personas: Personas
    ) -> None:
        course = event(personas)
        other_topic = event(personas, title="Kế toán", digital_transformation=False)
        last_year = event(personas, title="Năm trước", date=dt.date(2022, 11, 1))
        trained = official(personas, "Đã Tập Huấn")
        absent = official(personas, "Vắng Mặt")
        not_dt = official(personas, "Khác Chủ Đề")
        old = official(personas, "Năm Trước")
        left = official(personas, "Đã Nghỉ")
        official(personas, "Chưa Tham Gia")
        by = personas.district
        participants_add(event=course, officials=[trained, left], attendance="attended", by=by)
        participants_add(event=course, officials=[absent], attendance="absent", by=by)
        participants_add(event=other_topic, officials=[not_dt], attendance="attended", by=by)
        participants_add(event=last_year, officials=[old], attendance="attended", by=by)
        official_set_active(official=left, active=False, by=by)
        start, end = selectors.year_bounds(2023)
        found = set(
            Official.objects.filter(selectors.trained_q(start=start, end=end)).values_list(
                "full_name", flat=True
            )
        )
        assert found == {"Đã Tập Huấn"}
        scoped = selectors.officials_for_user(personas.commune_a)
        assert selectors.trained_summary(scoped, year=2023) == (5, 1)
        assert selectors.trained_summary(scoped, year=2022) == (5, 1)
        rows: dict[str, Any] = {
            o.full_name: o for o in selectors.with_training_facts(scoped, year=2023)
        }
        assert (rows["Đã Nghỉ"].dt_attended, rows["Đã Nghỉ"].attended_in_year) == (1, True)
        assert rows["Năm Trước"].attended_in_year is False
        assert rows["Khác Chủ Đề"].dt_attended == 0
        filtered = selectors.filter_officials(scoped, trained="no", year=2023)
        assert "Đã Tập Huấn" not in set(filtered.values_list("full_name", flat=True))
        assert filtered.count() == 5

    def test_names_are_found_without_diacritics(self, personas: Personas) -> None:
        official(personas, "Nguyễn Thị Hương")
        official(personas, "Nguyễn Văn Hưng")
        official(personas, "Trần Văn Đức")
        scoped = selectors.officials_for_user(personas.province)
        names = selectors.filter_officials(scoped, name="huong", year=2023)
        assert list(names.values_list("full_name", flat=True)) == ["Nguyễn Thị Hương"]
        assert selectors.filter_officials(scoped, name="DUC", year=2023).count() == 1
        assert selectors.filter_officials(scoped, unit="trà cú", year=2023).count() == 3
        assert selectors.filter_officials(scoped, unit="29482", year=2023).count() == 0
        assert selectors.filter_officials(scoped, level="district", year=2023).count() == 0


TRAINING = {
    "unit": "849", "kind": "course", "title": "Chuyển đổi số", "date": "10/05/2023",
    "format": "in_person", "residents": "0",
}  # fmt: skip


class TrainingFormTests:
    @pytest.mark.parametrize("residents", ["0", "1000000"])
    def test_the_resident_limits_are_accepted(self, residents: str) -> None:
        assert TrainingForm(TRAINING | {"residents": residents}).is_valid()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("residents", "-1"),
            ("residents", "1000001"),
            ("residents", "1.5"),
            ("residents", "abc"),
            ("title", " "),
            ("title", "x" * 301),
            ("kind", "party"),
            ("format", "radio"),
            ("end_date", "09/05/2023"),
        ],
    )
    def test_bad_input_is_a_form_error(self, field: str, value: str) -> None:
        form = TrainingForm(TRAINING | {field: value})
        assert not form.is_valid()
        assert set(form.errors) == {field}

    def test_titles_and_places_are_made_one_line_of_single_spaces(self) -> None:
        form = TrainingForm(TRAINING | {"title": " Chuyển  đổi số ", "place": "Hội  trường"})
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["title"], form.cleaned_data["place"]) == (
            "Chuyển đổi số",
            "Hội trường",
        )

    def test_a_blank_material_title_is_the_file_name(self) -> None:
        upload = SimpleUploadedFile("chuong-trinh.pdf", PDF)
        form = MaterialForm({"title": " "}, MultiValueDict({"file": [upload]}))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["title"] == "chuong-trinh.pdf"
