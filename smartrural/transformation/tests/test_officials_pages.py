"""Officials and trainings pages through the test client (English pages): lists, forms, the
import, the event page and its writes, query counts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from smartrural.testing import Personas
from smartrural.transformation.models import (
    Official,
    TrainingEvent,
    TrainingMaterial,
    TrainingParticipant,
)
from smartrural.transformation.officials.services import (
    official_create,
    participants_add,
    training_create,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
MAY = dt.date(2023, 5, 10)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def en(personas: Personas, user: Any) -> Client:
    client = personas.client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def staff(p: Personas, n: int, unit: Any = None) -> list[Official]:
    return [
        official_create(
            unit=unit or p.commune_a_unit,
            full_name=f"Nguyễn Văn Số {i}",
            position="Công chức",
            by=p.province,
        )
        for i in range(n)
    ]


def course(p: Personas, **kwargs: Any) -> TrainingEvent:
    fields: dict[str, Any] = {
        "unit": p.district_unit,
        "kind": "course",
        "title": "Tập huấn chuyển đổi số",
        "date": MAY,
        "by": p.province,
    }
    fields.update(kwargs)
    return training_create(**fields)


class OfficialListTests:
    def test_it_lists_the_scope_with_the_trained_marker_of_the_chosen_year(
        self, personas: Personas
    ) -> None:
        trained, _untrained = staff(personas, 2)
        staff(personas, 1, unit=personas.other_commune_unit)
        participants_add(
            event=course(personas), officials=[trained], attendance="attended", by=personas.province
        )
        client = en(personas, personas.commune_a)
        html = client.get("/transformation/officials/?year=2023").content.decode()
        assert "Nguyễn Văn Số 0" in html and "Nguyễn Văn Số 1" in html
        assert "Xã Mỹ Cẩm" not in html
        assert "Of the 2 active officials listed, 1 attended a digital transformation" in html
        assert "(50.0%)" in html
        assert html.count(">Trained in 2023</span>") == 1
        # The default year is the latest with a training in the reader's scope (2023).
        html = client.get("/transformation/officials/").content.decode()
        assert html.count(">Trained in 2023</span>") == 1
        html = client.get("/transformation/officials/?year=2026").content.decode()
        assert '<span class="badge badge-ok">Trained in' not in html
        html = client.get("/transformation/officials/?year=2023&trained=no").content.decode()
        assert "Nguyễn Văn Số 1" in html and "Nguyễn Văn Số 0" not in html

    def test_filters_and_an_empty_state(self, personas: Personas) -> None:
        staff(personas, 1)
        official_create(
            unit=personas.district_unit,
            full_name="Thạch Sa Rát",
            position="Chánh Văn phòng Điều phối NTM huyện",
            by=personas.province,
        )
        client = en(personas, personas.province)
        html = client.get("/transformation/officials/?q=thach+sa").content.decode()
        assert "Thạch Sa Rát" in html and "Nguyễn Văn Số 0" not in html
        html = client.get("/transformation/officials/?level=district").content.decode()
        assert "Thạch Sa Rát" in html and "Nguyễn Văn Số 0" not in html
        html = client.get("/transformation/officials/?unit=29479").content.decode()
        assert "Nguyễn Văn Số 0" in html and "Thạch Sa Rát" not in html
        html = client.get("/transformation/officials/?active=no").content.decode()
        assert "No official matches." in html
        response = client.get("/transformation/officials/?year=abc&level=x")
        assert response.status_code == 200
        assert "Enter a whole number." in response.content.decode()

    def test_the_list_does_a_fixed_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        officials = staff(personas, 30)
        participants_add(
            event=course(personas), officials=officials, attendance="attended", by=personas.province
        )
        client = en(personas, personas.district)
        with django_assert_max_num_queries(9):
            response = client.get("/transformation/officials/?year=2023&q=so")
        assert response.status_code == 200
        assert response.content.decode().count("Nguyễn Văn Số") == 25


class OfficialFormTests:
    def test_the_unit_code_is_looked_up_on_the_as_of_date(self, personas: Personas) -> None:
        client = en(personas, personas.commune_a)
        body = {"unit": "29479", "full_name": "Trần Thị Mai", "position": "Công chức"}
        response = client.post("/transformation/officials/new/", {**body, "as_of": ""})
        assert response.status_code == 422
        assert "This field is required." in response.content.decode()
        today = dt.date.today().strftime("%d/%m/%Y")
        response = client.post("/transformation/officials/new/", {**body, "as_of": today})
        assert response.status_code == 422
        assert "Code 29479 names no unit on" in response.content.decode()
        response = client.post(
            "/transformation/officials/new/", {**body, "as_of": "01/06/2023"}, follow=True
        )
        assert "Official added." in response.content.decode()
        official = Official.objects.get()
        assert response.redirect_chain[-1][0] == f"/transformation/officials/{official.pk}/"

    def test_a_code_outside_the_scope_is_a_form_error(self, personas: Personas) -> None:
        response = en(personas, personas.commune_a).post(
            "/transformation/officials/new/",
            {"unit": "29482", "as_of": "01/06/2023", "full_name": "X", "position": "Y"},
        )
        assert response.status_code == 422
        assert "among your units" in response.content.decode()
        assert not Official.objects.exists()

    def test_edit_deactivate_reactivate_and_history(self, personas: Personas) -> None:
        (official,) = staff(personas, 1)
        client = en(personas, personas.commune_a)
        page = client.get(f"/transformation/officials/{official.pk}/edit/").content.decode()
        assert 'value="30/06/2025"' in page  # the unit's last day: its code is valid then
        response = client.post(
            f"/transformation/officials/{official.pk}/edit/",
            {
                "unit": "29479",
                "as_of": "30/06/2025",
                "full_name": "Nguyễn Văn Một",
                "position": "Chủ tịch UBND xã",
                "version": "1",
            },
            follow=True,
        )
        assert "Official saved." in response.content.decode()
        response = client.post(f"/transformation/officials/{official.pk}/deactivate/", follow=True)
        assert "is deactivated" in response.content.decode()
        assert not Official.objects.get().active
        client.post(f"/transformation/officials/{official.pk}/reactivate/")
        assert Official.objects.get().active
        history = client.get(f"/transformation/officials/{official.pk}/history/").content.decode()
        assert "Nguyễn Văn Một" in history and "Chủ tịch UBND xã" in history
        assert "xa-29479" in history

    def test_read_only_and_out_of_scope_users(self, personas: Personas) -> None:
        (official,) = staff(personas, 1)
        viewer = en(personas, personas.viewer_a)
        assert viewer.get(f"/transformation/officials/{official.pk}/").status_code == 200
        assert (
            viewer.post(f"/transformation/officials/{official.pk}/deactivate/").status_code == 403
        )
        other = en(personas, personas.commune_b)
        assert other.get(f"/transformation/officials/{official.pk}/").status_code == 404
        assert other.get("/transformation/officials/999999/").status_code == 404


class ImportPageTests:
    def test_a_wrong_file_shows_every_problem_and_saves_nothing(self, personas: Personas) -> None:
        client = en(personas, personas.district)
        csv = (
            "Mã đơn vị;Họ và tên;Chức vụ\n"
            "29479;Trần Thị Mai;Công chức\n29269;Lê Bình;Công chức\n;;x\n"
        )
        response = client.post(
            "/transformation/officials/import/",
            {"as_of": "01/06/2023", "file": io.BytesIO(csv.encode())},
        )
        # io.BytesIO has no name: the client names it after the field.
        assert response.status_code == 422
        assert "is not an Excel workbook (.xlsx) or a CSV file" in response.content.decode()
        upload = io.BytesIO(csv.encode())
        upload.name = "officials.csv"
        response = client.post(
            "/transformation/officials/import/", {"as_of": "01/06/2023", "file": upload}
        )
        html = response.content.decode()
        assert response.status_code == 422
        assert "3 problems found: nothing was saved." in html
        assert "Xã Mỹ Cẩm is not among your units." in html
        assert not Official.objects.exists()

    def test_a_good_file_is_imported(self, personas: Personas) -> None:
        upload = io.BytesIO(b"Unit code,Full name,Position\n29479,Tran Thi Mai,Officer\n")
        upload.name = "officials.csv"
        response = en(personas, personas.commune_a).post(
            "/transformation/officials/import/",
            {"as_of": "01/06/2023", "file": upload},
            follow=True,
        )
        assert "Import done: 1 official(s) added, 0 updated, 0 unchanged." in (
            response.content.decode()
        )
        assert Official.objects.get().full_name == "Tran Thi Mai"

    def test_the_template_is_an_xlsx_with_the_users_units(self, personas: Personas) -> None:
        response = en(personas, personas.commune_a).get(
            "/transformation/officials/import/template.xlsx"
        )
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = load_workbook(io.BytesIO(response.content))
        assert [c.value for c in workbook["Cán bộ"][1]] == [
            "Mã đơn vị",
            "Họ và tên",
            "Chức vụ",
            "Mã định danh",
            "Đang công tác",
        ]
        assert [c.value for c in workbook["Đơn vị"]["A"]][1:] == ["29479"]
        assert (
            en(personas, personas.viewer_a)
            .get("/transformation/officials/import/template.xlsx")
            .status_code
            == 403
        )


class TrainingListTests:
    def test_it_lists_the_scope_with_counts_and_filters(self, personas: Personas) -> None:
        officials = staff(personas, 3)
        event = course(personas, residents=40)
        participants_add(
            event=event, officials=officials[:2], attendance="attended", by=personas.province
        )
        participants_add(
            event=event, officials=officials[2:], attendance="absent", by=personas.province
        )
        course(
            personas,
            unit=personas.other_district_unit,
            title="Hội nghị Càng Long",
            digital_transformation=False,
        )
        course(personas, title="Năm trước", date=dt.date(2022, 3, 1), kind="workshop")
        client = en(personas, personas.district)
        html = client.get("/transformation/trainings/").content.decode()
        assert "Hội nghị Càng Long" not in html
        assert '2 <span class="muted">/ 3</span>' in html and "<td>40</td>" in html
        html = client.get("/transformation/trainings/?year=2023").content.decode()
        assert "Năm trước" not in html and "1 event." in html
        html = client.get("/transformation/trainings/?kind=workshop").content.decode()
        assert "Năm trước" in html and "Tập huấn chuyển đổi số" not in html
        html = (
            en(personas, personas.province)
            .get("/transformation/trainings/?dt=yes")
            .content.decode()
        )
        assert "Hội nghị Càng Long" not in html
        html = client.get("/transformation/trainings/?unit=844").content.decode()
        assert "No event matches." in html

    def test_the_list_does_a_fixed_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        officials = staff(personas, 3)
        for n in range(30):
            event = course(personas, title=f"Sự kiện {n}")
            participants_add(
                event=event, officials=officials, attendance="attended", by=personas.province
            )
        client = en(personas, personas.province)
        with django_assert_max_num_queries(8):
            response = client.get("/transformation/trainings/")
        assert response.content.decode().count("Sự kiện") == 25


class TrainingFormTests:
    def test_the_form_validates_and_saves(self, personas: Personas) -> None:
        client = en(personas, personas.commune_a)
        body = {
            "unit": "29479",
            "kind": "workshop",
            "title": "Hội thảo",
            "date": "10/05/2023",
            "end_date": "09/05/2023",
            "format": "online",
            "residents": "-3",
        }
        response = client.post("/transformation/trainings/new/", body)
        html = response.content.decode()
        assert response.status_code == 422
        assert "The last day cannot be before the first day." in html
        assert "Ensure this value is greater than or equal to 0." in html
        response = client.post(
            "/transformation/trainings/new/",
            {**body, "date": "10/05/2026", "end_date": "", "residents": "5"},
        )
        assert "Code 29479 names no unit on 10/05/2026" in response.content.decode()
        response = client.post(
            "/transformation/trainings/new/",
            {**body, "end_date": "", "residents": "5", "digital_transformation": "on"},
            follow=True,
        )
        assert "Training saved." in response.content.decode()
        event = TrainingEvent.objects.get()
        assert (event.unit, event.residents, event.digital_transformation) == (
            personas.commune_a_unit,
            5,
            True,
        )
        edit = f"/transformation/trainings/{event.pk}/edit/"
        response = client.post(edit, {**body, "title": "", "version": "1"})
        assert response.status_code == 422
        history = client.get(f"/transformation/trainings/{event.pk}/history/")
        assert "Hội thảo" in history.content.decode()

    def test_garbage_is_a_form_error_not_a_crash(self, personas: Personas) -> None:
        response = en(personas, personas.province).post(
            "/transformation/trainings/new/",
            {"unit": "x" * 50, "kind": "?", "date": "32/13/2023", "format": "", "residents": "a"},
        )
        assert response.status_code == 422


class TrainingPageTests:
    def test_participants_are_added_marked_and_removed_through_the_page(
        self, personas: Personas
    ) -> None:
        mai, binh = staff(personas, 2)
        (cuong,) = staff(personas, 1, unit=personas.commune_b_unit)
        event = course(personas)
        client = en(personas, personas.district)
        url = f"/transformation/trainings/{event.pk}/"
        html = client.get(url + "?q=so+0").content.decode()
        assert f'value="{mai.pk}"' in html and f'value="{binh.pk}"' not in html
        response = client.post(
            url + "participants/add/",
            {"officials": [mai.pk, binh.pk], "attendance": "attended"},
            follow=True,
        )
        assert "2 participants added." in response.content.decode()
        response = client.post(url + "participants/add/", {"officials": ["abc"], "attendance": "x"})
        assert response.status_code == 422
        response = client.post(
            url + "participants/add-unit/", {"unit": "29482", "attendance": "invited"}, follow=True
        )
        assert "1 participant added." in response.content.decode()
        participant = TrainingParticipant.objects.get(official=cuong)
        response = client.post(
            url + "participants/attendance/",
            {
                f"attendance-{participant.pk}": "absent",
                f"shown-{participant.pk}": "invited",
                f"version-{participant.pk}": "1",
                "page": "1",
            },
        )
        assert response.status_code == 302
        assert TrainingParticipant.objects.get(official=cuong).attendance == "absent"
        response = client.post(url + "participants/attendance/", {"attendance-x": "absent"})
        assert response.status_code == 422
        client.post(url + f"participants/{participant.pk}/remove/")
        assert event.participants.count() == 2
        assert client.post(url + "participants/999999/remove/").status_code == 404
        html = client.get(url).content.decode()
        assert "2 attended, 0 absent, 0 invited" in html

    def test_commune_b_cannot_add_officials_of_commune_a(self, personas: Personas) -> None:
        (mai,) = staff(personas, 1)
        event = course(personas, unit=personas.commune_b_unit, by=personas.commune_b)
        response = en(personas, personas.commune_b).post(
            f"/transformation/trainings/{event.pk}/participants/add/",
            {"officials": [mai.pk], "attendance": "attended"},
        )
        assert response.status_code == 422
        assert "Some chosen officials cannot take part in this event." in response.content.decode()

    def test_materials_are_uploaded_downloaded_and_deleted(self, personas: Personas) -> None:
        event = course(personas)
        client = en(personas, personas.district)
        url = f"/transformation/trainings/{event.pk}/materials/"
        bad = io.BytesIO(b"MZ\x90\x00")
        bad.name = "virus.pdf"
        response = client.post(url, {"title": "x", "file": bad})
        assert response.status_code == 422
        assert "is not a PDF, JPEG, PNG, Word or Excel file" in response.content.decode()
        good = io.BytesIO(PDF)
        good.name = "bai-giang.pdf"
        response = client.post(url, {"title": "Bài giảng", "file": good}, follow=True)
        assert "Bài giảng uploaded." in response.content.decode()
        material = TrainingMaterial.objects.get()
        download = en(personas, personas.province).get(f"{url}{material.pk}/")
        assert download.status_code == 200
        assert download.getvalue() == PDF
        assert en(personas, personas.other_district).get(f"{url}{material.pk}/").status_code == 404
        client.post(f"{url}{material.pk}/delete/")
        assert not TrainingMaterial.objects.exists()

    def test_the_event_page_does_a_fixed_number_of_queries(
        self, personas: Personas, django_assert_max_num_queries: Any
    ) -> None:
        event = course(personas)
        participants_add(
            event=event, officials=staff(personas, 30), attendance="attended", by=personas.province
        )
        staff(personas, 10, unit=personas.commune_b_unit)
        client = en(personas, personas.district)
        with django_assert_max_num_queries(16):
            response = client.get(f"/transformation/trainings/{event.pk}/")
        assert response.status_code == 200

    def test_an_event_is_deleted(self, personas: Personas) -> None:
        event = course(personas)
        response = en(personas, personas.district).post(
            f"/transformation/trainings/{event.pk}/delete/", follow=True
        )
        assert "was deleted" in response.content.decode()
        assert not TrainingEvent.objects.exists()
