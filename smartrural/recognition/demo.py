"""The demo province's NTM status, as the seed article describes Trà Vinh in 2023.

- 82 of 85 xã recognised NTM; Ngãi Xuyên, Kim Sơn and Hàm Giang (Trà Cú) meet all 19 criteria
  and their 2023 dossiers wait for the provincial decision (appraised);
- 27 xã recognised advanced; 12 more advanced dossiers being prepared or appraised;
- 6 of 9 district-level units recognised NTM (Tiểu Cần, Cầu Kè, Càng Long, Châu Thành, thị xã
  Duyên Hải, thành phố Trà Vinh); Cầu Ngang and huyện Duyên Hải meet 9/9 and wait for the
  central decision.

Indicator values for 2021–2023 are generated per unit so that they agree with those outcomes:
recognised units meet every criterion of their set; the others fail some. Each generated value
is checked with the evaluation engine, so the dashboard computes the figures above from the
stored data instead of having them typed in. Deterministic (fixed seed) and idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from smartrural.criteria.definition import (
    CHOICE,
    COUNT,
    PASS_FAIL,
    PERCENT,
    Indicator,
    SetDefinition,
    Threshold,
)
from smartrural.criteria.engine import UnitFacts, parse_value
from smartrural.criteria.models import CriteriaSet, IndicatorValue
from smartrural.criteria.setfile import definition_from_json
from smartrural.geo.models import AdministrativeUnit, Kind, Level

from .models import Dossier, DossierTransition, Recognition, Stage, TargetLevel

SEED = 2023
YEARS = (2021, 2022, 2023)
ON = dt.date(2023, 6, 1)
AWAITING_NTM = ("29479", "29482", "29488")  # Ngãi Xuyên, Kim Sơn, Hàm Giang
RECOGNISED_DISTRICTS = ("842", "844", "845", "846", "847", "851")
AWAITING_DISTRICTS = ("848", "850")  # Cầu Ngang, huyện Duyên Hải: 9/9, central decision
ADVANCED_RECOGNISED = 27
ADVANCED_IN_PROGRESS = 12
_PATH_TO_APPRAISAL = (Stage.SELF_ASSESSED, Stage.SUBMITTED, Stage.INSPECTED, Stage.APPRAISED)


def _definition(code: str) -> tuple[CriteriaSet, SetDefinition]:
    criteria_set = CriteriaSet.objects.get(code=code)
    version = criteria_set.versions.order_by("-number").first()
    assert version is not None, f"criteria set {code} has no version"
    return criteria_set, definition_from_json(version.definition)


def _step(threshold: Threshold) -> Decimal:
    value = threshold.value
    assert isinstance(value, Decimal)
    return max(abs(value) * Decimal("0.15"), Decimal(1))


def _raw_value(
    indicator: Indicator, threshold: Threshold | None, *, meet: bool, rng: random.Random
) -> str:
    """A plausible raw value that meets (or fails) the threshold."""
    kind = indicator.value_type
    if kind == PASS_FAIL:
        return "Đạt" if meet else "Không đạt"
    if kind == CHOICE:
        allowed = threshold.value if threshold is not None else indicator.choices
        allowed_set = set(allowed if isinstance(allowed, tuple) else (allowed,))
        options = [c for c in indicator.choices if (c in allowed_set) == meet]
        return rng.choice(options or list(indicator.choices))
    if threshold is None or not isinstance(threshold.value, Decimal):
        return str(rng.randint(1, 90))
    target = threshold.value
    up = indicator.comparator in (">=", ">")
    direction = 1 if up == meet else -1
    delta = _step(threshold) * Decimal(rng.uniform(0.1, 1.0))
    if indicator.comparator in (">", "<") or not meet:
        delta += Decimal("0.1")
    value = target + direction * delta
    if kind == PERCENT:
        value = min(max(value, Decimal(0)), Decimal(100))
    if kind == COUNT:
        value = value.to_integral_value()
        if not meet and value == target:
            value += direction
        value = max(value, Decimal(0))
    return format(value.quantize(Decimal("0.1")), "f")


def _values_for(
    definition: SetDefinition,
    unit: AdministrativeUnit,
    year: int,
    *,
    meet: bool,
    rng: random.Random,
) -> dict[str, str]:
    """Raw values for every indicator; when not ``meet``, one to three criteria fail."""
    facts = UnitFacts(kind=unit.kind, region=unit.region, commune_group=unit.commune_group)
    failing: set[int] = set()
    if not meet:
        numbers = [c.number for c in definition.criteria]
        failing = set(rng.sample(numbers, k=min(len(numbers), rng.randint(1, 3))))
    values: dict[str, str] = {}
    for criterion in definition.criteria:
        meets = criterion.number not in failing
        for indicator in criterion.indicators:
            if facts.is_ward and not indicator.applies_to_wards:
                continue
            threshold = indicator.threshold_for(
                region=facts.region, commune_group=facts.commune_group, year=year
            )
            # A failing criterion fails on all its indicators, whatever its rule (min_met).
            values[indicator.code] = _raw_value(indicator, threshold, meet=meets, rng=rng)
    return values


def _store(
    criteria_set: CriteriaSet,
    definition: SetDefinition,
    unit: AdministrativeUnit,
    year: int,
    raw: dict[str, str],
    rows: list[IndicatorValue],
) -> None:
    indicators = definition.indicators()
    for code, text in raw.items():
        parsed = parse_value(indicators[code], text)
        rows.append(
            IndicatorValue(
                unit=unit,
                criteria_set=criteria_set.root,
                year=year,
                indicator_code=code,
                value=parsed.text,
                number=parsed.number,
                comment="Số liệu trình diễn",
            )
        )


def _recognise(unit: AdministrativeUnit, level: str, year: int, number: int) -> None:
    Recognition.objects.get_or_create(
        unit=unit,
        level=level,
        year=year,
        defaults={
            "decision_number": f"{number}/QĐ-UBND",
            "decision_date": dt.date(year, 12, 15),
            "signer": "Chủ tịch UBND tỉnh Trà Vinh",
        },
    )


def _dossier(
    unit: AdministrativeUnit, level: str, criteria_set: CriteriaSet, stage: str, order: int
) -> None:
    """A 2023 dossier moved up to ``stage`` during 2023: registered in August (a day later
    for each ``order``), one step every three weeks, so its history reads as it happened."""
    path = (Stage.REGISTERED, *_PATH_TO_APPRAISAL)
    steps = path[: path.index(stage) + 1]
    start = dt.datetime(2023, 8, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=order)
    times = [start + dt.timedelta(weeks=3 * i) for i in range(len(steps))]
    dossier, created = Dossier.objects.get_or_create(
        unit=unit,
        target_level=level,
        year=2023,
        defaults={
            "criteria_set": criteria_set,
            "stage": stage,
            "stage_entered_at": times[-1],
            "satisfaction_rate": Decimal("96.5"),
        },
    )
    if created:
        previous = ""
        for step, at in zip(steps, times, strict=True):
            transition = DossierTransition.objects.create(
                dossier=dossier, from_stage=previous, to_stage=step
            )
            # ``at`` is set on creation (auto_now_add): date it when it happened
            DossierTransition.objects.filter(pk=transition.pk).update(at=at)
            previous = step


@transaction.atomic
def load_demo_status() -> None:
    """Values 2021–2023, recognitions and dossiers for the demo province (idempotent)."""
    if Recognition.objects.filter(unit__parent__parent__code="84").exists():
        return
    rng = random.Random(SEED)
    units = AdministrativeUnit.objects.valid_on(ON)
    communes = list(
        units.filter(level=Level.COMMUNE, kind=Kind.COMMUNE)
        .select_related("parent")
        .order_by("code")
    )
    districts = list(units.filter(level=Level.DISTRICT).order_by("code"))
    ntm_set, ntm = _definition("QD318-XA")
    adv_set, adv = _definition("QD318-XA-NC")
    district_set, district_def = _definition("QD320-HUYEN")
    recognised = [c for c in communes if c.code not in AWAITING_NTM]
    ranked = sorted(recognised, key=lambda c: rng.random())
    # Every district meeting its conditions has ≥ 10% advanced communes (QĐ 320): one advanced
    # commune in each first, then the rest at random.
    meeting = RECOGNISED_DISTRICTS + AWAITING_DISTRICTS
    firsts = {
        c.parent_id: c
        for c in reversed(ranked)
        if c.parent is not None and c.parent.code in meeting
    }
    ranked = list(firsts.values()) + [c for c in ranked if c not in firsts.values()]
    advanced = ranked[:ADVANCED_RECOGNISED]
    advanced_next = ranked[ADVANCED_RECOGNISED : ADVANCED_RECOGNISED + ADVANCED_IN_PROGRESS]
    rows: list[IndicatorValue] = []
    for commune in communes:
        for year in YEARS:
            # The three Trà Cú communes reach 19/19 only in 2023.
            meets = commune.code not in AWAITING_NTM or year == 2023
            raw = _values_for(ntm, commune, year, meet=meets, rng=rng)
            _store(ntm_set, ntm, commune, year, raw, rows)
        if commune in advanced or commune in advanced_next:
            raw = _values_for(adv, commune, 2023, meet=True, rng=rng)
            _store(adv_set, adv, commune, 2023, raw, rows)
    for district in districts:
        meets = district.code in RECOGNISED_DISTRICTS + AWAITING_DISTRICTS
        raw = _values_for(district_def, district, 2023, meet=meets, rng=rng)
        _store(district_set, district_def, district, 2023, raw, rows)
    IndicatorValue.objects.bulk_create(rows, ignore_conflicts=True)

    decision = 100
    for commune in recognised:
        decision += 1
        _recognise(commune, TargetLevel.NTM, rng.choice((2014, 2016, 2018, 2019, 2020)), decision)
    for commune in advanced:
        decision += 1
        _recognise(commune, TargetLevel.ADVANCED, rng.choice(YEARS), decision)
    for district in districts:
        if district.code in RECOGNISED_DISTRICTS:
            decision += 1
            _recognise(
                district, TargetLevel.DISTRICT_NTM, rng.choice((2019, 2020, 2021, 2022)), decision
            )
    awaiting = [c for c in communes if c.code in AWAITING_NTM]
    for i, commune in enumerate(awaiting):
        _dossier(commune, TargetLevel.NTM, ntm_set, Stage.APPRAISED, i)
    for i, commune in enumerate(advanced_next):
        _dossier(commune, TargetLevel.ADVANCED, adv_set, _PATH_TO_APPRAISAL[i % 4], i)
    for i, district in enumerate(d for d in districts if d.code in AWAITING_DISTRICTS):
        _dossier(district, TargetLevel.DISTRICT_NTM, district_set, Stage.APPRAISED, i)
