"""Officials and trainings rows of the endpoint access matrix (see smartrural/testing_matrix.py).

The data hang off Ngãi Xuyên (commune A): an official, and a training it organised on 10/05/2023
with that official attending and one material. Writes follow ``unit_write``; a form naming a
unit outside the writer's scope (commune B's officer, Càng Long's district officer) is a form
error (422), not a missing page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from smartrural.testing import Personas
from smartrural.testing_matrix import Endpoint, logged_in, officials_pages, unit_write

PDF = b"%PDF-1.4\n%matrix\n"
CSV = "Mã đơn vị;Họ và tên;Chức vụ\n29479;Trần Thị Mai;Công chức Văn phòng – Thống kê\n"
IDENTIFIER = "MATRIX-1"


class _Upload:
    """A file the test client can send to every persona (read() never runs dry)."""

    def __init__(self, name: str, content: bytes, content_type: str) -> None:
        self.name, self.content, self.content_type = name, content, content_type

    def read(self) -> bytes:
        return self.content


class _LazyBody(dict[str, object]):
    """A POST body built when the request is encoded, after the URL created the data (ids of
    rows made by the URL builder are not known when the table is written)."""

    def __init__(self, build: Callable[[], dict[str, object]]) -> None:
        super().__init__(lazy=True)
        self.build = build

    def items(self) -> Any:
        return self.build().items()


def _official(p: Personas) -> int:
    from smartrural.transformation.models import Official
    from smartrural.transformation.officials.services import official_create

    found = Official.objects.filter(identifier=IDENTIFIER).first()
    if found is not None:
        return found.pk
    official = official_create(
        unit=p.commune_a_unit,
        full_name="Nguyễn Văn An",
        position="Phó Chủ tịch UBND xã",
        identifier=IDENTIFIER,
        by=p.province,
    )
    return official.pk


def _event(p: Personas) -> int:
    from smartrural.transformation.models import Official, TrainingEvent, TrainingMaterial
    from smartrural.transformation.officials.services import participants_add, training_create

    found = TrainingEvent.objects.filter(title="Matrix training").first()
    if found is not None:
        return found.pk
    event = training_create(
        unit=p.commune_a_unit,
        kind="course",
        title="Matrix training",
        date=dt.date(2023, 5, 10),
        by=p.province,
    )
    official = Official.objects.get(pk=_official(p))
    participants_add(event=event, officials=[official], attendance="attended", by=p.province)
    TrainingMaterial.objects.create(
        event=event,
        title="Slides",
        file=ContentFile(PDF, name="slides.pdf"),
        content_type="application/pdf",
    )
    return event.pk


def official_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/transformation/officials/{_official(p)}/{suffix}"


def event_url(suffix: str = "") -> Callable[[Personas], str]:
    return lambda p: f"/transformation/trainings/{_event(p)}/{suffix}"


def _participant(p: Personas) -> int:
    from smartrural.transformation.models import TrainingParticipant

    event_id = _event(p)
    return TrainingParticipant.objects.get(event_id=event_id).pk


def _material(p: Personas) -> int:
    from smartrural.transformation.models import TrainingMaterial

    event_id = _event(p)
    return TrainingMaterial.objects.get(event_id=event_id).pk


def _attendance_body() -> dict[str, object]:
    from smartrural.transformation.models import TrainingParticipant

    participant = TrainingParticipant.objects.get(event__title="Matrix training")
    return {
        f"attendance-{participant.pk}": "absent",
        f"shown-{participant.pk}": participant.attendance,
        f"version-{participant.pk}": participant.version,
    }


def _add_body() -> dict[str, object]:
    from smartrural.transformation.models import Official

    unit = Official.objects.get(identifier=IDENTIFIER).unit
    other = Official.objects.create(
        unit=unit, full_name="Lê Thị Bình", position="Công chức Tài chính – Kế toán"
    )
    return {"officials": str(other.pk), "attendance": "attended"}


READ = logged_in(200, commune_b=404, other_district=404)
OPEN_FORM = logged_in(200, viewer_a=403, resident=403)
# A form naming commune A's code: writers outside it get the form back with the error.
CODE_WRITE = {**unit_write(302), "commune_b": 422, "other_district": 422}
OFFICIAL_BODY: dict[str, object] = {
    "unit": "29479",
    "as_of": "01/06/2023",
    "full_name": "Phạm Văn Cường",
    "position": "Cán bộ phụ trách NTM xã",
}
TRAINING_BODY: dict[str, object] = {
    "unit": "29479",
    "kind": "course",
    "title": "Tập huấn kỹ năng số",
    "date": "10/05/2023",
    "format": "in_person",
    "residents": "0",
    "digital_transformation": "on",
}

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "transformation:official-list",
        "get",
        lambda p: "/transformation/officials/",
        logged_in(200),
    ),
    Endpoint(
        "transformation:official-create",
        "get",
        lambda p: "/transformation/officials/new/",
        OPEN_FORM,
    ),
    Endpoint(
        "transformation:official-create",
        "post",
        lambda p: "/transformation/officials/new/",
        CODE_WRITE,
        body=OFFICIAL_BODY,
    ),
    Endpoint(
        "transformation:official-import",
        "get",
        lambda p: "/transformation/officials/import/",
        OPEN_FORM,
    ),
    Endpoint(
        "transformation:official-import",
        "post",
        lambda p: "/transformation/officials/import/",
        CODE_WRITE,
        body={
            "as_of": "01/06/2023",
            "file": _Upload("officials.csv", CSV.encode("utf-8-sig"), "text/csv"),
        },
    ),
    Endpoint(
        "transformation:official-import-template",
        "get",
        lambda p: "/transformation/officials/import/template.xlsx",
        OPEN_FORM,
    ),
    Endpoint("transformation:official-detail", "get", official_url(), READ),
    Endpoint("transformation:official-history", "get", official_url("history/"), READ),
    Endpoint("transformation:official-edit", "get", official_url("edit/"), unit_write(200)),
    Endpoint(
        "transformation:official-edit",
        "post",
        official_url("edit/"),
        unit_write(302),
        body={**OFFICIAL_BODY, "identifier": IDENTIFIER, "version": "1"},
    ),
    Endpoint(
        "transformation:official-deactivate", "post", official_url("deactivate/"), unit_write(302)
    ),
    Endpoint(
        "transformation:official-reactivate", "post", official_url("reactivate/"), unit_write(302)
    ),
    Endpoint(
        "transformation:training-list",
        "get",
        lambda p: "/transformation/trainings/",
        logged_in(200),
    ),
    Endpoint(
        "transformation:training-create",
        "get",
        lambda p: "/transformation/trainings/new/",
        OPEN_FORM,
    ),
    Endpoint(
        "transformation:training-create",
        "post",
        lambda p: "/transformation/trainings/new/",
        CODE_WRITE,
        body=TRAINING_BODY,
    ),
    Endpoint("transformation:training-detail", "get", event_url(), READ),
    Endpoint("transformation:training-history", "get", event_url("history/"), READ),
    Endpoint("transformation:training-edit", "get", event_url("edit/"), unit_write(200)),
    Endpoint(
        "transformation:training-edit",
        "post",
        event_url("edit/"),
        unit_write(302),
        body={**TRAINING_BODY, "title": "Matrix training", "version": "1"},
    ),
    Endpoint("transformation:training-delete", "post", event_url("delete/"), unit_write(302)),
    Endpoint(
        "transformation:training-participant-add",
        "post",
        event_url("participants/add/"),
        unit_write(302),
        body=_LazyBody(_add_body),
    ),
    Endpoint(
        "transformation:training-participant-add-unit",
        "post",
        event_url("participants/add-unit/"),
        unit_write(302),
        body={"unit": "29479", "attendance": "attended"},
    ),
    Endpoint(
        "transformation:training-attendance",
        "post",
        event_url("participants/attendance/"),
        unit_write(302),
        body=_LazyBody(_attendance_body),
    ),
    Endpoint(
        "transformation:training-participant-remove",
        "post",
        lambda p: f"/transformation/trainings/{_event(p)}/participants/{_participant(p)}/remove/",
        unit_write(302),
    ),
    Endpoint(
        "transformation:training-material-upload",
        "post",
        event_url("materials/"),
        unit_write(302),
        body={"title": "Programme", "file": _Upload("programme.pdf", PDF, "application/pdf")},
    ),
    Endpoint(
        "transformation:training-material-download",
        "get",
        lambda p: f"/transformation/trainings/{_event(p)}/materials/{_material(p)}/",
        READ,
    ),
    Endpoint(
        "transformation:training-material-delete",
        "post",
        lambda p: f"/transformation/trainings/{_event(p)}/materials/{_material(p)}/delete/",
        unit_write(302),
    ),
]

# Every page of this app is in an officials' area: 404 for residents.
ENDPOINTS = officials_pages(ENDPOINTS)
