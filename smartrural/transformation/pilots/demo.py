"""Demo smart pilots for Trà Vinh 2023, tied to each locality's strongest field.

- The default scoring sheets and smart-hamlet checklist (``data/defaults.yaml``).
- Two pilots selected by the province: Ngãi Xuyên (29479, Trà Cú) as a smart commune in
  production, with a plan from 01/04/2023 to 31/12/2024 and five milestones at various stages;
  the first demo hamlet of Kim Sơn (2948201) as a smart hamlet in digital transformation, with
  its plan. Hàm Giang was proposed for tourism and not selected; Đại An is still proposed.
  Every candidate is scored on the whole sheet.
- Smart-hamlet assessments for 2023 of the hamlets of Ngãi Xuyên and Kim Sơn: the Kim Sơn pilot
  hamlet and Ngãi Xuyên's first hamlet meet every item, the others miss one or more.

Needs the Trà Vinh units and demo hamlets (``smartrural.core.demo``). Deterministic (seeded) and
idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from smartrural.accounts.models import User
from smartrural.geo.models import AdministrativeUnit, Level

from ..models import (
    CandidateScore,
    CandidateStatus,
    HamletAssessment,
    OutstandingField,
    PilotCandidate,
    PilotKind,
    PilotMilestone,
    PilotPlan,
    ScoringCriterion,
    SmartHamletItem,
)
from .selectors import reference_date
from .services import load_defaults

SEED = 2023
YEAR = 2023
ON = reference_date(YEAR)
DECISION = "QĐ 567/QĐ-UBND ngày 15/03/2023"
NGAI_XUYEN, KIM_SON = "29479", "29482"
KIM_SON_PILOT_HAMLET = "2948201"
NGAI_XUYEN_SMART_HAMLET = "2947901"
ASSESSED_COMMUNES = (NGAI_XUYEN, KIM_SON)


@dataclass(frozen=True)
class DemoCandidate:
    code: str
    kind: str
    field: str
    status: str
    description: str
    share: tuple[float, float]  # the range of each score as a share of the criterion's maximum


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due: dt.date
    progress: int
    done_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class DemoPlan:
    goal: str
    start: dt.date
    end: dt.date
    milestones: tuple[DemoMilestone, ...]


D = dt.date
CANDIDATES = (
    DemoCandidate(
        NGAI_XUYEN,
        PilotKind.SMART_COMMUNE,
        OutstandingField.PRODUCTION,
        CandidateStatus.SELECTED,
        "Vùng chuyên canh lúa và rau màu, 2 hợp tác xã và 4 sản phẩm OCOP; 19/19 tiêu chí NTM. "
        "Xây dựng xã nông thôn mới thông minh dựa trên sản xuất nông nghiệp ứng dụng công nghệ số.",
        (0.8, 0.95),
    ),
    DemoCandidate(
        KIM_SON_PILOT_HAMLET,
        PilotKind.SMART_HAMLET,
        OutstandingField.DIGITAL_TRANSFORMATION,
        CandidateStatus.SELECTED,
        "Ấp có Tổ công nghệ số cộng đồng hoạt động tích cực, 85% hộ dùng điện thoại thông minh.",
        (0.8, 0.95),
    ),
    DemoCandidate(
        "29488",
        PilotKind.SMART_COMMUNE,
        OutstandingField.TOURISM,
        CandidateStatus.NOT_SELECTED,
        "Du lịch sinh thái ven sông và văn hóa Khmer; hạ tầng số còn hạn chế.",
        (0.45, 0.65),
    ),
    DemoCandidate(
        "29491",
        PilotKind.SMART_COMMUNE,
        OutstandingField.EDUCATION,
        CandidateStatus.PROPOSED,
        "Xã NTM nâng cao; trường học đạt chuẩn quốc gia, lớp học trực tuyến cho học sinh.",
        (0.6, 0.85),
    ),
)

PLANS = {
    NGAI_XUYEN: DemoPlan(
        "Xây dựng xã Ngãi Xuyên thành xã NTM thông minh trong lĩnh vực sản xuất: truy xuất "
        "nguồn gốc nông sản, đưa sản phẩm OCOP lên sàn thương mại điện tử, quan trắc độ mặn "
        "phục vụ sản xuất và nâng cao kỹ năng số cho hợp tác xã.",
        D(2023, 4, 1),
        D(2024, 12, 31),
        (
            DemoMilestone(
                "Khảo sát hiện trạng, xây dựng đề án xã NTM thông minh lĩnh vực sản xuất",
                D(2023, 6, 30),
                100,
                D(2023, 6, 26),
                "Đề án được UBND huyện thông qua.",
            ),
            DemoMilestone(
                "Cấp mã số vùng trồng và mã QR truy xuất nguồn gốc cho lúa, rau màu",
                D(2023, 12, 31),
                100,
                D(2023, 12, 20),
            ),
            DemoMilestone(
                "Đưa 4 sản phẩm OCOP của xã lên sàn thương mại điện tử",
                D(2024, 6, 30),
                75,
                note="3/4 sản phẩm đã có gian hàng.",
            ),
            DemoMilestone(
                "Lắp đặt trạm quan trắc thời tiết, độ mặn phục vụ sản xuất",
                D(2024, 9, 30),
                50,
                note="Chờ bố trí kinh phí đối ứng.",
            ),
            DemoMilestone(
                "Tập huấn kỹ năng số cho tổ hợp tác, hợp tác xã",
                D(2024, 12, 31),
                30,
            ),
        ),
    ),
    KIM_SON_PILOT_HAMLET: DemoPlan(
        "Ấp thông minh: hạ tầng số đến từng hộ, Wi-Fi công cộng, kênh Zalo của ấp để thông tin "
        "và tiếp nhận phản ánh, người dân dùng thành thạo dịch vụ công trực tuyến.",
        D(2023, 5, 1),
        D(2024, 6, 30),
        (
            DemoMilestone(
                "Kéo cáp quang đến các hộ gia đình trong ấp", D(2023, 8, 31), 100, D(2023, 8, 28)
            ),
            DemoMilestone(
                "Lắp Wi-Fi miễn phí tại nhà văn hóa ấp", D(2023, 9, 30), 100, D(2023, 9, 15)
            ),
            DemoMilestone(
                "Lập nhóm Zalo của ấp và kiện toàn Tổ công nghệ số cộng đồng",
                D(2023, 10, 31),
                100,
                D(2023, 10, 20),
            ),
            DemoMilestone(
                "Hướng dẫn các hộ cài đặt VNeID và thanh toán không dùng tiền mặt",
                D(2024, 6, 30),
                80,
                note="412/515 hộ.",
            ),
        ),
    ),
}

MISSING_COMMENTS = (
    "Chưa đạt: đang triển khai.",
    "Chưa đạt: chờ bố trí kinh phí.",
    "Chưa đạt: mới đạt một phần.",
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _units(codes: list[str]) -> dict[str, AdministrativeUnit]:
    found = AdministrativeUnit.objects.valid_on(ON).filter(code__in=codes)
    units = {u.code: u for u in found.select_related("parent__parent")}
    missing = sorted(set(codes) - set(units))
    if missing:
        raise RuntimeError(
            f"Units {', '.join(missing)} are missing on {ON:%d/%m/%Y}: load the Trà Vinh units "
            "and demo hamlets first (smartrural.core.demo)."
        )
    return units


def _candidates(office: User | None) -> None:
    units = _units([c.code for c in CANDIDATES])
    criteria = list(ScoringCriterion.objects.filter(active=True))
    for spec in CANDIDATES:
        unit = units[spec.code]
        if PilotCandidate.objects.filter(unit=unit, kind=spec.kind, year=YEAR).exists():
            continue
        commune = unit if unit.level == Level.COMMUNE else unit.parent
        assert commune is not None and commune.parent is not None
        proposer = _user(f"xa-{commune.code}") or _user(f"huyen-{commune.parent.code}") or office
        candidate = PilotCandidate(
            unit=unit,
            kind=spec.kind,
            year=YEAR,
            field=spec.field,
            description=spec.description,
            proposed_by=proposer,
        )
        candidate._history_user = proposer  # type: ignore[attr-defined]
        candidate.save()
        rng = random.Random(f"{SEED}-{spec.code}-{spec.kind}")
        low, high = spec.share
        scores = [
            CandidateScore(
                candidate=candidate,
                criterion=c,
                score=min(c.max_score, round(c.max_score * rng.uniform(low, high))),
                scored_by=office,
            )
            for c in criteria
            if c.kind == spec.kind
        ]
        bulk_create_with_history(scores, CandidateScore, default_user=office)
        if spec.status != CandidateStatus.PROPOSED:
            candidate.status = spec.status
            candidate.decision = DECISION
            candidate._history_user = office  # type: ignore[attr-defined]
            candidate.save()
        plan_spec = PLANS.get(spec.code)
        if plan_spec is not None and spec.status == CandidateStatus.SELECTED:
            _plan(candidate, plan_spec, proposer)


def _plan(candidate: PilotCandidate, spec: DemoPlan, by: User | None) -> None:
    plan = PilotPlan(candidate=candidate, goal=spec.goal, start=spec.start, end=spec.end)
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    milestones = [
        PilotMilestone(
            plan=plan,
            title=m.title,
            due=m.due,
            progress=m.progress,
            done_on=m.done_on,
            note=m.note,
        )
        for m in spec.milestones
    ]
    bulk_create_with_history(milestones, PilotMilestone, default_user=by)


def _assessments() -> None:
    items = list(SmartHamletItem.objects.filter(active=True))
    if not items:
        return
    hamlets = list(
        AdministrativeUnit.objects.valid_on(ON)
        .filter(level=Level.HAMLET, parent__code__in=ASSESSED_COMMUNES, parent__level=Level.COMMUNE)
        .order_by("code")
    )
    done = set(
        HamletAssessment.objects.filter(year=YEAR, hamlet__in=hamlets).values_list(
            "hamlet_id", "item_id"
        )
    )
    smart = {KIM_SON_PILOT_HAMLET, NGAI_XUYEN_SMART_HAMLET}
    officers = {code: _user(f"xa-{code}") for code in ASSESSED_COMMUNES}
    rows: list[HamletAssessment] = []
    for hamlet in hamlets:
        rng = random.Random(f"{SEED}-{hamlet.code}")
        met = [hamlet.code in smart or rng.random() < 0.7 for _item in items]
        if hamlet.code not in smart and all(met):
            met[rng.randrange(len(items))] = False  # only the chosen hamlets meet everything
        officer = officers.get(hamlet.code[:5])
        for item, ok in zip(items, met, strict=True):
            if (hamlet.pk, item.pk) in done:
                continue
            row = HamletAssessment(
                hamlet=hamlet,
                item=item,
                year=YEAR,
                met=ok,
                comment="" if ok else rng.choice(MISSING_COMMENTS),
                assessed_by=officer,
            )
            row._history_user = officer  # type: ignore[attr-defined]
            rows.append(row)
    bulk_create_with_history(rows, HamletAssessment, batch_size=500)


@transaction.atomic
def load_demo() -> None:
    """Load the demo pilots and assessments (idempotent, deterministic)."""
    load_defaults()
    office = _user("vpdp")
    _candidates(office)
    _assessments()
