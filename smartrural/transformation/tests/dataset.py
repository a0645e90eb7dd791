"""A small hand-made data set for the KPIs: one district (Trà Cú) with three communes and two
hamlets, every figure known (see ``build_dataset``)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from smartrural.criteria.models import CriteriaSet
from smartrural.criteria.services import indicator_value_submit
from smartrural.criteria.shipped import DATA_DIR
from smartrural.geo.models import AdministrativeUnit
from smartrural.geo.services import unit_create
from smartrural.recognition.models import Dossier, DossierTransition, Stage
from smartrural.testing import TV_END, Personas
from smartrural.transformation.models import (
    Attendance,
    CommunityTechTeam,
    DigitalService,
    Official,
    ServiceOffering,
    TrainingEvent,
    TrainingParticipant,
)
from smartrural.transformation.work_records.services import work_record_submit
from smartrural.transformation.work_records.targets import load_targets

D = dt.date


def build_dataset(personas: Personas) -> Personas:
    """The data set (2023, Trà Cú 849; X/Y = online/total or trained/officials):

    ============  ============  ==========  =============  ======  =====
    unit          work records  officials   service 31/12  8.4     team
    ============  ============  ==========  =============  ======  =====
    Trà Cú 849    60/200        1/4         yes            —       —
    Ngãi Xuyên    40/100        2/3         yes            met     —
    Kim Sơn       10/50         0/2         ended 30/06    not met —
    Hàm Giang     5/50          1/3         inactive svc   missing —
    Ấp Chợ        —             —           —              —       active
    Ấp Mới        —             —           —              —       inactive
    ============  ============  ==========  =============  ======  =====

    Noise that must not count: 2022 records, an inactive official who was trained, a non-DT
    training, an absent participant, a 2022 training, Mỹ Cẩm in Càng Long.
    """
    p = personas
    load_targets()
    ham_giang = unit_create(
        code="29488",
        name="Xã Hàm Giang",
        kind="xa",
        level="commune",
        parent=p.district_unit,
        valid_to=TV_END,
    )
    new_hamlet = unit_create(
        code="2948201",
        name="Ấp Mới",
        kind="ap",
        level="hamlet",
        parent=p.commune_b_unit,
        valid_to=TV_END,
        is_demo=True,
    )
    nx, ks, tc = p.commune_a_unit, p.commune_b_unit, p.district_unit
    for unit, month, online, total, source in [
        (nx, D(2023, 5, 1), 30, 60, "entered"),
        (nx, D(2023, 6, 1), 10, 40, "imported"),
        (ks, D(2023, 5, 1), 10, 50, "entered"),
        (ham_giang, D(2023, 11, 1), 5, 50, "api"),
        (tc, D(2023, 5, 1), 60, 200, "entered"),
        (nx, D(2022, 5, 1), 10, 10, "entered"),
        (p.other_commune_unit, D(2023, 5, 1), 30, 50, "entered"),
    ]:
        work_record_submit(
            unit=unit, month=month, total=total, online=online, source=source, by=p.province
        )

    dt_2023 = TrainingEvent.objects.create(
        unit=tc, kind="course", title="Chuyển đổi số cơ bản", date=D(2023, 4, 10)
    )
    dt_2022 = TrainingEvent.objects.create(
        unit=tc, kind="course", title="Chuyển đổi số 2022", date=D(2022, 9, 1)
    )
    other = TrainingEvent.objects.create(
        unit=tc,
        kind="workshop",
        title="Nông nghiệp",
        date=D(2023, 5, 1),
        digital_transformation=False,
    )

    def officials(unit: AdministrativeUnit, *trainings: tuple[TrainingEvent, str] | None) -> None:
        for index, training in enumerate(trainings):
            official = Official.objects.create(
                unit=unit, full_name=f"{unit.code}-{index}", position="x"
            )
            if training is not None:
                TrainingParticipant.objects.create(
                    event=training[0], official=official, attendance=training[1]
                )

    attended = Attendance.ATTENDED
    officials(tc, (dt_2023, attended), None, None, (other, attended))
    officials(nx, (dt_2023, attended), (dt_2023, attended), None)
    gone = Official.objects.create(unit=nx, full_name="Đã nghỉ", position="x", active=False)
    TrainingParticipant.objects.create(event=dt_2023, official=gone, attendance=attended)
    officials(ks, (dt_2023, Attendance.ABSENT), (other, attended))
    officials(ham_giang, (dt_2023, attended), (dt_2022, attended), None)

    service = DigitalService.objects.create(code="dvc", name="Dịch vụ công", category="government")
    retired = DigitalService.objects.create(code="old", name="Cũ", category="society", active=False)
    ServiceOffering.objects.create(unit=tc, service=service, since=D(2023, 3, 1))
    ServiceOffering.objects.create(unit=nx, service=service, since=D(2023, 1, 1))
    ServiceOffering.objects.create(
        unit=ks, service=service, since=D(2023, 1, 1), until=D(2023, 6, 30)
    )
    ServiceOffering.objects.create(unit=ham_giang, service=retired, since=D(2023, 1, 1))

    CommunityTechTeam.objects.create(
        unit=p.hamlet_a_unit, name="Tổ Ấp Chợ", established=D(2023, 2, 1)
    )
    CommunityTechTeam.objects.create(
        unit=new_hamlet,
        name="Tổ Ấp Mới",
        established=D(2023, 2, 1),
        active=False,
        inactive_since=D(2023, 9, 1),
    )

    call_command("criteria_sets_import", str(DATA_DIR / "QD318-XA.yaml"), verbosity=0)
    commune_set = CriteriaSet.objects.get(code="QD318-XA")
    for unit, value in [(nx, "Đạt"), (ks, "Không đạt")]:
        indicator_value_submit(
            unit=unit,
            criteria_set=commune_set,
            year=2023,
            indicator_code="8.4",
            value=value,
            by=p.province,
        )

    # Records SmartRural handled: Ngãi Xuyên's dossier, registered in May and inspected by the
    # district in June (Vietnamese time: 31/05 18:00 UTC is 01/06 01:00).
    dossier = Dossier.objects.create(
        unit=nx,
        target_level="ntm",
        criteria_set=commune_set,
        year=2023,
        stage=Stage.INSPECTED,
        stage_entered_at=timezone.now(),
    )
    for to_stage, at in [
        (Stage.REGISTERED, dt.datetime(2023, 5, 10, 3, tzinfo=dt.UTC)),
        (Stage.INSPECTED, dt.datetime(2023, 5, 31, 18, tzinfo=dt.UTC)),
    ]:
        transition = DossierTransition.objects.create(dossier=dossier, to_stage=to_stage)
        DossierTransition.objects.filter(pk=transition.pk).update(at=at)
    return p
