"""Demo community technology teams of Trà Vinh (2023).

About 60% of the demo hamlets of 2023 get a team of their own (every demo commune, Ngãi Xuyên,
Kim Sơn and Hàm Giang, has at least one), a few of them inactive; each team has 3–6 members and
activities through 2023 with the households it helped. Deterministic (one seeded generator per
hamlet) and idempotent (a hamlet that already has its demo team is left alone). Needs the demo
hamlets (``smartrural.core.demo``) first.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from smartrural.geo.models import AdministrativeUnit, Level
from smartrural.transformation.models import (
    ActivityKind,
    CommunityTechTeam,
    TeamActivity,
    TeamMember,
)

SEED = 2023
ON = dt.date(2023, 7, 1)
PROVINCE = "84"
SHARE_WITH_TEAM = 0.6
INACTIVE_SINCE = dt.date(2023, 6, 1)
SHARE_INACTIVE = 0.06
DEMO_COMMUNES = ("29479", "29482", "29488")  # Ngãi Xuyên, Kim Sơn, Hàm Giang (Trà Cú)
FIRST_FOUNDED, LAST_FOUNDED = dt.date(2022, 1, 10), dt.date(2023, 3, 31)
YEAR_START, YEAR_END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)

FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Thạch", "Kim", "Sơn", "Dương")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Thị Mỹ", "Quốc")
GIVEN_NAMES = (
    "An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hòa", "Hùng", "Lan", "Linh", "Long", "Mai",
    "Nam", "Phúc", "Sang", "Sóc", "Tâm", "Thảo", "Thành", "Trí", "Tuấn", "Vy", "Xuân", "Yến",
)  # fmt: skip
ROLES = ("Tổ trưởng", "Tổ phó")
MEMBER_ROLE = "Thành viên"
# What the teams helped with in 2023, weighted: the VNeID campaign first, then payments.
KINDS = (
    (ActivityKind.NATIONAL_ID_APP, 5),
    (ActivityKind.ONLINE_PUBLIC_SERVICES, 3),
    (ActivityKind.CASHLESS_PAYMENT, 3),
    (ActivityKind.ECOMMERCE_LISTING, 1),
    (ActivityKind.DIGITAL_SKILLS, 2),
    (ActivityKind.OTHER, 1),
)
NOTES = {
    ActivityKind.NATIONAL_ID_APP: "Hướng dẫn cài đặt, kích hoạt tài khoản định danh điện tử mức 2",
    ActivityKind.ONLINE_PUBLIC_SERVICES: "Hướng dẫn nộp hồ sơ trên Cổng dịch vụ công",
    ActivityKind.CASHLESS_PAYMENT: "Hướng dẫn thanh toán tiền điện, nước qua ứng dụng",
    ActivityKind.ECOMMERCE_LISTING: "Hỗ trợ đưa nông sản lên sàn Postmart",
    ActivityKind.DIGITAL_SKILLS: "Phổ cập kỹ năng số cơ bản tại nhà văn hóa ấp",
    ActivityKind.OTHER: "Hỗ trợ sử dụng mạng xã hội để nhận thông tin của xã",
}


def team_name(hamlet: AdministrativeUnit) -> str:
    return f"Tổ công nghệ số cộng đồng {hamlet.name}"


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _demo_hamlets() -> list[AdministrativeUnit]:
    province = AdministrativeUnit.objects.valid_on(ON).filter(code=PROVINCE).first()
    if province is None:
        return []
    return list(
        AdministrativeUnit.objects.valid_on(ON)
        .under(province.path)
        .filter(level=Level.HAMLET, is_demo=True)
        .select_related("parent")
        .order_by("code")
    )


def _chosen(hamlets: list[AdministrativeUnit]) -> list[AdministrativeUnit]:
    """The hamlets that get a team: each with its own draw, plus the first hamlet of every demo
    commune."""
    forced: dict[str, str] = {}
    for hamlet in hamlets:
        commune = hamlet.parent.code if hamlet.parent else ""
        if commune in DEMO_COMMUNES:
            forced.setdefault(commune, hamlet.code)
    keep = set(forced.values())
    return [
        h
        for h in hamlets
        if h.code in keep or random.Random(f"{SEED}-team-{h.code}").random() < SHARE_WITH_TEAM
    ]


def _members(team: CommunityTechTeam, rng: random.Random) -> list[TeamMember]:
    members = []
    for number in range(rng.randint(3, 6)):
        name = " ".join(
            (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES))
        )
        members.append(
            TeamMember(
                team=team,
                full_name=name,
                role=ROLES[number] if number < len(ROLES) else MEMBER_ROLE,
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                active=number == 0 or rng.random() > 0.05,
            )
        )
    return members


def _activities(team: CommunityTechTeam, rng: random.Random) -> list[TeamActivity]:
    start = max(team.established, YEAR_START)
    # An inactive team stopped during the spring; the others worked all year.
    end = max(start, dt.date(2023, rng.randint(3, 5), 28)) if not team.active else YEAR_END
    count = rng.randint(1, 3) if not team.active else rng.randint(5, 12)
    kinds = [kind for kind, _weight in KINDS]
    weights = [weight for _kind, weight in KINDS]
    activities = []
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        activities.append(
            TeamActivity(
                team=team,
                date=_day(rng, start, end),
                kind=kind,
                households=rng.randint(4, 45),
                note=NOTES[kind] if rng.random() < 0.7 else "",
            )
        )
    return activities


@transaction.atomic
def load_demo() -> None:
    """Teams, members and 2023 activities for the demo hamlets of Trà Vinh (idempotent)."""
    hamlets = _chosen(_demo_hamlets())
    # A hamlet with a team keeps it, even when the team or the hamlet was renamed since.
    existing = set(
        CommunityTechTeam.objects.filter(unit__in=hamlets).values_list("unit_id", flat=True)
    )
    new: list[tuple[CommunityTechTeam, random.Random]] = []
    for hamlet in hamlets:
        if hamlet.pk in existing:
            continue
        rng = random.Random(f"{SEED}-team-detail-{hamlet.code}")
        established = _day(rng, FIRST_FOUNDED, LAST_FOUNDED)
        active = rng.random() >= SHARE_INACTIVE
        team = CommunityTechTeam(
            unit=hamlet,
            name=team_name(hamlet),
            established=established,
            active=active,
            # an inactive team stopped working in the spring of 2023 (see ``_activities``)
            inactive_since=None if active else max(established, INACTIVE_SINCE),
        )
        new.append((team, rng))
    if not new:
        return
    bulk_create_with_history([team for team, _rng in new], CommunityTechTeam)
    # Read back with their ids (bulk inserts do not return them on every database).
    stored_teams = CommunityTechTeam.objects.filter(
        unit__in=[team.unit_id for team, _rng in new], name__in={team.name for team, _rng in new}
    )
    saved = {(t.unit_id, t.name): t for t in stored_teams}
    members: list[TeamMember] = []
    activities: list[TeamActivity] = []
    for team, rng in new:
        stored = saved[(team.unit_id, team.name)]
        members.extend(_members(stored, rng))
        activities.extend(_activities(stored, rng))
    bulk_create_with_history(members, TeamMember)
    bulk_create_with_history(activities, TeamActivity)
