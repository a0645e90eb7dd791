"""Demo officials and trainings of Trà Vinh in 2023.

- Officials: the province (84) 12, each of the 9 district-level units 8, each of the 106
  commune-level units 5, with Vietnamese (Kinh and Khmer) names and the programme's positions;
  2 district and 9 commune officials have left (inactive).
- 12 events in 2023 organised by the province, districts and communes: mostly digital
  transformation (DT), two not DT, some online, two with residents counted.
- Attendance such that, by the KPI's rule (active, attended a DT event dated in 2023), the
  province reaches 6/12 = 50% (target 35%: met), the district level 26/70 ≈ 37% with Cầu Kè,
  Cầu Ngang and huyện Duyên Hải at 25% (below target), and the commune level 128/521 ≈ 25%
  (target not met).

Deterministic (seeded) and idempotent: officials are keyed by (unit, identifier), events by
(unit, title, date) and participants by (event, official); a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from smartrural.geo.models import AdministrativeUnit, Kind, Level

from ..models import (
    Attendance,
    Official,
    TrainingEvent,
    TrainingFormat,
    TrainingKind,
    TrainingParticipant,
)

SEED = 2023
ON = dt.date(2023, 6, 1)
PROVINCE = "84"
D = dt.date

PROVINCE_POSITIONS = (
    "Chánh Văn phòng Điều phối NTM tỉnh",
    "Phó Chánh Văn phòng Điều phối NTM tỉnh",
    "Phó Chánh Văn phòng Điều phối NTM tỉnh",
    "Cán bộ Văn phòng Điều phối NTM tỉnh",
    "Cán bộ Văn phòng Điều phối NTM tỉnh",
    "Cán bộ Văn phòng Điều phối NTM tỉnh",
    "Cán bộ Văn phòng Điều phối NTM tỉnh",
    "Chuyên viên Sở Nông nghiệp và Phát triển nông thôn",
    "Chuyên viên Sở Nông nghiệp và Phát triển nông thôn",
    "Chuyên viên Sở Thông tin và Truyền thông",
    "Chuyên viên Sở Kế hoạch và Đầu tư",
    "Chuyên viên Sở Tài chính",
)
DISTRICT_POSITIONS = (
    "Phó Chủ tịch UBND {level}",
    "Chánh Văn phòng Điều phối NTM {level}",
    "Phó Chánh Văn phòng Điều phối NTM {level}",
    "Cán bộ Văn phòng Điều phối NTM {level}",
    "Cán bộ Văn phòng Điều phối NTM {level}",
    "Chuyên viên Phòng Nông nghiệp và PTNT {level}",
    "Chuyên viên Phòng Văn hóa và Thông tin {level}",
    "Chuyên viên Phòng Tài chính – Kế hoạch {level}",
)
COMMUNE_POSITIONS = (
    "Phó Chủ tịch UBND {level}",
    "Công chức Văn phòng – Thống kê",
    "Công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường",
    "Công chức Tài chính – Kế toán",
    "Cán bộ phụ trách NTM {level}",
)
LEVEL_WORD: dict[str, str] = {
    Kind.RURAL_DISTRICT: "huyện",
    Kind.TOWN: "thị xã",
    Kind.PROVINCIAL_CITY: "thành phố",
    Kind.COMMUNE: "xã",
    Kind.WARD: "phường",
    Kind.TOWNSHIP: "thị trấn",
}

SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Phan", "Trương", "Châu", "Lâm",
)  # fmt: skip
KHMER_SURNAMES = ("Thạch", "Kim", "Sơn", "Danh", "Lâm", "Thạch")
MALE_MIDDLE = ("Văn", "Minh", "Hoàng", "Quốc", "Thanh", "Hữu", "Công", "Đức")
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Phong", "Hải", "Long", "Nam", "Khang", "Phúc", "Tài", "Trí",
    "Bình", "Hiếu", "Lộc", "Thành", "Nghĩa", "Toàn", "Tâm", "Vũ", "Khoa",
)  # fmt: skip
FEMALE_GIVEN = (
    "Lan", "Hương", "Mai", "Trang", "Thảo", "Ngân", "Hạnh", "Nhung", "Phượng", "Yến",
    "Diễm", "Trinh", "Loan", "Thủy", "Tuyết", "Hằng",
)  # fmt: skip
KHMER_GIVEN = ("Sô Phanh", "Sa Rát", "Chanh Thu", "Sóc Kha", "Ra Ni", "Sà Rươne", "Sơ Rây", "Mách")

# Trained district-level officials per district (of 8; 844 and 849 have one inactive).
DISTRICT_TRAINED = {
    "842": 4,
    "844": 3,
    "845": 2,
    "846": 3,
    "847": 3,
    "848": 2,
    "849": 3,
    "850": 2,
    "851": 4,
}
INACTIVE_DISTRICT = ("844", "849")
# How many of a commune's 5 officials were trained: 24 communes 0, 46 one, 26 two, 10 three.
COMMUNE_TRAINED = [0] * 24 + [1] * 46 + [2] * 26 + [3] * 10
PROVINCE_TRAINED = 6


@dataclass(frozen=True)
class EventSpec:
    key: str
    unit: str
    kind: str
    title: str
    date: dt.date
    end_date: dt.date | None = None
    digital: bool = True
    format: str = TrainingFormat.IN_PERSON
    place: str = ""
    organiser: str = ""
    topic: str = ""
    residents: int = 0


EVENTS = (
    EventSpec(
        "launch",
        "84",
        TrainingKind.CONFERENCE,
        "Hội nghị triển khai Kế hoạch chuyển đổi số trong xây dựng nông thôn mới năm 2023",
        D(2023, 3, 15),
        place="Hội trường UBND tỉnh Trà Vinh",
        organiser="Văn phòng Điều phối NTM tỉnh",
        topic="Kế hoạch chuyển đổi số trong Chương trình MTQG xây dựng NTM",
    ),
    EventSpec(
        "district-course",
        "84",
        TrainingKind.COURSE,
        "Tập huấn kỹ năng số cho cán bộ làm công tác nông thôn mới cấp huyện",
        D(2023, 4, 18),
        D(2023, 4, 20),
        format=TrainingFormat.MIXED,
        place="Trung tâm Công nghệ thông tin và Truyền thông tỉnh",
        organiser="Sở Thông tin và Truyền thông; Văn phòng Điều phối NTM tỉnh",
        topic="Chữ ký số, phần mềm quản lý văn bản, dịch vụ công trực tuyến",
    ),
    EventSpec(
        "smart-commune",
        "84",
        TrainingKind.WORKSHOP,
        "Hội thảo xây dựng mô hình xã nông thôn mới thông minh",
        D(2023, 8, 22),
        place="Hội trường Sở Nông nghiệp và PTNT",
        organiser="Văn phòng Điều phối NTM tỉnh",
        topic="Tiêu chí xã thông minh, kinh nghiệm các tỉnh",
    ),
    EventSpec(
        "mid-year",
        "84",
        TrainingKind.CONFERENCE,
        "Hội nghị sơ kết 6 tháng đầu năm Chương trình MTQG xây dựng nông thôn mới",
        D(2023, 7, 12),
        digital=False,
        place="Hội trường UBND tỉnh Trà Vinh",
        organiser="Ban Chỉ đạo các Chương trình MTQG tỉnh",
    ),
    EventSpec(
        "commune-online",
        "84",
        TrainingKind.COURSE,
        "Tập huấn trực tuyến chuyển đổi số cho cán bộ cấp xã",
        D(2023, 10, 10),
        D(2023, 10, 11),
        format=TrainingFormat.ONLINE,
        place="Trực tuyến đến điểm cầu các xã",
        organiser="Văn phòng Điều phối NTM tỉnh",
        topic="Ứng dụng số trong quản lý hồ sơ NTM và tuyên truyền",
    ),
    EventSpec(
        "tra-cu",
        "849",
        TrainingKind.COURSE,
        "Tập huấn ứng dụng công nghệ thông tin trong quản lý hồ sơ nông thôn mới cấp xã",
        D(2023, 6, 6),
        place="Hội trường UBND huyện Trà Cú",
        organiser="Văn phòng Điều phối NTM huyện Trà Cú",
    ),
    EventSpec(
        "cang-long",
        "844",
        TrainingKind.COURSE,
        "Tập huấn chuyển đổi số cho cán bộ xã, thị trấn",
        D(2023, 6, 13),
        place="Trung tâm Văn hóa – Thể thao huyện Càng Long",
        organiser="Văn phòng Điều phối NTM huyện Càng Long",
    ),
    EventSpec(
        "chau-thanh",
        "847",
        TrainingKind.COURSE,
        "Tập huấn sử dụng dịch vụ công trực tuyến và chữ ký số",
        D(2023, 7, 20),
        format=TrainingFormat.ONLINE,
        place="Trực tuyến",
        organiser="Phòng Văn hóa và Thông tin huyện Châu Thành",
    ),
    EventSpec(
        "cau-ngang",
        "848",
        TrainingKind.CONFERENCE,
        "Hội nghị chuyển đổi số trong xây dựng nông thôn mới huyện Cầu Ngang",
        D(2023, 9, 5),
        format=TrainingFormat.MIXED,
        place="Hội trường UBND huyện Cầu Ngang",
        organiser="UBND huyện Cầu Ngang",
        residents=40,
    ),
    EventSpec(
        "tieu-can-accounting",
        "846",
        TrainingKind.COURSE,
        "Tập huấn nghiệp vụ kế toán ngân sách xã",
        D(2023, 5, 14),
        digital=False,
        place="Hội trường UBND huyện Tiểu Cần",
        organiser="Phòng Tài chính – Kế hoạch huyện Tiểu Cần",
    ),
    EventSpec(
        "ngai-xuyen-residents",
        "29479",
        TrainingKind.WORKSHOP,
        "Tập huấn kỹ năng số cho người dân và tổ công nghệ số cộng đồng",
        D(2023, 11, 18),
        place="Nhà văn hóa ấp Chợ",
        organiser="UBND xã Ngãi Xuyên",
        topic="Cài đặt VNeID, dịch vụ công trực tuyến, thanh toán không dùng tiền mặt",
        residents=85,
    ),
    EventSpec(
        "my-cam-cashless",
        "29269",
        TrainingKind.CONFERENCE,
        "Hội nghị tuyên truyền thanh toán không dùng tiền mặt ở nông thôn",
        D(2023, 11, 25),
        place="Hội trường UBND xã Mỹ Cẩm",
        organiser="UBND xã Mỹ Cẩm",
        residents=120,
    ),
)
# District events that train the officials of their communes; communes of other districts are
# trained online by the province.
DISTRICT_EVENT = {"849": "tra-cu", "844": "cang-long", "847": "chau-thanh", "848": "cau-ngang"}
COMMUNE_EVENT = {"29479": "ngai-xuyen-residents", "29269": "my-cam-cashless"}


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.15:
            surname = rng.choice(KHMER_SURNAMES)
            name = f"{surname} {'Thị ' if rng.random() < 0.4 else ''}{rng.choice(KHMER_GIVEN)}"
        elif rng.random() < 0.5:
            name = f"{rng.choice(SURNAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
        else:
            name = f"{rng.choice(SURNAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
        if name not in taken:
            taken.add(name)
            return name


def _positions(unit: AdministrativeUnit) -> tuple[str, ...]:
    if unit.level == Level.PROVINCE:
        return PROVINCE_POSITIONS
    template = DISTRICT_POSITIONS if unit.level == Level.DISTRICT else COMMUNE_POSITIONS
    word = LEVEL_WORD.get(unit.kind, "xã")
    return tuple(p.format(level=word) for p in template)


def _identifier(unit: AdministrativeUnit, n: int) -> str:
    return f"TV-{unit.code}-{n:02d}"


def _leaves(unit: AdministrativeUnit, commune_index: int) -> bool:
    """Whether the unit's last official has left: two districts and every 12th commune."""
    if unit.level == Level.DISTRICT:
        return unit.code in INACTIVE_DISTRICT
    return unit.level == Level.COMMUNE and commune_index % 12 == 5


def _planned_officials(units: Iterable[AdministrativeUnit], rng: random.Random) -> list[Official]:
    planned: list[Official] = []
    communes = 0
    for unit in units:
        taken: set[str] = set()
        positions = _positions(unit)
        leaves = _leaves(unit, communes)
        communes += unit.level == Level.COMMUNE
        for n, position in enumerate(positions, start=1):
            planned.append(
                Official(
                    unit=unit,
                    full_name=_name(rng, taken),
                    position=position,
                    identifier=_identifier(unit, n),
                    active=not (leaves and n == len(positions)),
                )
            )
    return planned


def _officials(units: list[AdministrativeUnit], rng: random.Random) -> dict[int, list[Official]]:
    """Every demo official by unit id (created when missing), in position order."""
    planned = _planned_officials(units, rng)
    existing = {
        (o.unit_id, o.identifier): o
        for o in Official.objects.filter(unit__in=units, identifier__startswith="TV-")
    }
    missing = [o for o in planned if (o.unit.pk, o.identifier) not in existing]
    if missing:
        bulk_create_with_history(missing, Official, batch_size=500)
        existing.update(
            {
                (o.unit_id, o.identifier): o
                for o in Official.objects.filter(unit__in=units, identifier__startswith="TV-")
            }
        )
    by_unit: dict[int, list[Official]] = {u.pk: [] for u in units}
    for o in planned:
        by_unit[o.unit.pk].append(existing[(o.unit.pk, o.identifier)])
    return by_unit


def _events(units_by_code: dict[str, AdministrativeUnit]) -> dict[str, TrainingEvent]:
    events: dict[str, TrainingEvent] = {}
    for spec in EVENTS:
        unit = units_by_code[spec.unit]
        event = TrainingEvent.objects.filter(unit=unit, title=spec.title, date=spec.date).first()
        if event is None:
            event = TrainingEvent.objects.create(
                unit=unit,
                kind=spec.kind,
                title=spec.title,
                topic=spec.topic,
                digital_transformation=spec.digital,
                date=spec.date,
                end_date=spec.end_date,
                place=spec.place,
                organiser=spec.organiser,
                format=spec.format,
                residents=spec.residents,
            )
        events[spec.key] = event
    return events


class _Plan:
    """Participant rows to store, one per (event, official)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, int], TrainingParticipant] = {}

    def add(self, event: TrainingEvent, official: Official, attendance: str) -> None:
        self.rows.setdefault(
            (event.pk, official.pk),
            TrainingParticipant(event=event, official=official, attendance=attendance),
        )


def _split(
    officials: list[Official], trained: int, rng: random.Random
) -> tuple[list[Official], list[Official]]:
    """(trained, others): ``trained`` active officials chosen at random, the rest."""
    active = [o for o in officials if o.active]
    chosen = {o.pk for o in rng.sample(active, min(trained, len(active)))}
    return [o for o in officials if o.pk in chosen], [o for o in officials if o.pk not in chosen]


def _province(
    plan: _Plan, events: dict[str, TrainingEvent], staff: list[Official], rng: random.Random
) -> None:
    trained, others = _split(staff, PROVINCE_TRAINED, rng)
    for n, official in enumerate(trained):
        plan.add(events["launch" if n < 4 else "smart-commune"], official, Attendance.ATTENDED)
    plan.add(events["smart-commune"], trained[0], Attendance.ATTENDED)
    for official in others[:3]:
        plan.add(events["launch"], official, Attendance.ABSENT)
    for official in staff:
        plan.add(events["mid-year"], official, Attendance.ATTENDED)


def _district(
    plan: _Plan,
    events: dict[str, TrainingEvent],
    code: str,
    staff: list[Official],
    rng: random.Random,
) -> None:
    trained, others = _split(staff, DISTRICT_TRAINED.get(code, 3), rng)
    for n, official in enumerate(trained):
        plan.add(events["district-course" if n else "launch"], official, Attendance.ATTENDED)
    for official in others:
        if not official.active:
            # Left the programme after the course: attended, but no longer counted.
            plan.add(events["district-course"], official, Attendance.ATTENDED)
        elif rng.random() < 0.5:
            plan.add(events["district-course"], official, Attendance.ABSENT)
    plan.add(events["mid-year"], staff[0], Attendance.ATTENDED)
    plan.add(events["mid-year"], staff[1], Attendance.ATTENDED)


def _commune(
    plan: _Plan,
    events: dict[str, TrainingEvent],
    unit: AdministrativeUnit,
    district_code: str,
    staff: list[Official],
    trained_n: int,
    rng: random.Random,
) -> None:
    trained, others = _split(staff, trained_n, rng)
    main = events[DISTRICT_EVENT.get(district_code, "commune-online")]
    for official in trained:
        plan.add(main, official, Attendance.ATTENDED)
    for official in others:
        if official.active and rng.random() < 0.3:
            plan.add(main, official, Attendance.ABSENT)
    own = COMMUNE_EVENT.get(unit.code)
    if own is not None:
        for official in staff:
            if official.active:
                plan.add(
                    events[own],
                    official,
                    Attendance.ATTENDED if official in trained else Attendance.ABSENT,
                )
    if district_code == "846":  # a training that is not about digital transformation
        plan.add(events["tieu-can-accounting"], staff[3], Attendance.ATTENDED)


@transaction.atomic
def load_demo() -> None:
    """Store the demo officials, events and attendance (idempotent; needs the 2023 units)."""
    rng = random.Random(SEED)
    units = list(
        AdministrativeUnit.objects.valid_on(ON)
        .filter(level__in=(Level.PROVINCE, Level.DISTRICT, Level.COMMUNE))
        .filter(path__startswith=_province_path())
        .select_related("parent")
        .order_by("path")
    )
    if not units:
        return
    by_unit = _officials(units, rng)
    units_by_code = {u.code: u for u in units}
    events = _events(units_by_code)
    plan = _Plan()
    communes = [u for u in units if u.level == Level.COMMUNE]
    trained_counts = list(COMMUNE_TRAINED)
    rng.shuffle(trained_counts)
    for unit in units:
        staff = by_unit[unit.pk]
        if unit.level == Level.PROVINCE:
            _province(plan, events, staff, rng)
        elif unit.level == Level.DISTRICT:
            _district(plan, events, unit.code, staff, rng)
    for n, unit in enumerate(communes):
        assert unit.parent is not None
        trained_n = trained_counts[n % len(trained_counts)]
        _commune(plan, events, unit, unit.parent.code, by_unit[unit.pk], trained_n, rng)
    stored = set(
        TrainingParticipant.objects.filter(event__in=events.values()).values_list(
            "event_id", "official_id"
        )
    )
    missing = [row for key, row in plan.rows.items() if key not in stored]
    if missing:
        bulk_create_with_history(missing, TrainingParticipant, batch_size=500)


def _province_path() -> str:
    province = AdministrativeUnit.objects.valid_on(ON).filter(code=PROVINCE).first()
    return province.path if province is not None else "-"
